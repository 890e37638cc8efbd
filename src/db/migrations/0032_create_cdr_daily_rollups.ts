import { type Kysely, sql } from 'kysely';

// Per account, UTC day, direction and context (product): call counts, seconds and money,
// updated by ingestion in the transaction that stores the CDRs, so the dashboard, analytics and
// summaries over plain date ranges read a few rows per account-day instead of every CDR.
// Every column is a sum (or a max), so a batch adds to a row with one upsert.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table cdr_daily_rollups (
      account_id bigint not null,
      day date not null,
      call_direction text not null,
      context text not null,
      partner_id uuid not null,
      total_calls bigint not null,
      answered_calls bigint not null,
      total_duration_seconds bigint not null,
      total_billsec bigint not null,
      total_billable_seconds bigint not null,
      total_cost numeric(20, 5) not null,
      total_shortfall numeric(20, 5) not null,
      last_call_at timestamptz not null,
      constraint cdr_daily_rollups_pkey primary key (account_id, day, call_direction, context),
      constraint cdr_daily_rollups_counts_ordered
        check (answered_calls >= 0 and answered_calls <= total_calls),
      constraint cdr_daily_rollups_seconds_nonnegative check (
        total_duration_seconds >= 0 and total_billsec >= 0 and total_billable_seconds >= 0),
      constraint cdr_daily_rollups_money_ordered
        check (total_shortfall >= 0 and total_shortfall <= total_cost)
    )`.execute(db);
  await sql`create index cdr_daily_rollups_partner_day on cdr_daily_rollups (partner_id, day)`
    .execute(db);
}
