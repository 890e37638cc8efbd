/**
 * Jobs of the per-number roll-ups (number-rollups.ts), which ingestion appends in the CDRs' own
 * transaction (number-rollups.queries.ts): number health is never behind ingestion.
 * - number_rollups_compact (every minute): folds the rows of each hour batches touched since
 *   the last run into one per key, so a read stays bounded (one row per hour of its window,
 *   plus one per batch of the last minute or two).
 */
import type { Database } from '../../db/database';
import { NUMBER_ROLLUP_COMPACT_DIRTY_ROWS_MAX } from '../../limits';
import { compactDirtyHours } from './number-rollups.queries';

export const NUMBER_ROLLUPS_COMPACT_JOB = 'number_rollups_compact';

/**
 * Folds the roll-up rows of the hours batches touched, a bounded transaction at a time (a
 * backlog after the worker was down is many); how many hours, counted once per transaction.
 */
export async function compactNumberRollups(db: Database): Promise<number> {
  let hours = 0;
  for (;;) {
    const run = await db.transaction().execute((trx) =>
      compactDirtyHours(trx, NUMBER_ROLLUP_COMPACT_DIRTY_ROWS_MAX));
    hours += run.hours;
    if (run.dirtyRows < NUMBER_ROLLUP_COMPACT_DIRTY_ROWS_MAX) return hours;
  }
}
