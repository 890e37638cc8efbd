import { type Kysely, sql } from 'kysely';

// Sub-accounts (vobiz-sdk-surface.md 2): SA_ credentials under a customer account (the parent),
// which owns the wallet that pays for their usage. A deleted sub-account keeps its row (CDRs and
// KYC verifications still name it) but loses its credentials in the same UPDATE, so the CHECK
// "live iff credentialed" makes revocation a database invariant. The token is shown once, at
// creation, so only its SHA-256 digest is kept (no sealed copy to read it back). Numbers keep account_id = the
// parent (who pays their rent) and name the sub-account they are assigned to.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table sub_accounts (
      id bigint generated always as identity (start with 900000) primary key,
      api_id uuid not null default gen_random_uuid(),
      auth_id text not null,
      account_id bigint not null references accounts (id),
      name text not null,
      email text,
      password_hash text,
      kyc_mode text not null default 'personal_use',
      business_type text,
      kyc_status text not null default 'not_started',
      is_enabled boolean not null default true,
      auth_token_digest bytea,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      deleted_at timestamptz,
      constraint sub_accounts_auth_id_unique unique (auth_id),
      constraint sub_accounts_api_id_unique unique (api_id),
      constraint sub_accounts_auth_id_format check (auth_id ~ '^SA_[A-Z0-9]{8}$'),
      constraint sub_accounts_kyc_mode_known check (kyc_mode in ('personal_use', 'customer_use')),
      constraint sub_accounts_business_type_known check (business_type in (
        'individual', 'proprietorship', 'private_limited', 'llp', 'partnership',
        'public_limited', 'trust', 'society', 'huf', 'government')),
      constraint sub_accounts_kyc_status_known
        check (kyc_status in ('not_started', 'pending', 'verified', 'failed')),
      constraint sub_accounts_customer_use_has_email
        check (kyc_mode <> 'customer_use' or email is not null),
      constraint sub_accounts_live_iff_credentialed
        check ((deleted_at is null) = (auth_token_digest is not null)),
      constraint sub_accounts_token_digest_length
        check (auth_token_digest is null or octet_length(auth_token_digest) = 32)
    )`.execute(db);
  await sql`
    create index sub_accounts_account_created on sub_accounts (account_id, created_at desc, id desc)
    where deleted_at is null`.execute(db);

  await sql`alter table phone_numbers add column sub_account_id bigint references sub_accounts (id)`
    .execute(db);
  await sql`
    alter table phone_numbers add constraint phone_numbers_sub_account_has_owner
    check (sub_account_id is null or account_id is not null)`.execute(db);
  await sql`
    create index phone_numbers_sub_account on phone_numbers (sub_account_id)
    where sub_account_id is not null`.execute(db);
}
