/**
 * Delivering webhooks: one attempt at a time, each claimed with a lease so a retry job and the
 * sweep never send the same attempt twice, and each outcome recorded on the delivery row.
 * Time is the injected clock: a delivery is due when `next_attempt_at <= clock()`, so tests move
 * the clock instead of waiting for the schedule.
 */
import { sql, type Updateable } from 'kysely';
import type { Database } from '../../db/database';
import type { WebhookDeliveriesTable } from '../../db/schema';
import {
  WEBHOOK_ATTEMPT_LEASE_MS,
  WEBHOOK_RESPONSE_BYTES_MAX,
  WEBHOOK_RETRY_JOB_SLACK_MS,
  WEBHOOK_SWEEP_BATCH_SIZE,
  WEBHOOK_JOB_ATTEMPTS_MAX,
} from '../../limits';
import type { Clock } from '../clock';
import { postJson, type PostResult } from '../net/http-post';
import { assertSafeOutboundUrl, type HostLookup, UnsafeUrlError } from '../net/url-guard';
import type { Sealer } from '../secrets';
import { closeEndpointBreaker, recordEndpointFailure } from './endpoint-breakers';
import { addOutboxJob, JOB_IDENTIFIERS } from './outbox-jobs';
import {
  classifyDeliveryResponse,
  nextAttemptDelayMs,
  parseRetryAfter,
  WEBHOOK_TIMEOUT_MS,
} from './retry-schedule';
import { signVobiz, webhookHeaders } from './signatures';
import { signingSecretsOf } from './webhook-secrets';
import { deliveryJobKey, deliveryQueueName } from './webhook-events';

export interface WebhookSendingDeps {
  db: Database;
  sealer: Sealer;
  clock: Clock;
  /** Skip the SSRF address checks (DIALTONE_ALLOW_PRIVATE_URLS). */
  allowPrivateUrls: boolean;
  /** Jitter source in [0, 1). Default Math.random. */
  random?: () => number;
  /** Host resolver for the SSRF guard. Default: the OS resolver. */
  lookup?: HostLookup;
}

export type AttemptOutcome =
  | 'skipped' | 'paused' | 'delivered' | 'retry_scheduled' | 'failed' | 'gone';

type AttemptResult =
  | { kind: 'response'; response: PostResult }
  | { kind: 'refused'; message: string }
  | { kind: 'error'; message: string };

interface ClaimedDelivery {
  id: string;
  attempts: number;
  endpoint_id: string;
  partner_id: string;
  event_id: string;
  payload: string;
  url: string;
  paused_until: Date | null;
  /** Sealed auth token keying X-Vobiz-Signature instead of the whsec (sub-account KYC). */
  signing_token_sealed: string | null;
  type: string;
  method: 'POST' | 'GET';
}

/**
 * Makes the next attempt of a pending, due delivery, unless another sender holds it. Errors
 * from the receiver are outcomes (recorded, retried on schedule), never exceptions.
 */
export async function attemptWebhookDelivery(
  deps: WebhookSendingDeps,
  deliveryId: string,
  holder?: string,
): Promise<AttemptOutcome> {
  const now = deps.clock();
  const claimed = await claimDelivery(deps.db, deliveryId, now, holder);
  if (!claimed) return 'skipped';
  if (claimed.paused_until && claimed.paused_until > now) {
    // The endpoint's breaker is open: wait for it without spending an attempt.
    const released = { lease_expires_at: null, lease_holder: null, updated_at: now };
    await rescheduleDelivery(deps.db, claimed, claimed.paused_until, released);
    return 'paused';
  }
  const result = await sendAttempt(deps, claimed);
  return recordAttempt(deps, claimed, result);
}

/**
 * The lease lasts WEBHOOK_ATTEMPT_LEASE_MS, or until its holder (a job worker) is known dead:
 * see releaseLeasesOfDeadWorkers.
 */
async function claimDelivery(db: Database, deliveryId: string, now: Date, holder?: string) {
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({
      lease_expires_at: new Date(now.getTime() + WEBHOOK_ATTEMPT_LEASE_MS),
      lease_holder: holder ?? null,
      updated_at: now,
    })
    .where('id', '=', deliveryId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]))
    .returning(['id', 'attempts', 'endpoint_id', 'partner_id', 'event_id'])
    .executeTakeFirst();
  if (!claimed) return undefined;
  const target = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .innerJoin('webhook_endpoints as p', 'p.id', 'd.endpoint_id')
    .leftJoin('accounts as a', 'a.id', 'e.signing_account_id')
    .select(['e.payload', 'e.type', 'p.url', 'p.method', 'p.paused_until',
      'a.auth_token_sealed as signing_token_sealed'])
    .where('d.id', '=', claimed.id)
    .executeTakeFirstOrThrow();
  return { ...claimed, ...target } satisfies ClaimedDelivery;
}

