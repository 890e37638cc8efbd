/**
 * Webhook deliveries (beyond Vobiz): what was sent where, how often, with what answer, when the
 * next attempt is due; and a manual redelivery.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import {
  listWebhookDeliveries,
  redeliverWebhook,
  type WebhookDeliveryRow,
} from '../../domain/webhooks/webhook-deliveries';
import { WEBHOOK_DELIVERIES_PAGE_SIZE_MAX } from '../../limits';
import { errorResponses, Nullable, Page, PerPage, Timestamp } from '../schemas/common';

const DeliveryStatus = Type.Enum(['pending', 'delivered', 'failed', 'gone'], {
  description: 'pending (attempts left), delivered (2xx), ' +
    'failed (schedule spent or URL refused), ' +
    'gone (the receiver answered 410)',
});
const EventType = Type.Enum([
  'kyc.completed', 'kyc.failed', 'kyc.session_revoked', 'kyc.session_expired',
  'CallInitiated', 'Hangup',
]);

const DeliveryBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  event_id: Type.String({
    description: 'Sent as webhook-id; the same on every attempt and redelivery',
  }),
  event: Type.String({ examples: ['kyc.completed'] }),
  session_id: Nullable(Type.String()),
  url: Type.String(),
  status: Type.String({ examples: ['delivered'] }),
  attempts: Type.Integer(),
  last_status_code: Nullable(Type.Integer()),
  last_error: Nullable(Type.String()),
  next_attempt_at: Nullable(Timestamp),
  last_attempt_at: Nullable(Timestamp),
  delivered_at: Nullable(Timestamp),
  created_at: Timestamp,
  updated_at: Timestamp,
  // Set while the endpoint's circuit breaker is open (too many failures in a row).
  endpoint_paused_until: Nullable(Timestamp),
  test: Type.Boolean({ description: 'A test event the operator sent (dialtone webhooks trigger)' }),
  method: Type.Enum(['POST', 'GET'], {
    description: 'How the URL is called: POST, or a trunk\'s webhook_method',
  }),
  call_uuid: Nullable(Type.String({ description: 'The call a CallInitiated or Hangup reports' })),
});

const DeliveriesQuery = Type.Object({
  page: Page,
  size: PerPage(WEBHOOK_DELIVERIES_PAGE_SIZE_MAX),
  status: Type.Optional(DeliveryStatus),
  event: Type.Optional(EventType),
  session_id: Type.Optional(Type.String({ maxLength: 64 })),
});

const DeliveryParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function toWire(row: WebhookDeliveryRow) {
  const time = (value: Date | null) => value?.toISOString() ?? null;
  return {
    ...row,
    next_attempt_at: time(row.next_attempt_at),
    last_attempt_at: time(row.last_attempt_at),
    delivered_at: time(row.delivered_at),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    endpoint_paused_until: time(row.endpoint_paused_until),
  };
}

export const webhookDeliveriesRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;
  app.get('/webhook-deliveries', {
    schema: {
      tags: ['partner'],
      summary: 'Webhook deliveries, newest first',
      querystring: DeliveriesQuery,
      response: {
        200: Type.Object({
          deliveries: Type.Array(DeliveryBody),
          total: Type.Integer(),
          page: Type.Integer(),
          size: Type.Integer(),
        }),
        ...errorResponses(401, 403, 422),
      },
    },
  }, async (request) => {
    const { page, size, status, event, session_id: sessionId } = request.query;
    const query = { page, size, status, event, sessionId };
    const { rows, total } = await listWebhookDeliveries(db, request.partner, query);
    return { deliveries: rows.map(toWire), total, page, size };
  });

  app.post('/webhook-deliveries/:id/redeliver', {
    schema: {
      tags: ['partner'],
      summary: 'Send the event again to the same URL (a new delivery, same webhook-id)',
      params: DeliveryParams,
      response: { 202: DeliveryBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const delivery = await redeliverWebhook(db, request.partner, request.params.id, clock());
    reply.code(202);
    return toWire(delivery);
  });
};
