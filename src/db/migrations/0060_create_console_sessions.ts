import { type Kysely, sql } from 'kysely';

// The web console's logins: e-mail + password users a partner creates for its staff, server-side
// sessions (only a digest of the cookie's token is stored), and failed logins for the per-account
// and per-IP rate limit. A session names exactly one principal: a partner (through its token or
// one of its users), a customer account, or the operator.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table partner_users (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id) on delete cascade,
      email text not null,
      password_hash text not null,
      role text not null,
      created_at timestamptz not null default now(),
      constraint partner_users_role_known check (role in ('owner', 'staff'))
    )`.execute(db);
  // One login per e-mail across all partners, whatever its case.
  await sql`create unique index partner_users_email_unique on partner_users (lower(email))`
    .execute(db);
  await sql`create index partner_users_partner on partner_users (partner_id)`.execute(db);

  await sql`
    create table console_sessions (
      id uuid primary key default gen_random_uuid(),
      token_digest bytea not null,
      principal_kind text not null,
      partner_id uuid references partners (id) on delete cascade,
      partner_user_id uuid references partner_users (id) on delete cascade,
      account_id bigint references accounts (id) on delete cascade,
      role text not null,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      constraint console_sessions_token_digest_unique unique (token_digest),
      constraint console_sessions_role_known check (role in ('owner', 'staff')),
      constraint console_sessions_principal_shape check (
        (principal_kind = 'partner' and partner_id is not null and account_id is null)
        or (principal_kind = 'account' and account_id is not null and partner_id is null
            and partner_user_id is null)
        or (principal_kind = 'operator' and partner_id is null and account_id is null
            and partner_user_id is null))
    )`.execute(db);
  await sql`create index console_sessions_last_seen on console_sessions (last_seen_at)`.execute(db);

  await sql`
    create table console_login_failures (
      subject text not null,
      failed_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create index console_login_failures_subject on console_login_failures (subject, failed_at)`
    .execute(db);
}
