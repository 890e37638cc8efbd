/** The operator (admin) API scope: /api/v1/admin/*, Authorization: Bearer <admin token>. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { authenticateOperator } from '../plugins/auth';
import { adminPartnersRoutes } from './partners.routes';

export const adminApi: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addHook('onRequest', authenticateOperator(deps.adminTokenDigest));
  await app.register(adminPartnersRoutes, deps);
};
