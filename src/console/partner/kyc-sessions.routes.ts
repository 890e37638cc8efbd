/** KYC sessions: start one for a customer, resend, revoke, and the partner-wide list. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  createKycSession,
  getKycSession,
  listKycSessions,
  resendKycEmail,
  revokeKycSession,
} from '../../domain/kyc/kyc-sessions';
import { CONSOLE_PAGE_SIZE } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, seeOther, sendHtml } from '../console-http';
import { frameOf, partnerOf } from '../console-scopes';
import { customerPage } from '../views/customer-pages';
import { kycSessionsPage } from '../views/kyc-sessions-pages';
import { noticeText } from '../views/notices';
import { customerPageInput } from './customers.routes';

const CustomerParams = Type.Object({ authId: Type.String({ maxLength: 20 }) });
const SessionParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const CreateBody = Type.Object({
  flow_type: Type.Union([Type.Literal('redirect'), Type.Literal('email')]),
  customer_email: Type.String({ maxLength: 254 }),
  redirect_url: Type.String({ maxLength: 2048 }),
});
const ListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  notice: Type.Optional(Type.String({ maxLength: 30 })),
});

export async function kycSessionsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const context = { clock: deps.clock, publicBaseUrl: deps.publicBaseUrl,
    allowPrivateUrls: deps.allowPrivateUrls };

  app.post<{ Params: Static<typeof CustomerParams>; Body: Static<typeof CreateBody> }>(
    '/customers/:authId/kyc-sessions', { schema: { params: CustomerParams, body: CreateBody } },
    async (request, reply) => {
      const { authId } = request.params;
      const { flow_type: flowType, customer_email: email,
        redirect_url: redirectUrl } = request.body;
      const outcome = await attempt(() => createKycSession(deps.db, context,
        partnerOf(request).partner, {
        account_auth_id: authId, flow_type: flowType,
        ...(flowType === 'email'
          ? { customer_email: email }
          : { redirect_url: redirectUrl || undefined }),
      }));
      const input = await customerPageInput(deps, request, authId);
      if (outcome.ok) {
        return sendHtml(reply, 201, customerPage(frameOf(request), {
          ...input, notice: 'The KYC session was started.',
            widgetUrl: outcome.value.widgetUrl ?? undefined,
        }));
      }
      return sendHtml(reply, 422, customerPage(frameOf(request), {
        ...input, kyc: { values: request.body, errors: outcome.failure.fields,
          message: outcome.failure.message },
      }));
    });

  app.get<{ Querystring: Static<typeof ListQuery> }>('/kyc-sessions',
    { schema: { querystring: ListQuery } },
    async (request, reply) => {
      const { page } = request.query;
      const { rows, total } = await listKycSessions(deps.db, partnerOf(request).partner,
        { page, size: CONSOLE_PAGE_SIZE });
      return sendHtml(reply, 200, kycSessionsPage(frameOf(request), {
        rows, total, page, size: CONSOLE_PAGE_SIZE, notice: noticeText(request.query.notice),
      }));
    });

  const actions = [
    ['resend', 'kyc_resent', (partnerId: Parameters<typeof resendKycEmail>[2], id: string) =>
      resendKycEmail(deps.db, deps.clock, partnerId, id)],
    ['revoke', 'kyc_revoked', (partnerId: Parameters<typeof resendKycEmail>[2], id: string) =>
      revokeKycSession(deps.db, deps.clock, partnerId, id, 'revoked in the console')],
  ] as const;
  for (const [action, notice, run] of actions) {
    app.post<{ Params: Static<typeof SessionParams> }>(`/kyc-sessions/:id/${action}`,
      { schema: { params: SessionParams } },
      async (request, reply) => {
        const { partner } = partnerOf(request);
        const session = await getKycSession(deps.db, partner, request.params.id);
        const outcome = await attempt(() => run(partner, session.id));
        const back = `/console/partner/customers/${encodeURIComponent(session.account_auth_id)}`;
        if (outcome.ok) return seeOther(reply, `${back}?notice=${notice}`);
        const input = await customerPageInput(deps, request, session.account_auth_id);
        return sendHtml(reply, 409, customerPage(frameOf(request), { ...input,
          notice: outcome.failure.message }));
      });
  }
}
