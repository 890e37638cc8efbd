/** Webhook deliveries of the partner, newest first, with a redeliver action. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { listWebhookDeliveries, redeliverWebhook } from '../../domain/webhooks/webhook-deliveries';
import { CONSOLE_PAGE_SIZE } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, seeOther, sendHtml } from '../console-http';
import { frameOf, partnerOf } from '../console-scopes';
import { webhookDeliveriesPage } from '../views/webhooks-pages';

const ListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  notice: Type.Optional(Type.String({ maxLength: 30 })),
});
const DeliveryParams = Type.Object({ id: Type.String({ maxLength: 40 }) });

export async function webhooksRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const render = async (request: Parameters<typeof partnerOf>[0], page: number,
    notice?: string) => {
    const { rows, total } = await listWebhookDeliveries(deps.db, partnerOf(request).partner,
      { page, size: CONSOLE_PAGE_SIZE });
    return webhookDeliveriesPage(frameOf(request), { rows, total, page, size: CONSOLE_PAGE_SIZE,
      notice });
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>('/webhook-deliveries',
    { schema: { querystring: ListQuery } },
    async (request, reply) => sendHtml(reply, 200, await render(request, request.query.page,
      request.query.notice === 'redelivered'
        ? 'The event is scheduled for delivery again.'
        : undefined)));

  app.post<{ Params: Static<typeof DeliveryParams> }>('/webhook-deliveries/:id/redeliver',
    { schema: { params: DeliveryParams } },
    async (request, reply) => {
      const outcome = await attempt(() =>
        redeliverWebhook(deps.db, partnerOf(request).partner, request.params.id, deps.clock()));
      if (outcome.ok) return seeOther(reply,
        '/console/partner/webhook-deliveries?notice=redelivered');
      return sendHtml(reply, 409, await render(request, 1, outcome.failure.message));
    });
}
