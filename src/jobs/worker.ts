/**
 * The background job runner (graphile-worker over the same PostgreSQL). Jobs are added in the
 * same database transaction as the change that needs them (graphile_worker.add_job), so they
 * are never lost and never run for a change that rolled back. Tasks call the domain only.
 */
import { Logger, run, type TaskList } from 'graphile-worker';
import type pg from 'pg';
import type { Logger as Pino } from 'pino';
import type { Database } from '../db/database';
import type { Clock } from '../domain/clock';
import type { Metrics } from '../metrics';
import { JOB_CONCURRENCY, WEBHOOK_DELIVERY_CONCURRENCY } from '../limits';
import { idempotencyKeysPrune } from './tasks/idempotency-keys-prune';
import type { Sealer } from '../domain/secrets';
import type { Mailer } from '../domain/mail/mailer';
import { kycEmailRenderer } from '../domain/kyc/kyc-emails';
import { JOB_IDENTIFIERS } from '../domain/webhooks/outbox-jobs';
import { kycRemindersSend } from './tasks/kyc-reminders-send';
import { kycSessionsExpire } from './tasks/kyc-sessions-expire';
import { mailSend } from './tasks/mail-send';
import { webhooksDeliver } from './tasks/webhooks-deliver';
import { webhooksDeliverDue } from './tasks/webhooks-deliver-due';
import { numbersReleasesComplete } from './tasks/numbers-releases-complete';
import { numbersRentalsCharge } from './tasks/numbers-rentals-charge';
import { channelSubscriptionsRenew } from './tasks/channel-subscriptions-renew';
import { cdrsPartitionsCreate } from './tasks/cdrs-partitions-create';
import { createWorkerHeartbeats } from './worker-heartbeats';
import { edgeCallsIngest, edgeCallsSweep } from './tasks/edge-calls-ingest';
import { EDGE_CALLS_INGEST_JOB } from '../domain/edge/edge-cdrs';
import { workerLogger } from './worker-logger';
import { consoleSessionsSweep } from './tasks/console-sessions-sweep';
import { rateLimitWindowsPrune } from './tasks/rate-limit-windows-prune';
import { numberRollupsCompact } from './tasks/number-rollups-compact';
import { NUMBER_ROLLUPS_COMPACT_JOB } from '../domain/cdrs/number-rollup-jobs';

export interface WorkerDeps {
  db: Database;
  pool: pg.Pool;
  clock: Clock;
  /** The process's metrics (shared with the HTTP app): webhook delivery outcomes. */
  metrics: Metrics;
  quiet?: boolean;
  /** Unseals partners' webhook signing secrets. */
  sealer: Sealer;
  /** SMTP (SMTP_URL) or the dev mailbox. */
  mailer: Mailer;
  /** Links in e-mails point here (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /** Deliver webhooks to private addresses (DIALTONE_ALLOW_PRIVATE_URLS). */
  allowPrivateUrls: boolean;
  /** The process's log stream; graphile-worker logs to the console without it. */
  log?: Pino;
}

/** Recurring jobs, in graphile-worker crontab syntax (UTC). */
const CRONTAB = [
  '0 * * * * idempotency_keys_prune',
  // KYC time every minute; jobKey keeps at most one of each queued while a run is slow.
  '* * * * * kyc_sessions_expire ?max=3&jobKey=kyc_sessions_expire',
  '* * * * * kyc_reminders_send ?max=3&jobKey=kyc_reminders_send',
  // Webhook retries a job missed (a delivery's own job normally makes each attempt).
  '* * * * * webhooks_deliver_due ?max=3&jobKey=webhooks_deliver_due',
  // Number rentals and release cooldowns; jobKey keeps at most one of each queued.
  '*/15 * * * * numbers_rentals_charge ?max=3&jobKey=numbers_rentals_charge',
  '*/5 * * * * numbers_releases_complete ?max=3&jobKey=numbers_releases_complete',
  // CDR partitions for the coming months; daily, so a missed run has months of slack.
  '17 3 * * * cdrs_partitions_create ?max=3&jobKey=cdrs_partitions_create',
  // Channel subscription renewals (30-day periods); jobKey keeps at most one queued.
  '*/15 * * * * channel_subscriptions_renew ?max=3&jobKey=channel_subscriptions_renew',
  // SIP edge calls the edge abandoned (never answered, long past any ringing timeout).
  '* * * * * edge_calls_sweep ?max=3&jobKey=edge_calls_sweep',
  // Expired console sessions and old login failures (nothing reads them; they only take room).
  '*/10 * * * * console_sessions_sweep ?max=3&jobKey=console_sessions_sweep',
  // Ended rate-limit windows (one row per recently active credential).
  '*/5 * * * * rate_limit_windows_prune ?max=3&jobKey=rate_limit_windows_prune',
  // Per-number roll-up rows of the hours ingestion touched, folded to one per key.
  '* * * * * number_rollups_compact ?max=3&jobKey=number_rollups_compact',
].join('\n');

