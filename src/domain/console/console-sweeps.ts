/**
 * What the console leaves behind: sessions past their idle or absolute limit (a browser that
 * never came back is never signed out by a request) and login failures past the rate-limit
 * window (they no longer count). Both are deleted in bounded batches; running the sweep twice,
 * or twice at once, deletes each row once and finds nothing the second time.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import {
  CONSOLE_LOGIN_WINDOW_MINUTES,
  CONSOLE_SESSION_IDLE_MINUTES,
  CONSOLE_SESSION_LIFETIME_HOURS,
  CONSOLE_SWEEP_BATCH_SIZE,
  CONSOLE_SWEEP_BATCHES_MAX,
} from '../../limits';
import { inBatches } from '../sweep-batches';

const IDLE = sql`make_interval(mins => ${CONSOLE_SESSION_IDLE_MINUTES})`;
const LIFETIME = sql`make_interval(hours => ${CONSOLE_SESSION_LIFETIME_HOURS})`;
const WINDOW = sql`make_interval(mins => ${CONSOLE_LOGIN_WINDOW_MINUTES})`;

const BATCHES = { size: CONSOLE_SWEEP_BATCH_SIZE, batchesMax: CONSOLE_SWEEP_BATCHES_MAX };

/** Deletes sessions that findConsoleSession would refuse for their age. Returns the count. */
export function sweepExpiredConsoleSessions(db: Executor): Promise<number> {
  return inBatches(async () => {
    const result = await db.deleteFrom('console_sessions')
      .where('id', 'in', (eb) => eb.selectFrom('console_sessions').select('id')
        .where((inner) => inner.or([
          inner('last_seen_at', '<=', sql<Date>`now() - ${IDLE}`),
          inner('created_at', '<=', sql<Date>`now() - ${LIFETIME}`),
        ]))
        .limit(CONSOLE_SWEEP_BATCH_SIZE))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }, BATCHES);
}

/** Deletes login failures older than the window isLoginThrottled counts. Returns the count. */
export function sweepOldLoginFailures(db: Executor): Promise<number> {
  // The table has no key (rows are counted, never addressed); ctid names a row for the batch.
  return inBatches(async () => {
    const result = await sql`delete from console_login_failures where ctid in (
      select ctid from console_login_failures where failed_at <= now() - ${WINDOW}
      limit ${CONSOLE_SWEEP_BATCH_SIZE})`.execute(db);
    return Number(result.numAffectedRows ?? 0n);
  }, BATCHES);
}
