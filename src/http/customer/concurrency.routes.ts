/** GET /Account/{auth_id}/concurrency (vobiz-sdk-surface.md §5 getConcurrency). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { getAccountConcurrency } from '../../domain/capacity/account-concurrency';
import { errorResponses, SharedCustomerPathParams } from '../schemas/common';

const ConcurrencyBody = Type.Object({
  account_id: Type.String({ examples: ['MA_E31MAU98'] }),
  request_id: Type.String({ description: 'This request\'s X-Request-ID' }),
  concurrent_calls: Type.Integer({ minimum: 0, description: 'Calls in progress now' }),
  max_concurrent: Type.Integer({ minimum: 0, description: "The account's enforced limit" }),
  utilization_pct: Type.Number({ minimum: 0, examples: [12.5] }),
});

export const customerConcurrencyRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db } = deps;
  // A sub-account sees its own live calls; the operator may look at any account's.
  app.get('/concurrency', {
    config: { subAccounts: true, operator: true },
    schema: {
      tags: ['customer'],
      summary: 'Live calls against the account\'s concurrent-call limit',
      params: SharedCustomerPathParams,
      response: { 200: ConcurrencyBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const usage = await getAccountConcurrency(db, request.account);
    return {
      account_id: request.account.authId,
      request_id: request.id,
      concurrent_calls: usage.concurrentCalls,
      max_concurrent: usage.maxConcurrent,
      utilization_pct: usage.utilizationPct,
    };
  });
};
