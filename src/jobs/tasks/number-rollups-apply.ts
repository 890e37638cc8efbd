/**
 * The per-number roll-ups' jobs (domain/cdrs/number-rollup-jobs.ts): every minute, the hours
 * batches touched are compacted; a batch's sums queued by a release before migration 0120 are
 * added once, by the batch's key; hourly, the applied keys past their retention are pruned.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import {
  applyNumberRollups,
  compactNumberRollups,
  pruneNumberRollupBatches,
} from '../../domain/cdrs/number-rollup-jobs';

export function numberRollupsCompact(db: Database): Task {
  return async (_payload, helpers) => {
    const hours = await compactNumberRollups(db);
    if (hours > 0) helpers.logger.debug(`compacted the number roll-ups of ${hours} hour(s)`);
  };
}

export function numberRollupsApply(db: Database): Task {
  return async (payload, helpers) => {
    if (!(await applyNumberRollups(db, payload))) {
      helpers.logger.info('number roll-ups of this batch were already added; skipped');
    }
  };
}

export function numberRollupBatchesPrune(db: Database): Task {
  return async (_payload, helpers) => {
    const deleted = await pruneNumberRollupBatches(db);
    if (deleted > 0) helpers.logger.debug(`pruned ${deleted} applied number roll-up batch keys`);
  };
}
