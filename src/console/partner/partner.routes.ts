/** The partner area of the console (/console/partner/*): one module per page group. */
import type { FastifyInstance } from 'fastify';
import type { ConsoleDeps } from '../console-deps';
import { customersRoutes } from './customers.routes';
import { kycSessionsRoutes } from './kyc-sessions.routes';
import { overviewRoutes } from './overview.routes';
import { pricingTiersRoutes } from './pricing-tiers.routes';
import { settingsRoutes } from './settings.routes';
import { transactionsRoutes } from './transactions.routes';
import { webhooksRoutes } from './webhooks.routes';

export async function partnerRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  await overviewRoutes(app, deps);
  await customersRoutes(app, deps);
  await kycSessionsRoutes(app, deps);
  await transactionsRoutes(app, deps);
  await webhooksRoutes(app, deps);
  await pricingTiersRoutes(app, deps);
  await settingsRoutes(app, deps);
}
