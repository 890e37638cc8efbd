import { type Kysely, sql } from 'kysely';

// Hosted KYC for sub-accounts (POST /sub-accounts/{id}/kyc-sessions): a session names its
// sub-account beside the parent account (account_id stays the parent: the partner's views and
// mail keep working). "One active session" now holds per KYC subject: the parent itself, or
// each of its sub-accounts. Sub-account sessions report two more events (kyc.initiated,
// kyc.submitted), and their X-Vobiz-Signature is keyed with the parent's auth token, so an
// event names the account whose token signs it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table kyc_sessions add column sub_account_id bigint references sub_accounts (id)`
    .execute(db);
  await sql`drop index kyc_sessions_one_active_per_account`.execute(db);
  await sql`
    create unique index kyc_sessions_one_active_per_subject
    on kyc_sessions (account_id, coalesce(sub_account_id, 0))
    where status in ('email_sent', 'link_ready', 'opened', 'in_progress')`.execute(db);

  await sql`alter table webhook_events drop constraint webhook_events_type_known`.execute(db);
  await sql`
    alter table webhook_events add constraint webhook_events_type_known check (type in (
      'kyc.completed', 'kyc.failed', 'kyc.session_revoked', 'kyc.session_expired',
      'kyc.initiated', 'kyc.submitted'))`.execute(db);
  await sql`alter table webhook_events add column signing_account_id bigint references accounts (id)`
    .execute(db);
}
