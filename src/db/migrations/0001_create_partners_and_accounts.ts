import { type Kysely, sql } from 'kysely';

// Partners (resellers) and their customer accounts. Tokens are stored twice: a SHA-256 digest
// to authenticate and an AES-256-GCM sealed copy, because Vobiz lets a partner read a
// customer's token again (GET /accounts/{cid}).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table partners (
      id uuid primary key default gen_random_uuid(),
      account_id bigint generated always as identity (start with 1001) unique,
      auth_id text not null,
      name text not null,
      slug text not null,
      company text,
      email text not null,
      phone text,
      currency char(3) not null default 'INR',
      billing_model text not null default 'direct',
      max_accounts integer not null default 100,
      can_create_accounts boolean not null default true,
      can_transfer_balance boolean not null default true,
      can_view_cdrs boolean not null default true,
      can_create_pricing_tiers boolean not null default true,
      is_active boolean not null default true,
      is_verified boolean not null default true,
      auth_token_digest bytea not null,
      auth_token_sealed text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint partners_auth_id_unique unique (auth_id),
      constraint partners_slug_unique unique (slug),
      constraint partners_auth_id_format check (auth_id ~ '^PA_[A-Z0-9]{8}$'),
      constraint partners_currency_format check (currency ~ '^[A-Z]{3}$'),
      constraint partners_max_accounts_nonnegative check (max_accounts >= 0)
    )`.execute(db);

  await sql`
    create table accounts (
      id bigint generated always as identity (start with 500000) primary key,
      api_id uuid not null default gen_random_uuid(),
      auth_id text not null,
      partner_id uuid not null references partners (id),
      name text not null,
      email text not null,
      phone text not null,
      country char(2) not null,
      currency char(3) not null,
      company text,
      description text,
      address text,
      city text,
      state text,
      zip_code text,
      timezone text,
      gstin text,
      gst_status text,
      business_type text,
      account_type text not null default 'standard',
      password_hash text not null,
      auth_token_digest bytea not null,
      auth_token_sealed text not null,
      status text not null default 'active',
      kyc_status text not null default 'pending',
      base_cps_limit integer not null default 2,
      base_concurrent_calls_limit integer not null default 10,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      last_login timestamptz,
      constraint accounts_auth_id_unique unique (auth_id),
      constraint accounts_api_id_unique unique (api_id),
      constraint accounts_auth_id_format check (auth_id ~ '^MA_[A-Z0-9]{8}$'),
      constraint accounts_status_known check (status in ('active', 'suspended')),
      constraint accounts_kyc_status_known check (kyc_status in ('pending', 'completed')),
      constraint accounts_gst_status_known check (gst_status in ('active', 'inactive'))
    )`.execute(db);
  // Email is unique platform-wide, whatever its case.
  await sql`create unique index accounts_email_unique on accounts (lower(email))`.execute(db);
  await sql`create index accounts_partner_created on accounts (partner_id, created_at desc, id desc)`
    .execute(db);
}
