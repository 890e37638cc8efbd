import { type Kysely, sql } from 'kysely';

// A circuit breaker per webhook endpoint: failed attempts in a row, and until when deliveries
// to it are paused once they pass the threshold (then backing off, reset by one success).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table webhook_endpoints
      add column consecutive_failures integer not null default 0,
      add column paused_until timestamptz,
      add constraint webhook_endpoints_consecutive_failures_nonnegative
        check (consecutive_failures >= 0)`.execute(db);
}
