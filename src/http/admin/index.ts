/** The operator (admin) API scope: /api/v1/admin/*, Authorization: Bearer <admin token>. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { authenticateOperator } from '../plugins/auth';
import { adminPartnersRoutes } from './partners.routes';
import { adminCapacityRoutes } from './capacity.routes';
import { adminInventoryRoutes } from './inventory.routes';
import { adminSimulateRoutes } from './simulate.routes';
import { adminWebhookTestsRoutes } from './webhook-tests.routes';
import { adminNumberSubAccountsRoutes } from './number-sub-accounts.routes';

export const adminApi: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addHook('onRequest', authenticateOperator(deps.adminTokenDigest));
  await app.register(adminPartnersRoutes, deps);
  await app.register(adminInventoryRoutes, deps);
  await app.register(adminCapacityRoutes, deps);
  await app.register(adminSimulateRoutes, deps);
  await app.register(adminWebhookTestsRoutes, deps);
  await app.register(adminNumberSubAccountsRoutes, deps);
};
