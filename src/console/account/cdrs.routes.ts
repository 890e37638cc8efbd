/** The customer's own CDRs (list, CSV, one call) with its usage chart. */
import type { FastifyInstance } from 'fastify';
import { getAccountUsage } from '../../domain/analytics/account-usage';
import { resolvePeriod } from '../../domain/analytics/partner-analytics';
import { registerCdrPages } from '../cdr-pages';
import type { ConsoleDeps } from '../console-deps';
import { accountOf } from '../console-scopes';

export async function cdrsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  registerCdrPages(app, deps, '/cdrs', async (request) => {
    const account = accountOf(request);
    return {
      accountId: account.id, partnerId: account.partnerId, authId: account.authId,
        currency: account.currency,
      basePath: '/console/account/cdrs', title: 'Calls',
      usage: () => getAccountUsage(deps.db, account, resolvePeriod(deps.clock())),
    };
  });
}
