/** The operator area (/console/operator): one page of partners with their balances. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { listPartnerProfiles } from '../../domain/partners/partners';
import { CONSOLE_PAGE_SIZE } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { sendHtml } from '../console-http';
import { frameOf } from '../console-scopes';
import { partnersPage } from '../views/operator-pages';

const PageQuery = Type.Object({ page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }) });

export async function operatorRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof PageQuery> }>('/', { schema: { querystring: PageQuery } },
    async (request, reply) => {
      const { page } = request.query;
      const { rows, total } = await listPartnerProfiles(deps.db, page, CONSOLE_PAGE_SIZE);
      return sendHtml(reply, 200, partnersPage(frameOf(request), { rows, total, page, size: CONSOLE_PAGE_SIZE }));
    });
}
