/** Ledger history: one customer's, and the partner-wide view (vobiz-api.md 1.5). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getAccount } from '../../domain/accounts/accounts';
import { listTransactions } from '../../domain/ledger/transactions';
import type { AppDeps } from '../../app';
import { errorResponses } from '../schemas/common';
import {
  GlobalTransactionsQuery,
  AccountTransactionsBody,
  TransactionsBody,
  TransactionsQuery,
  toWireTransactions,
} from '../schemas/transactions';
import { AccountParams } from './accounts.schemas';

export const transactionsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, sealer }) => {
  app.get('/accounts/:cid/transactions', {
    schema: {
      tags: ['partner'],
      summary: "A customer's ledger history with a summary",
      params: AccountParams,
      querystring: TransactionsQuery,
      response: { 200: AccountTransactionsBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const account = await getAccount(db, sealer, request.partner, request.params.cid);
    const { page, per_page: perPage, from_date, to_date, transaction_type } = request.query;
    const result = await listTransactions(
      db,
      { partnerId: request.partner.id, accountId: account.id },
      { fromDate: from_date, toDate: to_date, transactionType: transaction_type },
      { limit: perPage, offset: (page - 1) * perPage },
    );
    return { ...toWireTransactions(result, { page, perPage }), account_auth_id: account.auth_id };
  });

  app.get('/transactions', {
    schema: {
      tags: ['partner'],
      summary: "Ledger history across the partner's wallet and all its customers",
      querystring: GlobalTransactionsQuery,
      response: { 200: TransactionsBody, ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    const { page, per_page: perPage, from_date, to_date, transaction_type, account, search } =
      request.query;
    const result = await listTransactions(
      db,
      { partnerId: request.partner.id },
      { fromDate: from_date, toDate: to_date, transactionType: transaction_type, account, search },
      { limit: perPage, offset: (page - 1) * perPage },
    );
    return toWireTransactions(result, { page, perPage });
  });
};
