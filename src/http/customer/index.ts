/**
 * The Customer API scope: /api/v1/Account/{auth_id}/* with the customer's own credentials.
 * Routes match case-insensitively (the app sets caseSensitive: false), so /account/ works too.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { authenticateAccount } from '../plugins/auth';
import { balanceRoutes } from './balance.routes';
import { customerTransactionsRoutes } from './transactions.routes';
import { credentialsRoutes } from './credentials.routes';
import { ipAclsRoutes } from './ip-acls.routes';
import { numbersRoutes } from './numbers.routes';
import { originationUrisRoutes } from './origination-uris.routes';
import { trunksRoutes } from './trunks.routes';
import { customerCdrsRoutes } from './cdrs.routes';
import { customerConcurrencyRoutes } from './concurrency.routes';
import { numberHealthRoutes } from './number-health.routes';
import { numberSubAccountsRoutes } from './number-sub-accounts.routes';

export const customerApi: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addHook('onRequest', authenticateAccount(deps.db, deps.adminTokenDigest));
  await app.register(balanceRoutes, deps);
  await app.register(customerTransactionsRoutes, deps);
  await app.register(numbersRoutes, deps);
  await app.register(trunksRoutes, deps);
  await app.register(credentialsRoutes, deps);
  await app.register(ipAclsRoutes, deps);
  await app.register(originationUrisRoutes, deps);
  await app.register(customerCdrsRoutes, deps);
  await app.register(customerConcurrencyRoutes, deps);
  await app.register(numberHealthRoutes, deps);
  await app.register(numberSubAccountsRoutes, deps);
};
