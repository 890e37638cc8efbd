/**
 * Every 15 minutes: charges the monthly rental of every number whose period ended by the clock's
 * time (see domain/numbers/rentals.ts for exactly-once and suspension). Safe to run twice or
 * concurrently: a period already charged is no longer due.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import type { Clock } from '../../domain/clock';
import { chargeDueRentals } from '../../domain/numbers/rentals';

export function numbersRentalsCharge(db: Database, clock: Clock): Task {
  return async (_payload, helpers) => {
    const run = await chargeDueRentals(db, clock());
    if (run.charged > 0 || run.suspended > 0) {
      helpers.logger.info(`number rentals: ${run.charged} charged, ${run.suspended} suspended`);
    }
  };
}
