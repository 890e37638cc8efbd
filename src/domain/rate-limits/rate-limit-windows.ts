/**
 * Rate-limit windows in PostgreSQL, so every API process counts the same requests for a
 * credential (migration 0119). A window is fixed: it starts with the first request after the
 * previous one ended and lasts the limit's time window, as @fastify/rate-limit's own store does.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { RATE_LIMIT_WINDOWS_PRUNE_BATCH_MAX } from '../../limits';

export interface WindowCount {
  /** Requests in the current window including this one, at most `max + 1`. */
  hits: number;
  /** Milliseconds until the window ends (PostgreSQL's clock, the same for every process). */
  resetsInMs: number;
}

/**
 * Counts one request of `subject` and returns its window's count. One statement: the upsert's
 * row lock orders concurrent requests of one subject, from any process, so none is lost and
 * none counted twice. A count past `max` stays at `max + 1`, so a flood cannot overflow it.
 */
export async function countRequest(
  db: Executor,
  subject: string,
  windowMs: number,
  max: number,
): Promise<WindowCount> {
  const { rows } = await sql<{ hits: number; resets_in_ms: number }>`
    insert into rate_limit_windows as w (subject, window_ends_at, hits)
    values (${subject}, now() + make_interval(secs => ${windowMs / 1000}), 1)
    on conflict (subject) do update set
      hits = case when w.window_ends_at <= now() then 1 else least(w.hits, ${max}) + 1 end,
      window_ends_at = case when w.window_ends_at <= now()
        then excluded.window_ends_at else w.window_ends_at end
    returning hits,
      ceil(extract(epoch from window_ends_at - now()) * 1000)::integer as resets_in_ms`
    .execute(db);
  const row = rows[0]!;
  return { hits: row.hits, resetsInMs: row.resets_in_ms };
}

/** Deletes windows that have ended, a bounded batch per call; returns how many. */
export async function pruneRateLimitWindows(db: Executor): Promise<number> {
  const result = await sql`
    delete from rate_limit_windows where subject in (
      select subject from rate_limit_windows where window_ends_at < now()
      limit ${RATE_LIMIT_WINDOWS_PRUNE_BATCH_MAX})`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
