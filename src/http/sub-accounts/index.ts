/**
 * The sub-account scopes, authenticated with the parent customer's own MA_ credentials:
 * /api/v1/accounts/{auth_id}/sub-accounts/ (lower-case plural, vobiz-sdk-surface.md 2) and
 * /api/v1/sub-accounts/… (headless KYC, live and test mode, and hosted KYC sessions; sections
 * 3 and 4).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { authenticateParentAccount } from '../plugins/auth';
import { subAccountKycSessionsRoutes } from './kyc-sessions.routes';
import { subAccountKycTestModeRoutes } from './kyc-test-mode.routes';
import { subAccountKycRoutes } from './kyc.routes';
import { subAccountsRoutes } from './sub-accounts.routes';

export const subAccountsApi: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addHook('onRequest', authenticateParentAccount(deps.db, deps.adminTokenDigest));
  await app.register(subAccountsRoutes, deps);
};

/**
 * Every headless KYC route (live, test mode, hosted sessions) admits the operator too
 * (`config.operator`): the contract's caller is "the owning parent main account, or an admin".
 */
export const subAccountKycApi: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addHook('onRequest', authenticateParentAccount(deps.db, deps.adminTokenDigest));
  await app.register(subAccountKycRoutes, deps);
  await app.register(subAccountKycTestModeRoutes, deps);
  await app.register(subAccountKycSessionsRoutes, deps);
};
