import { type Kysely, sql } from 'kysely';

// SIP trunks, their credentials, IP ACL entries and origination URIs created with a
// sub-account's SA_ credentials belong to that sub-account (vobiz-sdk-surface.md 2: SA_
// credentials work on the Customer API for their own resources). sub_account_id null: the
// account's own. The parent sees all of them; a sub-account only its own. Deleting a
// sub-account hands its resources back to the parent (sub_account_id set to null).
const TABLES = ['trunks', 'sip_credentials', 'ip_acls', 'origination_uris'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const table of TABLES) {
    await sql`
      alter table ${sql.table(table)}
        add column sub_account_id bigint references sub_accounts (id)`.execute(db);
    await sql`
      create index ${sql.id(`${table}_sub_account`)} on ${sql.table(table)} (sub_account_id)
        where sub_account_id is not null`.execute(db);
  }
}
