/**
 * The background job runner (graphile-worker over the same PostgreSQL). Jobs are added in the
 * same database transaction as the change that needs them (graphile_worker.add_job), so they
 * are never lost and never run for a change that rolled back. Tasks call the domain only.
 */
import { Logger, run, type Runner, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Database } from '../db/database';
import type { Clock } from '../domain/clock';
import { JOB_CONCURRENCY } from '../limits';
import { idempotencyKeysPrune } from './tasks/idempotency-keys-prune';
import { numbersReleasesComplete } from './tasks/numbers-releases-complete';
import { numbersRentalsCharge } from './tasks/numbers-rentals-charge';

export interface WorkerDeps {
  db: Database;
  pool: pg.Pool;
  clock: Clock;
  /** Extra tasks contributed by other areas (KYC, numbers, CDRs). */
  tasks?: TaskList;
  quiet?: boolean;
}

/** Recurring jobs, in graphile-worker crontab syntax (UTC). */
const CRONTAB = [
  '0 * * * * idempotency_keys_prune',
  // Number rentals and release cooldowns; jobKey keeps at most one of each queued.
  '*/15 * * * * numbers_rentals_charge ?max=3&jobKey=numbers_rentals_charge',
  '*/5 * * * * numbers_releases_complete ?max=3&jobKey=numbers_releases_complete',
].join('\n');

export function buildTaskList(deps: WorkerDeps): TaskList {
  return {
    idempotency_keys_prune: idempotencyKeysPrune(deps.db),
    numbers_rentals_charge: numbersRentalsCharge(deps.db, deps.clock),
    numbers_releases_complete: numbersReleasesComplete(deps.db, deps.clock),
    ...deps.tasks,
  };
}

export async function startWorker(deps: WorkerDeps): Promise<Runner> {
  return run({
    pgPool: deps.pool,
    concurrency: JOB_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 2_000,
    taskList: buildTaskList(deps),
    crontab: CRONTAB,
    ...(deps.quiet ? { logger: new Logger(() => () => {}) } : {}),
  });
}
