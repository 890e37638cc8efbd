/**
 * The customer area (/console/account): balance and transactions here; numbers, trunks and
 * CDRs in their own modules.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { getAccountWallet } from '../../domain/accounts/wallets';
import { listTransactions } from '../../domain/ledger/transactions';
import { CONSOLE_PAGE_SIZE } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { sendHtml } from '../console-http';
import { accountOf, frameOf } from '../console-scopes';
import { accountHomePage } from '../views/account-pages';
import { cdrsRoutes } from './cdrs.routes';
import { numbersRoutes } from './numbers.routes';
import { trunksRoutes } from './trunks.routes';

const PageQuery = Type.Object({ page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }) });

export async function accountRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof PageQuery> }>('/', { schema: { querystring: PageQuery } },
    async (request, reply) => {
      const account = accountOf(request);
      const { page } = request.query;
      const [wallet, transactions] = await Promise.all([
        getAccountWallet(deps.db, account, account.currency),
        listTransactions(deps.db, { partnerId: account.partnerId, accountId: account.id }, {},
          { limit: CONSOLE_PAGE_SIZE, offset: (page - 1) * CONSOLE_PAGE_SIZE }),
      ]);
      return sendHtml(reply, 200, accountHomePage(frameOf(request), {
        balance: wallet.balance, currency: wallet.currency,
        rows: transactions.rows, total: transactions.total, page, size: CONSOLE_PAGE_SIZE,
      }));
    });
  await numbersRoutes(app, deps);
  await trunksRoutes(app, deps);
  await cdrsRoutes(app, deps);
}
