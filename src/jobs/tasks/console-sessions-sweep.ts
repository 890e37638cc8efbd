/**
 * console_sessions_sweep (cron, every 10 minutes): deletes console sessions past their idle or
 * absolute limit and login failures past the rate-limit window. Idempotent by nature.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import {
  sweepExpiredConsoleSessions,
  sweepOldLoginFailures,
} from '../../domain/console/console-sweeps';

export function consoleSessionsSweep(db: Database): Task {
  return async (_payload, helpers) => {
    const sessions = await sweepExpiredConsoleSessions(db);
    const failures = await sweepOldLoginFailures(db);
    if (sessions + failures > 0) {
      helpers.logger.info(`swept ${sessions} console sessions and ${failures} login failures`);
    }
  };
}
