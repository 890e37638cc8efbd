/** Customer accounts of the authenticated partner (vobiz-api.md 1.3), plus suspend/activate. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createAccount,
  getAccount,
  listAccounts,
  setAccountStatus,
} from '../../domain/accounts/accounts';
import type { AppDeps } from '../../app';
import { forgetCredentials } from '../../domain/auth/credential-cache';
import { errorResponses } from '../schemas/common';
import {
  AccountBalanceBody,
  AccountParams,
  AccountWithTokenBody,
  CreateAccountBody,
  CreatedAccountBody,
  ListAccountsBody,
  ListAccountsQuery,
  toWireAccount,
} from './accounts.schemas';

export const accountsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, sealer }) => {
  app.post('/accounts', {
    config: { idempotent: true },
    schema: {
      tags: ['partner'],
      summary: 'Create a customer account',
      body: CreateAccountBody,
      response: { 201: CreatedAccountBody, ...errorResponses(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    const { account, authToken } =
      await createAccount(request.db, sealer, request.partner, request.body);
    reply.code(201);
    return {
      ...toWireAccount(account),
      auth_token: authToken,
      balance: Number(account.cash_credits),
    };
  });

  app.get('/accounts', {
    schema: {
      tags: ['partner'],
      summary: 'List customer accounts',
      querystring: ListAccountsQuery,
      response: { 200: ListAccountsBody, ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    const { page, per_page: perPage, search } = request.query;
    const { rows, total } = await listAccounts(db, sealer, request.partner, { page, perPage, search });
    const accounts = rows.map((row) => ({ ...toWireAccount(row), auth_token: row.auth_token }));
    return { accounts, total, page, size: perPage };
  });

  app.get('/accounts/:cid', {
    schema: {
      tags: ['partner'],
      summary: 'One customer account, including its auth_token',
      params: AccountParams,
      response: { 200: AccountWithTokenBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const account = await getAccount(db, sealer, request.partner, request.params.cid);
    return { ...toWireAccount(account), auth_token: account.auth_token };
  });

  app.get('/accounts/:cid/balance', {
    schema: {
      tags: ['partner'],
      summary: "A customer's wallet balance",
      params: AccountParams,
      response: { 200: AccountBalanceBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const account = await getAccount(db, sealer, request.partner, request.params.cid);
    return {
      auth_id: account.auth_id,
      name: account.name,
      cash_credits: account.cash_credits,
      currency: account.currency,
      updated_at: account.balance_updated_at.toISOString(),
    };
  });

  for (const [action, status] of [['suspend', 'suspended'], ['activate', 'active']] as const) {
    app.post(`/accounts/:cid/${action}`, {
      schema: {
        tags: ['partner'],
        summary: action === 'suspend'
          ? 'Suspend a customer (beyond Vobiz): its credentials get 403, its wallet takes no transfers'
          : 'Reactivate a suspended customer (beyond Vobiz)',
        params: AccountParams,
        response: { 200: AccountWithTokenBody, ...errorResponses(401, 403, 404, 422) },
      },
    }, async (request) => {
      const account = await setAccountStatus(db, sealer, request.partner, request.params.cid, status);
      forgetCredentials(account.auth_id);
      return { ...toWireAccount(account), auth_token: account.auth_token };
    });
  }
};