async function sendAttempt(
  deps: WebhookSendingDeps,
  delivery: ClaimedDelivery,
): Promise<AttemptResult> {
  try {
    const request = requestOf(delivery);
    // Checked again now: the name may resolve elsewhere than when the partner gave it.
    const safe = await assertSafeOutboundUrl(request.url, {
      allowPrivate: deps.allowPrivateUrls,
      purpose: 'send',
      field: 'webhook_url',
      ...(deps.lookup ? { lookup: deps.lookup } : {}),
    });
    const secrets = await signingSecretsOf(deps.db, deps.sealer, delivery.partner_id, deps.clock());
    const headers = signedHeaders(secrets, delivery.event_id, deps.clock(), request.signed);
    if (delivery.signing_token_sealed !== null) {
      const token = deps.sealer.unseal(delivery.signing_token_sealed);
      headers['x-vobiz-signature'] = signVobiz({ secret: token, body: request.signed });
    }
    const response = await postJson({
      url: safe.url,
      addresses: safe.addresses,
      method: delivery.method,
      headers: wireHeaders(delivery, headers),
      body: request.body,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      responseBytesMax: WEBHOOK_RESPONSE_BYTES_MAX,
    });
    return { kind: 'response', response };
  } catch (error) {
    if (error instanceof UnsafeUrlError && error.reason !== 'unresolvable') {
      return { kind: 'refused', message: error.message };
    }
    return { kind: 'error', message: (error as Error).message };
  }
}

/**
 * What goes on the wire and what is signed. POST: the payload as the JSON body. GET: the
 * payload's fields as query parameters (after any the URL has), and the signatures cover that
 * query string, the bytes a GET receiver gets instead of a body.
 */
function requestOf(delivery: ClaimedDelivery): { url: string; body: string; signed: string } {
  if (delivery.method === 'POST') {
    return { url: delivery.url, body: delivery.payload, signed: delivery.payload };
  }
  const fields = JSON.parse(delivery.payload) as Record<string, unknown>;
  const query = new URLSearchParams(Object.entries(fields)
    .map(([name, value]): [string, string] => [name, queryValue(value)])).toString();
  const separator = delivery.url.includes('?') ? '&' : '?';
  return { url: `${delivery.url}${separator}${query}`, body: '', signed: query };
}

