/**
 * Adds one CDR batch's per-number roll-ups, queued by its ingestion (number-rollup-jobs.ts);
 * idempotent by the batch's key, so graphile-worker's retries and re-runs count it once.
 * Hourly, the applied keys past their retention are pruned.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import {
  applyNumberRollups,
  pruneNumberRollupBatches,
} from '../../domain/cdrs/number-rollup-jobs';

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
