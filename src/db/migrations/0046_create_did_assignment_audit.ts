import { type Kysely, sql } from 'kysely';

// A forced move of a DID back from a sub-account (vobiz-sdk-surface.md §6
// unassignDidFromSubaccount, force=true) skips the 15-day cool-off; the operator's override is
// kept on record: which number, from which sub-account, and the last call it overrode.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table did_assignment_audit (
      id bigint generated always as identity primary key,
      phone_number_id uuid not null references phone_numbers (id),
      account_id bigint not null references accounts (id),
      sub_account_id bigint not null references sub_accounts (id),
      action text not null,
      last_call_at timestamptz,
      created_at timestamptz not null,
      constraint did_assignment_audit_action_known check (action in ('forced_unassign'))
    )`.execute(db);
  await sql`
    create index did_assignment_audit_number on did_assignment_audit (phone_number_id, id desc)`
    .execute(db);
}
