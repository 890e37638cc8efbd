/**
 * The account routes Vobiz serves under the lower-case plural /api/v1/accounts/{auth_id}/*,
 * with the account's own credentials for its own id (another id is 404).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { authenticateAccount } from '../plugins/auth';
import { channelSubscriptionsRoutes } from './channel-subscriptions.routes';

export const accountsApi: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addHook('onRequest', authenticateAccount(deps.db, deps.adminTokenDigest));
  await app.register(channelSubscriptionsRoutes, deps);
};
