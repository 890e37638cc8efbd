import { type Kysely, sql } from 'kysely';

// A CSV export running somewhere, so every API process counts the same exports: one row per
// export, deleted when it ends. A process that dies stops renewing its rows, and they stop
// counting at expires_at (PostgreSQL's clock, so processes' clocks need not agree).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table cdr_export_leases (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id) on delete cascade,
      account_id bigint not null references accounts (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      constraint cdr_export_leases_expire_after_creation check (expires_at > created_at)
    )`.execute(db);
  await sql`create index cdr_export_leases_partner on cdr_export_leases (partner_id)`.execute(db);
  await sql`create index cdr_export_leases_account on cdr_export_leases (account_id)`.execute(db);
}
