import { type Kysely, sql } from 'kysely';

// The per-credential rate limit, counted in PostgreSQL so that every API process counts the
// same requests: one row per credential, holding its current fixed window. Unlogged because a
// count is worth less than the fsync a logged row would cost every request (a transaction that
// writes only unlogged tables commits without waiting for WAL to reach disk); after a crash
// PostgreSQL empties the table, which grants each credential at most one fresh window. A low
// fillfactor leaves room on each page for the hot-path update (hits only) to stay HOT.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create unlogged table rate_limit_windows (
      subject text primary key,
      window_ends_at timestamptz not null,
      hits integer not null,
      constraint rate_limit_windows_subject_length check (length(subject) <= 200),
      constraint rate_limit_windows_hits_positive check (hits > 0)
    ) with (fillfactor = 50)`.execute(db);
}
