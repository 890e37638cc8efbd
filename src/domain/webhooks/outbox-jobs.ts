/**
 * Jobs added inside the caller's transaction (graphile_worker.add_job), so a job exists exactly
 * when the change that needs it committed: never lost in a crash, never run for a rollback.
 * The identifiers are the task names src/jobs/worker.ts maps to task functions.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';

export const JOB_IDENTIFIERS = {
  webhooksDeliver: 'webhooks_deliver',
  mailSend: 'mail_send',
} as const;

export type JobIdentifier = (typeof JOB_IDENTIFIERS)[keyof typeof JOB_IDENTIFIERS];

export interface OutboxJob {
  identifier: JobIdentifier;
  payload: Record<string, string>;
  /** Replaces a queued job with the same key (graphile-worker semantics): no doubled work. */
  jobKey: string;
  /** graphile-worker's own retries, for failures the task does not handle itself. */
  maxAttempts: number;
  /** Default: at once. */
  runAt?: Date;
  /** Jobs of one queue run one at a time (graphile-worker queues). Default: none. */
  queueName?: string;
}

export async function addOutboxJob(db: Executor, job: OutboxJob): Promise<void> {
  await sql`select graphile_worker.add_job(
    identifier => ${job.identifier}::text,
    payload => ${JSON.stringify(job.payload)}::json,
    queue_name => ${job.queueName ?? null}::text,
    run_at => ${job.runAt ?? null}::timestamptz,
    max_attempts => ${job.maxAttempts}::int,
    job_key => ${job.jobKey}::text
  )`.execute(db);
}
