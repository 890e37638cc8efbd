/**
 * Daily: makes sure the monthly CDR partitions exist from this month through
 * CDR_PARTITION_MONTHS_AHEAD months ahead (domain/cdrs/cdr-partitions.ts). Idempotent: an
 * existing month is left alone, so a retry or a second worker changes nothing.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import type { Clock } from '../../domain/clock';
import { createCdrPartitionsAhead } from '../../domain/cdrs/cdr-partitions';

export function cdrsPartitionsCreate(db: Database, clock: Clock): Task {
  return async (_payload, helpers) => {
    const months = await createCdrPartitionsAhead(db, clock());
    helpers.logger.debug(`cdr partitions ensured: ${months.join(', ')}`);
  };
}