function queryValue(value: unknown): string {
  if (value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Vobiz's event headers (its trunk webhooks carry them); a GET has no body to type. */
function wireHeaders(delivery: ClaimedDelivery, signed: Record<string, string>) {
  const { 'content-type': contentType, ...rest } = signed;
  const typed = delivery.method === 'POST' && contentType !== undefined;
  return {
    ...rest,
    ...(typed ? { 'content-type': contentType } : {}),
    'x-vobiz-event': delivery.type,
    'x-vobiz-request-id': delivery.event_id,
  };
}

/** Signed with every valid secret: both signatures appear during a rotation's grace period. */
function signedHeaders(secrets: string[], eventId: string, now: Date, body: string) {
  const timestampSeconds = Math.floor(now.getTime() / 1000);
  const each = secrets.map((secret) =>
    webhookHeaders({ secret, id: eventId, timestampSeconds, body }));
  const [first] = each;
  if (!first) throw new Error('a partner always has a signing secret');
  return {
    ...first,
    'webhook-signature': each.map((headers) => headers['webhook-signature']).join(' '),
    'x-vobiz-signature': each.map((headers) => headers['x-vobiz-signature']).join(' '),
    'user-agent': 'dialtone-webhooks/1',
  };
}

function describe(result: AttemptResult): { code: number | null; error: string | null } {
  if (result.kind !== 'response') return { code: null, error: result.message.slice(0, 500) };
  const { status, bodyStart } = result.response;
  if (status >= 200 && status <= 299) return { code: status, error: null };
  const snippet = bodyStart.replace(/\s+/g, ' ').trim().slice(0, 200);
  return { code: status, error: `HTTP ${status}${snippet ? `: ${snippet}` : ''}` };
}

async function recordAttempt(
  deps: WebhookSendingDeps,
  delivery: ClaimedDelivery,
  result: AttemptResult,
): Promise<AttemptOutcome> {
  const now = deps.clock();
  const attempts = delivery.attempts + 1;
  const { code, error } = describe(result);
  const base = {
    attempts, last_status_code: code, last_error: error, last_attempt_at: now,
    lease_expires_at: null, lease_holder: null, updated_at: now,
  };
  const outcome = result.kind === 'response'
    ? classifyDeliveryResponse(result.response.status)
    : 'retry';
  const finish = (status: 'delivered' | 'failed', extra: { last_error?: string } = {}) =>
    deps.db.updateTable('webhook_deliveries')
      .set({
        ...base, ...extra, status, next_attempt_at: null,
        delivered_at: status === 'delivered' ? now : null,
      })
      .where('id', '=', delivery.id).where('status', '=', 'pending').execute();

  if (outcome === 'delivered') {
    await finish('delivered');
    await closeEndpointBreaker(deps.db, delivery.endpoint_id);
    return 'delivered';
  }
  if (outcome === 'gone') {
    await deps.db.transaction().execute(async (trx) => {
      await trx.updateTable('webhook_deliveries')
        .set({ ...base, status: 'gone', next_attempt_at: null })
        .where('id', '=', delivery.id).where('status', '=', 'pending').execute();
      await trx.updateTable('webhook_endpoints')
        .set({ disabled_at: now, disabled_reason: 'answered 410 Gone', updated_at: now })
        .where('id', '=', delivery.endpoint_id).execute();
    });
    return 'gone';
  }
  if (result.kind === 'refused') {
    await finish('failed');
    return 'failed';
  }
  await recordEndpointFailure(deps.db, delivery.endpoint_id, now);
  const delayMs = retryDelayMs(attempts, result, now, deps.random);
  if (delayMs === undefined) {
    const last = error ?? 'no answer';
    await finish('failed', { last_error: `gave up after ${attempts} attempts; last: ${last}` });
    return 'failed';
  }
  await rescheduleDelivery(deps.db, delivery, new Date(now.getTime() + delayMs), base);
  return 'retry_scheduled';
}

/** Moves a pending delivery's next attempt to `at` and adds the job that will make it. */
async function rescheduleDelivery(
  db: Database,
  delivery: ClaimedDelivery,
  at: Date,
  set: Updateable<WebhookDeliveriesTable>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('webhook_deliveries')
      .set({ ...set, next_attempt_at: at })
      .where('id', '=', delivery.id).where('status', '=', 'pending').execute();
    await addOutboxJob(trx, {
      identifier: JOB_IDENTIFIERS.webhooksDeliver,
      payload: { delivery_id: delivery.id },
      jobKey: deliveryJobKey(delivery.id),
      maxAttempts: WEBHOOK_JOB_ATTEMPTS_MAX,
      runAt: new Date(at.getTime() + WEBHOOK_RETRY_JOB_SLACK_MS),
      queueName: deliveryQueueName(delivery.endpoint_id),
    });
  });
}

/**
 * The schedule's next delay; a Retry-After asking for longer wins (never shorter: the schedule
 * is the floor, so a receiver cannot make us hammer it). Undefined once the schedule is spent.
 */
function retryDelayMs(
  attempts: number,
  result: AttemptResult,
  now: Date,
  random: (() => number) | undefined,
): number | undefined {
  const scheduled = nextAttemptDelayMs(attempts, random);
  if (scheduled === undefined) return undefined;
  const asked = result.kind === 'response'
    ? parseRetryAfter(result.response.retryAfter, now)
    : undefined;
  return Math.max(scheduled, asked ?? 0);
}

/**
 * Attempts every due delivery no one holds, oldest first, up to WEBHOOK_SWEEP_BATCH_SIZE: the
 * safety net behind the per-delivery jobs, and how tests drive retries after moving the clock.
 */
export async function deliverDueWebhooks(
  deps: WebhookSendingDeps,
  holder?: string,
): Promise<AttemptOutcome[]> {
  const now = deps.clock();
  const due = await deps.db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<=', now)]))
    .orderBy('next_attempt_at')
    .limit(WEBHOOK_SWEEP_BATCH_SIZE)
    .execute();
  const outcomes: AttemptOutcome[] = [];
  for (const { id } of due) outcomes.push(await attemptWebhookDelivery(deps, id, holder));
  return outcomes;
}

/**
 * Frees the leases of job workers that stopped beating for `expiryMs` (job_worker_heartbeats:
 * the process was killed mid-attempt), so the attempt is made again as soon as its job is
 * unlocked, not a minute later. A lease younger than the expiry is left alone: its worker may
 * not have beaten yet. Returns how many were freed.
 */
export async function releaseLeasesOfDeadWorkers(db: Database, expiryMs: number): Promise<number> {
  const expiry = sql`now() - make_interval(secs => ${expiryMs / 1000})`;
  const released = await sql`
    update webhook_deliveries d set lease_expires_at = null, lease_holder = null
    where d.lease_holder is not null and d.updated_at < ${expiry}
      and not exists (select 1 from job_worker_heartbeats h
                      where h.worker_id = d.lease_holder and h.seen_at >= ${expiry})`.execute(db);
  return Number(released.numAffectedRows ?? 0);
}
