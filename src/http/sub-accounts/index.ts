/**
 * The sub-account scopes, authenticated with the parent customer's own MA_ credentials:
 * /api/v1/accounts/{auth_id}/sub-accounts/ (lower-case plural, vobiz-sdk-surface.md 2).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { authenticateParentAccount } from '../plugins/auth';
import { subAccountsRoutes } from './sub-accounts.routes';

export const subAccountsApi: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addHook('onRequest', authenticateParentAccount(deps.db));
  await app.register(subAccountsRoutes, deps);
};
