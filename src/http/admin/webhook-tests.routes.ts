/**
 * Test webhook events (beyond Vobiz): the operator sends a partner's receiver a signed sample
 * event through the normal outbox (`dialtone webhooks trigger`); it shows in the partner's
 * delivery log marked `test`.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { sendTestWebhookEvent, WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/test-events';
import { OUTBOUND_URL_LENGTH_MAX } from '../../domain/net/url-guard';
import { errorResponses, PartnerAuthId } from '../schemas/common';

export const adminWebhookTestsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.post('/partners/:auth_id/webhook-tests', {
    schema: {
      tags: ['admin'],
      summary: "Send a signed test event to a URL through the partner's webhook outbox",
      params: Type.Object({ auth_id: PartnerAuthId }),
      body: Type.Object({
        event: Type.Enum(WEBHOOK_EVENT_TYPES),
        url: Type.String({ minLength: 1, maxLength: OUTBOUND_URL_LENGTH_MAX,
          examples: ['http://127.0.0.1:4242/webhooks'] }),
      }),
      response: {
        202: Type.Object({
          event_id: Type.String({ description: 'Sent as webhook-id' }),
          delivery_id: Type.String({ format: 'uuid' }),
        }),
        ...errorResponses(401, 404, 422),
      },
    },
  }, async (request, reply) => {
    const sent = await sendTestWebhookEvent(deps.db, {
      partnerAuthId: request.params.auth_id, type: request.body.event, url: request.body.url,
      now: deps.clock(), allowPrivateUrls: deps.allowPrivateUrls,
    });
    reply.code(202);
    return { event_id: sent.eventId, delivery_id: sent.deliveryId };
  });
};
