/** Partner settings: console users (owner only: a staff user's POST is the 404 page). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  createPartnerUser, deletePartnerUser, listPartnerUsers,
} from '../../domain/console/partner-users';
import { notFound } from '../../domain/errors';
import { rotatePartnerToken } from '../../domain/partners/partner-tokens';
import { getWebhookSecret, rotateWebhookSecret } from '../../domain/webhooks/webhook-secrets';
import { forgetCredentials } from '../../domain/auth/credential-cache';
import { CONSOLE_PAGE_SIZE } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, seeOther, sendHtml } from '../console-http';
import { frameOf, partnerOf } from '../console-scopes';
import { noticeText } from '../views/notices';
import { settingsPage } from '../views/settings-pages';

const UserBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  password: Type.String({ maxLength: 128 }),
  role: Type.Union([Type.Literal('owner'), Type.Literal('staff')]),
});
const UserParams = Type.Object({ id: Type.String({ maxLength: 40 }) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Type.String({ maxLength: 30 })) });

function ownerOf(request: FastifyRequest) {
  const { partner, role } = partnerOf(request);
  if (role !== 'owner') throw notFound('Page');
  return partner;
}

export async function settingsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof NoticeQuery> }>('/settings',
    { schema: { querystring: NoticeQuery } },
    async (request, reply) => {
      const { partner, role } = partnerOf(request);
      const users = role === 'owner' ? await listPartnerUsers(deps.db, partner,
        CONSOLE_PAGE_SIZE) : [];
      return sendHtml(reply, 200, settingsPage(frameOf(request),
        { role, users, notice: noticeText(request.query.notice) }));
    });

  app.post<{ Body: Static<typeof UserBody> }>('/settings/users', { schema: { body: UserBody } },
    async (request, reply) => {
      const partner = ownerOf(request);
      const outcome = await attempt(() => createPartnerUser(deps.db, partner, request.body));
      if (outcome.ok) return seeOther(reply, '/console/partner/settings?notice=user_created');
      const users = await listPartnerUsers(deps.db, partner, CONSOLE_PAGE_SIZE);
      return sendHtml(reply, 422, settingsPage(frameOf(request), {
        role: 'owner', users,
        form: { values: request.body, errors: outcome.failure.fields,
          message: outcome.failure.message },
      }));
    });

  app.post<{ Params: Static<typeof UserParams> }>('/settings/users/:id/delete',
    { schema: { params: UserParams } },
    async (request, reply) => {
      await deletePartnerUser(deps.db, ownerOf(request), request.params.id);
      return seeOther(reply, '/console/partner/settings?notice=user_deleted');
    });

  const reveals: [string, string, (request: FastifyRequest) => Promise<string>][] = [
    ['webhook-secret/reveal', 'The webhook signing secret', async (request) =>
      (await getWebhookSecret(deps.db, deps.sealer, ownerOf(request), deps.clock())).secret],
    ['webhook-secret/rotate', 'The new webhook signing secret', async (request) =>
      (await rotateWebhookSecret(deps.db, deps.sealer, ownerOf(request), deps.clock())).secret],
    ['api-token/rotate', 'The new API token', async (request) => {
      const partner = ownerOf(request);
      const token = await rotatePartnerToken(deps.db, deps.sealer, partner);
      forgetCredentials(partner.authId);
      return token;
    }],
  ];
  for (const [action, label, reveal] of reveals) {
    app.post(`/settings/${action}`, async (request, reply) => {
      const value = await reveal(request);
      const users = await listPartnerUsers(deps.db, ownerOf(request), CONSOLE_PAGE_SIZE);
      return sendHtml(reply, 200, settingsPage(frameOf(request), { role: 'owner', users,
        revealed: { label, value } }));
    });
  }
}
