/** Hourly: delete idempotency keys past their 24-hour retention. Idempotent by nature. */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import { pruneIdempotencyKeys } from '../../domain/idempotency/idempotency-keys';

export function idempotencyKeysPrune(db: Database): Task {
  return async (_payload, helpers) => {
    const deleted = await pruneIdempotencyKeys(db);
    if (deleted > 0) helpers.logger.info(`pruned ${deleted} expired idempotency keys`);
  };
}
