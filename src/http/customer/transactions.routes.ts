/** GET /Account/{auth_id}/transactions: the customer's own ledger (vobiz-api.md 2.3). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listTransactions } from '../../domain/ledger/transactions';
import type { AppDeps } from '../../app';
import { TRANSACTIONS_PAGE_SIZE_MAX } from '../../limits';
import { CustomerPathParams, errorResponses } from '../schemas/common';
import {
  TransactionsBody,
  TransactionsQueryProperties,
  toWireTransactions,
} from '../schemas/transactions';

// Vobiz's customer route pages with limit/offset; page/per_page are accepted too.
const CustomerTransactionsQuery = Type.Object({
  ...TransactionsQueryProperties,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: TRANSACTIONS_PAGE_SIZE_MAX })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
});

export const customerTransactionsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get('/transactions', {
    schema: {
      tags: ['customer'],
      summary: "The customer's ledger history with a summary",
      params: CustomerPathParams,
      querystring: CustomerTransactionsQuery,
      response: { 200: TransactionsBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const { from_date, to_date, transaction_type } = request.query;
    const perPage = request.query.limit ?? request.query.per_page;
    const offset = request.query.offset ?? (request.query.page - 1) * perPage;
    const result = await listTransactions(
      db,
      { partnerId: request.account.partnerId, accountId: request.account.id },
      { fromDate: from_date, toDate: to_date, transactionType: transaction_type },
      { limit: perPage, offset },
    );
    const page = Math.floor(offset / perPage) + 1;
    const account_auth_id = request.account.authId;
    return { ...toWireTransactions(result, { page, perPage }), account_auth_id };
  });
};
