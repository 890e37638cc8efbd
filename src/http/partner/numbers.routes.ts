/**
 * The partner's read-only number views (vobiz-api.md 1.7): one customer's numbers and all of
 * its customers' numbers. The Partner API cannot buy, assign or release numbers.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { listPartnerNumbers } from '../../domain/numbers/numbers';
import { NumberListQuery, NumberPageBody, toWireNumber } from '../customer/numbers.schemas';
import { errorResponses } from '../schemas/common';
import { AccountParams } from './accounts.schemas';

const AccountNumberPageBody = Type.Object({
  ...NumberPageBody.properties,
  account_auth_id: Type.String(),
});

export const partnerNumbersRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get('/accounts/:cid/numbers', {
    schema: {
      tags: ['partner'],
      summary: "A customer's numbers (suspended ones carry suspension_reason)",
      params: AccountParams,
      querystring: NumberListQuery,
      response: { 200: AccountNumberPageBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const { page, per_page: perPage, search } = request.query;
    const { cid } = request.params;
    const { rows, total } = await listPartnerNumbers(db, request.partner, {
      accountAuthId: cid, page, perPage, search,
    });
    return { items: rows.map(toWireNumber), page, per_page: perPage, total, account_auth_id: cid };
  });

  app.get('/numbers', {
    schema: {
      tags: ['partner'],
      summary: "Every number owned by the partner's customers",
      querystring: NumberListQuery,
      response: { 200: NumberPageBody, ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    const { page, per_page: perPage, search } = request.query;
    const query = { page, perPage, search };
    const { rows, total } = await listPartnerNumbers(db, request.partner, query);
    return { items: rows.map(toWireNumber), page, per_page: perPage, total };
  });
};
