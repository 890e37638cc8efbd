/**
 * What the operator's console shows of the system: background jobs waiting (and failing), the
 * webhook backlog, and the database's size. The same job counts /metrics exports.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';

export interface SystemHealth {
  jobsQueued: number;
  jobsFailing: number;
  jobsRunning: number;
  webhookDeliveriesPending: number;
  databaseBytes: string;
}

export async function getSystemHealth(db: Executor): Promise<SystemHealth> {
  const [jobs, webhooks, size] = await Promise.all([
    sql<{ queued: string; failing: string; locked: string }>`
      select count(*)::text as queued,
             count(*) filter (where last_error is not null)::text as failing,
             count(*) filter (where locked_at is not null)::text as locked
      from graphile_worker.jobs`.execute(db),
    db.selectFrom('webhook_deliveries').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('status', '=', 'pending').executeTakeFirstOrThrow(),
    sql<{ bytes: string }>`select pg_database_size(current_database())::text as bytes`.execute(db),
  ]);
  const job = jobs.rows[0]!;
  return {
    jobsQueued: Number(job.queued),
    jobsFailing: Number(job.failing),
    jobsRunning: Number(job.locked),
    webhookDeliveriesPending: Number(webhooks.n),
    databaseBytes: size.rows[0]!.bytes,
  };
}
