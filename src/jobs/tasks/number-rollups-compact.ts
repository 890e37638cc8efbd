/**
 * The per-number roll-ups' job (domain/cdrs/number-rollup-jobs.ts): every minute, the hours
 * batches touched are compacted.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import { compactNumberRollups } from '../../domain/cdrs/number-rollup-jobs';

export function numberRollupsCompact(db: Database): Task {
  return async (_payload, helpers) => {
    const hours = await compactNumberRollups(db);
    if (hours > 0) helpers.logger.debug(`compacted the number roll-ups of ${hours} hour(s)`);
  };
}