export function buildTaskList(deps: WorkerDeps): TaskList {
  return {
    idempotency_keys_prune: idempotencyKeysPrune(deps.db),
    kyc_sessions_expire: kycSessionsExpire(deps.db, deps.clock),
    kyc_reminders_send: kycRemindersSend(deps.db, deps.clock),
    [JOB_IDENTIFIERS.mailSend]: mailSend({
      db: deps.db, mailer: deps.mailer, clock: deps.clock,
      render: kycEmailRenderer(deps.publicBaseUrl, deps.clock),
    }),
    [JOB_IDENTIFIERS.webhooksDeliver]: webhooksDeliver(webhookSendingDeps(deps)),
    webhooks_deliver_due: webhooksDeliverDue(webhookSendingDeps(deps)),
    numbers_rentals_charge: numbersRentalsCharge(deps.db, deps.clock),
    numbers_releases_complete: numbersReleasesComplete(deps.db, deps.clock),
    cdrs_partitions_create: cdrsPartitionsCreate(deps.db, deps.clock),
    channel_subscriptions_renew: channelSubscriptionsRenew(deps.db, deps.clock),
    [EDGE_CALLS_INGEST_JOB]: edgeCallsIngest(deps.db, deps.clock),
    edge_calls_sweep: edgeCallsSweep(deps.db),
    console_sessions_sweep: consoleSessionsSweep(deps.db),
    rate_limit_windows_prune: rateLimitWindowsPrune(deps.db),
    [NUMBER_ROLLUPS_COMPACT_JOB]: numberRollupsCompact(deps.db),
  };
}

function webhookSendingDeps(deps: WorkerDeps) {
  return {
    db: deps.db, sealer: deps.sealer, clock: deps.clock, allowPrivateUrls: deps.allowPrivateUrls,
    recordOutcome: (outcome: string) => deps.metrics.webhookDeliveries.inc({ outcome }),
  };
}

/** The job runners of this process, stopped together. */
export interface JobRunner {
  /** Settles as soon as one runner stops: from then on not every job runs. */
  promise: Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Two graphile-worker runners on the pool: one for e-mails, sweeps and billing (JOB_CONCURRENCY),
 * and one only for webhook deliveries (WEBHOOK_DELIVERY_CONCURRENCY), which wait on partners'
 * receivers rather than the database, so a hanging receiver never delays an e-mail or a sweep.
 */
export async function startWorker(deps: WorkerDeps): Promise<JobRunner> {
  // A failed beat is retried at the next interval; an outage is reported by /ready and requests.
  const heartbeats = createWorkerHeartbeats(deps.db, () => {});
  const { [JOB_IDENTIFIERS.webhooksDeliver]: deliver, ...tasks } = buildTaskList(deps);
  const common = {
    events: heartbeats.events,
    pgPool: deps.pool,
    noHandleSignals: true,
    pollInterval: 2_000,
    ...(deps.quiet ? { logger: new Logger(() => () => {}) } : {}),
    ...(deps.log ? { logger: workerLogger(deps.log) } : {}),
  };
  const runners = [
    await run({ ...common, concurrency: JOB_CONCURRENCY, taskList: tasks, crontab: CRONTAB }),
    await run({
      ...common,
      concurrency: WEBHOOK_DELIVERY_CONCURRENCY,
      taskList: { [JOB_IDENTIFIERS.webhooksDeliver]: deliver! },
      crontab: '', // the schedules are the first runner's
    }),
  ];
  heartbeats.start();
  const promise = Promise.race(runners.map((runner) => runner.promise))
    .finally(() => heartbeats.stop());
  return {
    promise,
    stop: async () => { await Promise.all(runners.map((runner) => runner.stop())); },
  };
}
