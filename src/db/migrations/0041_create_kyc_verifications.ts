import { type Kysely, sql } from 'kysely';

// Headless KYC of sub-accounts (vobiz-sdk-surface.md 3, 4): one row per verification step, live
// or mock. The sub-account's kyc_status is recomputed from these rows in the same transaction.
// Only masked documents are stored, as the KYC widget does.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table kyc_verifications (
      id bigint generated always as identity primary key,
      sub_account_id bigint not null references sub_accounts (id),
      verification_type text not null,
      status text not null,
      is_mock boolean not null,
      document_masked text,
      failure_reason text,
      access_request_id text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint kyc_verifications_type_known
        check (verification_type in ('pan', 'gst', 'cin', 'aadhaar')),
      constraint kyc_verifications_status_known check (status in ('pending', 'verified', 'failed')),
      constraint kyc_verifications_failed_has_reason
        check (status <> 'failed' or failure_reason is not null)
    )`.execute(db);
  // The latest row per type decides the aggregate; finalize-pending finds the latest pending.
  await sql`
    create index kyc_verifications_latest
    on kyc_verifications (sub_account_id, verification_type, id desc)`.execute(db);
}
