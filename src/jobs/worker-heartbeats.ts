/**
 * Liveness for graphile-worker's workers, which 0.17 lacks: a job locked by a process that was
 * killed stays locked for 4 hours. Every JOB_HEARTBEAT_INTERVAL_MS each process records its
 * workers as alive and unlocks the jobs of workers silent for JOB_WORKER_EXPIRY_MS (any
 * process may do it: it is one idempotent statement). A job interrupted by a crash thus runs
 * again within about the expiry plus one interval of any process running; its attempt already
 * counted, and tasks skip what they already confirmed done (a sent e-mail, a delivered webhook).
 * A webhook attempt's lease names its worker too, and is freed at the same moment.
 */
import { EventEmitter } from 'node:events';
import { sql } from 'kysely';
import type { WorkerEvents } from 'graphile-worker';
import type { Database } from '../db/database';
import { releaseLeasesOfDeadWorkers } from '../domain/webhooks/webhook-sending';
import { JOB_HEARTBEAT_INTERVAL_MS, JOB_WORKER_EXPIRY_MS } from '../limits';

export interface WorkerHeartbeats {
  /** Pass as graphile-worker's `events` option: it reports the workers to beat for. */
  events: WorkerEvents;
  start(): void;
  stop(): void;
}

const EXPIRY = sql.raw(`interval '${JOB_WORKER_EXPIRY_MS} milliseconds'`);

export function createWorkerHeartbeats(
  db: Database,
  onError: (error: unknown) => void,
): WorkerHeartbeats {
  const events: WorkerEvents = new EventEmitter();
  const workerIds = new Set<string>();
  events.on('worker:create', ({ worker }) => { workerIds.add(worker.workerId); });
  events.on('worker:stop', ({ worker }) => { workerIds.delete(worker.workerId); });
  let timer: NodeJS.Timeout | undefined;
  const beat = () => beatAndReap(db, [...workerIds]).catch(onError);
  return {
    events,
    start() {
      void beat();
      timer = setInterval(beat, JOB_HEARTBEAT_INTERVAL_MS);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}

/**
 * Marks `workerIds` alive, then frees the webhook leases and unlocks the jobs of workers that
 * stopped beating.
 */
export async function beatAndReap(db: Database, workerIds: string[]): Promise<void> {
  await sql`
    insert into job_worker_heartbeats (worker_id, seen_at)
    select unnest(${workerIds}::text[]), now()
    on conflict (worker_id) do update set seen_at = excluded.seen_at`.execute(db);
  // Their webhook leases first, so an unlocked delivery job finds its attempt free.
  await releaseLeasesOfDeadWorkers(db, JOB_WORKER_EXPIRY_MS);
  // A lock younger than the expiry may be a worker that has not beaten yet: it is left alone.
  await sql`
    select graphile_worker.force_unlock_workers(array(
      select distinct j.locked_by from graphile_worker._private_jobs j
      where j.locked_by is not null and j.locked_at < now() - ${EXPIRY}
        and not exists (select 1 from job_worker_heartbeats h
                        where h.worker_id = j.locked_by and h.seen_at >= now() - ${EXPIRY})))`
    .execute(db);
  await sql`delete from job_worker_heartbeats where seen_at < now() - interval '1 day'`.execute(db);
}
