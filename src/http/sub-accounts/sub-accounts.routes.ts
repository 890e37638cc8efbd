/**
 * Sub-accounts of the authenticated customer (vobiz-sdk-surface.md 2):
 * /api/v1/accounts/{auth_id}/sub-accounts/ (the trailing slash is optional, as on every route).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { deleteSubAccount } from '../../domain/sub-accounts/sub-account-deletion';
import {
  createSubAccount,
  getSubAccount,
  listSubAccounts,
  updateSubAccount,
} from '../../domain/sub-accounts/sub-accounts';
import { PAGE_SIZE_DEFAULT } from '../../limits';
import { forgetCredentials } from '../plugins/auth';
import { errorResponses } from '../schemas/common';
import {
  CreatedSubAccountBody,
  CreateSubAccountBody,
  DeletedSubAccountBody,
  ListSubAccountsBody,
  ListSubAccountsQuery,
  ParentParams,
  SubAccountBody,
  SubAccountParams,
  toWireSubAccount,
  UpdateSubAccountBody,
} from './sub-accounts.schemas';

export const subAccountsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;
  const toWire = (row: Parameters<typeof toWireSubAccount>[0], token?: string) =>
    toWireSubAccount(row, deps.rateLimitPerMinute, token);

  app.get('/sub-accounts/', {
    schema: {
      tags: ['sub-accounts'],
      summary: 'List sub-accounts, newest first',
      params: ParentParams,
      querystring: ListSubAccountsQuery,
      response: { 200: ListSubAccountsBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const { page } = request.query;
    const size = request.query.size ?? request.query.per_page ?? PAGE_SIZE_DEFAULT;
    const { rows, total } = await listSubAccounts(db, request.account, { page, size });
    return { sub_accounts: rows.map((row) => toWire(row)), total, page, size };
  });

  app.post('/sub-accounts/', {
    config: { idempotent: true },
    schema: {
      tags: ['sub-accounts'],
      summary: 'Create a sub-account with its own SA_ credentials (the token is shown only here)',
      params: ParentParams,
      body: CreateSubAccountBody,
      response: { 201: CreatedSubAccountBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const { subAccount, authToken } = await createSubAccount(db, request.account, request.body, clock());
    reply.code(201);
    return {
      message: 'Sub-account created successfully',
      sub_account: toWire(subAccount, authToken),
      auth_credentials: { auth_id: subAccount.auth_id, auth_token: authToken },
      // dialtone has no short-lived tokens: the API token is the bearer token and never expires.
      tokens: { access_token: authToken, refresh_token: authToken, token_type: 'Bearer', expires_in: 0 },
    };
  });

  app.get('/sub-accounts/:sub_auth_id', {
    schema: {
      tags: ['sub-accounts'],
      summary: 'One sub-account',
      params: SubAccountParams,
      response: { 200: SubAccountBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => toWire(await getSubAccount(db, request.account, request.params.sub_auth_id)));

  app.put('/sub-accounts/:sub_auth_id', {
    schema: {
      tags: ['sub-accounts'],
      summary: 'Rename, enable/disable, or change kyc_mode (kyc_calls_blocked is re-derived)',
      params: SubAccountParams,
      body: UpdateSubAccountBody,
      response: { 200: SubAccountBody, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request) => {
    const { sub_auth_id: authId } = request.params;
    const row = await updateSubAccount(db, request.account, authId, request.body, clock());
    forgetCredentials(authId);
    return toWire(row);
  });

  app.delete('/sub-accounts/:sub_auth_id', {
    schema: {
      tags: ['sub-accounts'],
      summary: 'Delete a sub-account for good; its credentials stop working at once',
      params: SubAccountParams,
      response: { 200: DeletedSubAccountBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const { sub_auth_id: authId } = request.params;
    await deleteSubAccount(db, request.account, authId, clock());
    forgetCredentials(authId);
    return { message: 'Sub-account deleted successfully' };
  });
};
