/**
 * What a partner sees of its webhooks: every delivery with its attempts, last answer and next
 * attempt, and a manual redelivery. Scoped by partner: another partner's delivery is not found.
 */
import type { Executor, Database } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import type { WebhookDeliveryStatus, WebhookEventType } from '../../db/schema';
import { DomainError, notFound } from '../errors';
import { isUuid } from '../ids';
import type { PartnerPrincipal } from '../principals';
import { scheduleDelivery, upsertWebhookEndpoint } from './webhook-events';

/** The partner's deliveries with their event and endpoint, before any columns are chosen. */
function deliveriesOf(db: Executor, partnerId: string) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .innerJoin('webhook_endpoints as p', 'p.id', 'd.endpoint_id')
    .where('d.partner_id', '=', partnerId);
}

const DELIVERY_COLUMNS = [
  'd.id', 'd.event_id', 'e.type as event', 'e.kyc_session_id as session_id', 'p.url',
  'd.status', 'd.attempts', 'd.last_status_code', 'd.last_error', 'd.next_attempt_at',
  'd.last_attempt_at', 'd.delivered_at', 'd.created_at', 'd.updated_at', 'e.test',
  'p.paused_until as endpoint_paused_until', 'p.method', 'e.call_uuid',
] as const;

function deliveryRows(db: Executor, partnerId: string) {
  return deliveriesOf(db, partnerId).select(DELIVERY_COLUMNS);
}

export type WebhookDeliveryRow = Awaited<
  ReturnType<ReturnType<typeof deliveryRows>['executeTakeFirstOrThrow']>
>;

export interface DeliveryQuery {
  page: number;
  size: number;
  status?: WebhookDeliveryStatus | undefined;
  event?: WebhookEventType | undefined;
  sessionId?: string | undefined;
}

/** Newest first, bounded by `size`. */
export async function listWebhookDeliveries(
  db: Executor,
  partner: PartnerPrincipal,
  query: DeliveryQuery,
): Promise<{ rows: WebhookDeliveryRow[]; total: number }> {
  if (query.sessionId !== undefined && !isUuid(query.sessionId)) return { rows: [], total: 0 };
  // One filtered query serves both the page and its total, so the two cannot disagree.
  let filtered = deliveriesOf(db, partner.id);
  if (query.status) filtered = filtered.where('d.status', '=', query.status);
  if (query.event) filtered = filtered.where('e.type', '=', query.event);
  if (query.sessionId) filtered = filtered.where('e.kyc_session_id', '=', query.sessionId);
  const [page, total] = await Promise.all([
    filtered.select(DELIVERY_COLUMNS).orderBy('d.created_at', 'desc').orderBy('d.id', 'desc')
      .limit(query.size).offset((query.page - 1) * query.size).execute(),
    filtered.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: page, total: Number(total.n) };
}

/**
 * Sends the event of delivery `deliveryId` again to the same URL, as a new delivery with a fresh
 * schedule and the same event id (`webhook-id`, so receivers dedupe). Re-enables an endpoint
 * that answered 410. Errors: not_found; conflict while a delivery of the event is pending.
 */
export async function redeliverWebhook(
  db: Database,
  partner: PartnerPrincipal,
  deliveryId: string,
  now: Date,
): Promise<WebhookDeliveryRow> {
  if (!isUuid(deliveryId)) throw notFound('Webhook delivery');
  try {
    const newId = await db.transaction().execute(async (trx) => {
      const original = await deliveryRows(trx, partner.id)
        .where('d.id', '=', deliveryId)
        .executeTakeFirst();
      if (!original) throw notFound('Webhook delivery');
      const endpoint = await upsertWebhookEndpoint(trx, partner.id, original.url, now, true,
        original.method);
      return scheduleDelivery(trx, {
        eventId: original.event_id,
        endpointId: endpoint.id,
        partnerId: partner.id,
        now,
        endpointDisabled: false,
      });
    });
    return await deliveryRows(db, partner.id).where('d.id', '=', newId).executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error, 'webhook_deliveries_one_pending')) {
      throw new DomainError('conflict', 'A delivery of this event to this URL is still pending');
    }
    throw error;
  }
}
