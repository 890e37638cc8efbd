/** The Partner API scope: /api/v1/partner/*, authenticated with the partner's X-Auth-ID/Token. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { authenticatePartner } from '../plugins/auth';
import { accountsRoutes } from './accounts.routes';
import { meRoutes } from './me.routes';
import { transactionsRoutes } from './transactions.routes';
import { transfersRoutes } from './transfers.routes';
import { concurrencyRoutes } from './concurrency.routes';
import { partnerNumbersRoutes } from './numbers.routes';
import { kycSessionsRoutes } from './kyc-sessions.routes';
import { webhookDeliveriesRoutes } from './webhook-deliveries.routes';
import { webhookSecretRoutes } from './webhook-secret.routes';
import { partnerCdrsRoutes } from './cdrs.routes';
import { dashboardRoutes } from './dashboard.routes';
import { pricingTiersRoutes } from './pricing-tiers.routes';

export const partnerApi: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addHook('onRequest', authenticatePartner(deps.db));
  await app.register(meRoutes, deps);
  await app.register(accountsRoutes, deps);
  await app.register(transfersRoutes, deps);
  await app.register(transactionsRoutes, deps);
  await app.register(partnerNumbersRoutes, deps);
  await app.register(concurrencyRoutes, deps);
  await app.register(kycSessionsRoutes, deps);
  await app.register(webhookSecretRoutes, deps);
  await app.register(webhookDeliveriesRoutes, deps);
  await app.register(pricingTiersRoutes, deps);
  await app.register(dashboardRoutes, deps);
  // Its own hook answers 403 while can_view_cdrs is false: registered as a separate plugin.
  await app.register(partnerCdrsRoutes, deps);
};
