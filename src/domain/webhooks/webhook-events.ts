/**
 * The webhook outbox. An event, its delivery and the delivery job are written in the caller's
 * transaction, next to the state change they report: a crash can neither lose an event nor
 * send one for a change that rolled back.
 */
import type { DatabaseTransaction, Executor } from '../../db/database';
import type { WebhookEventType } from '../../db/schema';
import { WEBHOOK_JOB_ATTEMPTS_MAX } from '../../limits';
import { newWebhookEventId } from '../ids';
import { addOutboxJob, JOB_IDENTIFIERS } from './outbox-jobs';

export interface WebhookEventInput {
  partnerId: string;
  type: WebhookEventType;
  kycSessionId: string | null;
  /** Serialized once; every attempt sends and signs these exact bytes. */
  payload: Record<string, unknown>;
  /** The receiver; null records the event without delivering it. */
  url: string | null;
  now: Date;
  /** Key X-Vobiz-Signature with this account's auth token (sub-account KYC); default whsec. */
  signingAccountId?: string | null;
  /** A test event (`dialtone webhooks trigger`), marked as such in the delivery log. */
  test?: boolean;
  /** The edge call a call event reports (one event per call and type). */
  callUuid?: string | null;
  /** How the receiver is called (a trunk's webhook_method); default POST. */
  method?: WebhookMethod;
}

export type WebhookMethod = 'POST' | 'GET';

/** Records the event and, when there is a receiver, schedules its first delivery at once. */
export async function recordWebhookEvent(
  trx: DatabaseTransaction,
  input: WebhookEventInput,
): Promise<{ eventId: string; deliveryId: string | null }> {
  const eventId = newWebhookEventId();
  await trx
    .insertInto('webhook_events')
    .values({
      id: eventId,
      partner_id: input.partnerId,
      type: input.type,
      kyc_session_id: input.kycSessionId,
      payload: JSON.stringify(input.payload),
      created_at: input.now,
      signing_account_id: input.signingAccountId ?? null,
      test: input.test ?? false,
      call_uuid: input.callUuid ?? null,
    })
    .execute();
  if (input.url === null) return { eventId, deliveryId: null };
  const endpoint = await upsertWebhookEndpoint(trx, input.partnerId, input.url, input.now, false,
    input.method);
  const deliveryId = await scheduleDelivery(trx, {
    eventId,
    endpointId: endpoint.id,
    partnerId: input.partnerId,
    now: input.now,
    endpointDisabled: endpoint.disabled_at !== null,
  });
  return { eventId, deliveryId };
}

/**
 * The partner's endpoint for `url` called with `method`. `enable` clears a 410 disablement: the
 * partner named the URL again (a new session) or asked for a redelivery.
 */
export async function upsertWebhookEndpoint(
  db: Executor,
  partnerId: string,
  url: string,
  now: Date,
  enable: boolean,
  method: WebhookMethod = 'POST',
): Promise<{ id: string; disabled_at: Date | null }> {
  return db
    .insertInto('webhook_endpoints')
    .values({ partner_id: partnerId, url, method, created_at: now, updated_at: now })
    .onConflict((conflict) => conflict.columns(['partner_id', 'url', 'method'])
      .doUpdateSet((eb) => ({
        updated_at: now,
        disabled_at: enable ? null : eb.ref('webhook_endpoints.disabled_at'),
        disabled_reason: enable ? null : eb.ref('webhook_endpoints.disabled_reason'),
      })))
    .returning(['id', 'disabled_at'])
    .executeTakeFirstOrThrow();
}

/**
 * A pending delivery due now and its job; to a disabled endpoint the delivery is recorded as
 * `gone` (visible in the delivery list) and never attempted.
 */
export async function scheduleDelivery(
  trx: DatabaseTransaction,
  input: {
    eventId: string;
    endpointId: string;
    partnerId: string;
    now: Date;
    endpointDisabled: boolean;
  },
): Promise<string> {
  const delivery = await trx
    .insertInto('webhook_deliveries')
    .values({
      event_id: input.eventId,
      endpoint_id: input.endpointId,
      partner_id: input.partnerId,
      status: input.endpointDisabled ? 'gone' : 'pending',
      next_attempt_at: input.endpointDisabled ? null : input.now,
      last_error: input.endpointDisabled ? 'endpoint disabled: it answered 410 Gone' : null,
      created_at: input.now,
      updated_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!input.endpointDisabled) {
    await addOutboxJob(trx, {
      identifier: JOB_IDENTIFIERS.webhooksDeliver,
      payload: { delivery_id: delivery.id },
      jobKey: deliveryJobKey(delivery.id),
      maxAttempts: WEBHOOK_JOB_ATTEMPTS_MAX,
      queueName: deliveryQueueName(input.endpointId),
    });
  }
  return delivery.id;
}

/**
 * Deliveries to one endpoint run one at a time: a receiver that hangs holds one delivery slot,
 * never the slots other partners' events need.
 */
export function deliveryQueueName(endpointId: string): string {
  return `${JOB_IDENTIFIERS.webhooksDeliver}:${endpointId}`;
}

export function deliveryJobKey(deliveryId: string): string {
  return `${JOB_IDENTIFIERS.webhooksDeliver}:${deliveryId}`;
}
