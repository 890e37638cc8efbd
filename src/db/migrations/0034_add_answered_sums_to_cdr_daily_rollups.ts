import { type Kysely, sql } from 'kysely';

// The answered calls' share of each daily roll-up, so the two commonest list filters
// (status=answered, status=failed = not answered) are summarised from roll-ups too. Unanswered
// calls have billsec 0 and bill 0 seconds (both enforced), so their billsec and billable sums
// need no column of their own; duration, cost, shortfall and the latest start do. Existing
// roll-ups are backfilled from their CDRs.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table cdr_daily_rollups
      add column answered_duration_seconds bigint not null default 0,
      add column answered_cost numeric(20, 5) not null default 0,
      add column answered_shortfall numeric(20, 5) not null default 0,
      add column last_answered_at timestamptz,
      add column last_unanswered_at timestamptz`.execute(db);
  await sql`
    update cdr_daily_rollups r set
      answered_duration_seconds = s.answered_duration_seconds, answered_cost = s.answered_cost,
      answered_shortfall = s.answered_shortfall, last_answered_at = s.last_answered_at,
      last_unanswered_at = s.last_unanswered_at
    from (
      select account_id, (start_time at time zone 'UTC')::date as day, call_direction, context,
             coalesce(sum(duration) filter (where answer_time is not null), 0) as answered_duration_seconds,
             coalesce(sum(cost) filter (where answer_time is not null), 0) as answered_cost,
             coalesce(sum(shortfall) filter (where answer_time is not null), 0) as answered_shortfall,
             max(start_time) filter (where answer_time is not null) as last_answered_at,
             max(start_time) filter (where answer_time is null) as last_unanswered_at
      from cdrs group by 1, 2, 3, 4) s
    where r.account_id = s.account_id and r.day = s.day and r.call_direction = s.call_direction
      and r.context = s.context`.execute(db);
  await sql`
    alter table cdr_daily_rollups
      add constraint cdr_daily_rollups_answered_within_totals check (
        answered_duration_seconds <= total_duration_seconds and answered_cost <= total_cost
        and answered_shortfall <= total_shortfall)`.execute(db);
}
