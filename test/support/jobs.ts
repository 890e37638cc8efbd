/**
 * Running graphile-worker jobs inside a test: one worker lifetime over the test database that
 * returns once every job it ran has been completed (or failed) in the database.
 */
import { Logger, runOnce, type TaskList } from 'graphile-worker';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database';
import type pg from 'pg';

export const SILENT_LOGGER = new Logger(() => () => {});

/**
 * Unbatched, graphile-worker completes or fails a job without awaiting it, so runOnce can resolve
 * while the last job's completion is still in flight (a job that ran, yet still "locked", seen
 * once in CI). Batched, even with no delay, the pool awaits the batch before it resolves.
 */
const AWAITED_COMPLETIONS = { completeJobBatchDelay: 0, failJobBatchDelay: 0 };

/** Runs the due jobs `taskList` knows until none is left, then returns. */
export async function runTasksOnce(pool: pg.Pool, taskList: TaskList): Promise<void> {
  await runOnce({
    pgPool: pool, taskList, logger: SILENT_LOGGER, concurrency: 1, noHandleSignals: true,
    preset: { worker: AWAITED_COMPLETIONS },
  });
}

/** Enqueues `task` as its cron entry would, then runs it with `taskList`. */
export async function runCronTaskOnce(
  handle: { db: Database; pool: pg.Pool },
  task: string,
  taskList: TaskList,
): Promise<void> {
  await sql`select graphile_worker.add_job(${task}::text)`.execute(handle.db);
  await runTasksOnce(handle.pool, taskList);
}
