/**
 * Every 5 minutes: delete rate-limit windows that have ended, in bounded batches, so the table
 * holds about one row per credential active in the last few minutes. Idempotent by nature.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import { pruneRateLimitWindows } from '../../domain/rate-limits/rate-limit-windows';
import { RATE_LIMIT_WINDOWS_PRUNE_BATCH_MAX } from '../../limits';

/** Batches per run: a backlog larger than this many batches waits for the next run. */
const BATCHES_PER_RUN_MAX = 10;

export function rateLimitWindowsPrune(db: Database): Task {
  return async (_payload, helpers) => {
    let deleted = 0;
    for (let batch = 0; batch < BATCHES_PER_RUN_MAX; batch += 1) {
      const count = await pruneRateLimitWindows(db);
      deleted += count;
      if (count < RATE_LIMIT_WINDOWS_PRUNE_BATCH_MAX) break;
    }
    if (deleted > 0) helpers.logger.debug(`pruned ${deleted} ended rate-limit windows`);
  };
}
