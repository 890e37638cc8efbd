/**
 * Every 5 minutes: returns numbers whose 24-hour release cooldown ended to the inventory.
 * Idempotent: a number already released no longer matches.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import type { Clock } from '../../domain/clock';
import { completeDueReleases } from '../../domain/numbers/releases';

export function numbersReleasesComplete(db: Database, clock: Clock): Task {
  return async (_payload, helpers) => {
    const released = await completeDueReleases(db, clock());
    if (released > 0) helpers.logger.info(`released ${released} numbers back to inventory`);
  };
}
