/** GET /console/partner/transactions: one page of ledger entries, optionally one customer's. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { listTransactions } from '../../domain/ledger/transactions';
import { CONSOLE_PAGE_SIZE } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { sendHtml } from '../console-http';
import { frameOf, partnerOf } from '../console-scopes';
import { transactionsPage } from '../views/transactions-pages';

const ListQuery = Type.Object({
  account: Type.Optional(Type.String({ maxLength: 20 })),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});

export async function transactionsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuery> }>('/transactions',
    { schema: { querystring: ListQuery } },
    async (request, reply) => {
      const { account = '', page } = request.query;
      const { rows, total } = await listTransactions(deps.db,
        { partnerId: partnerOf(request).partner.id },
        { account: account || undefined }, { limit: CONSOLE_PAGE_SIZE,
          offset: (page - 1) * CONSOLE_PAGE_SIZE });
      return sendHtml(reply, 200, transactionsPage(frameOf(request), {
        rows, total, page, size: CONSOLE_PAGE_SIZE, account, path: '/console/partner/transactions',
          showFilter: true,
      }));
    });
}
