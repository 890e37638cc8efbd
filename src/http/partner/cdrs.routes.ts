/**
 * A partner's view of its customers' calls (vobiz-api.md 1.6): per customer, one call, and
 * across all customers. Every route here answers 403 while the partner's can_view_cdrs is false:
 * the check is this plugin's own hook, after the scope's authentication.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { getCdr, listCdrs } from '../../domain/cdrs/cdr-lists';
import { getPartnerAccountScope } from '../../domain/cdrs/cdr-scopes';
import { DomainError } from '../../domain/errors';
import { errorResponses } from '../schemas/common';
import {
  CdrBody, CdrListBody, CdrListQuery, PartnerCdrListBody, filtersOf, toWireCdr, toWireCdrList,
} from '../customer/cdrs.schemas';
import { AccountParams } from './accounts.schemas';

const CdrParams = Type.Object({
  ...AccountParams.properties,
  call_uuid: Type.String({ minLength: 1, maxLength: 36, description: 'The call uuid' }),
});

export const partnerCdrsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.addHook('onRequest', async (request) => {
    if (!request.partner.canViewCdrs) {
      throw new DomainError('forbidden', 'This partner is not allowed to view CDRs');
    }
  });

  app.get('/accounts/:cid/cdrs', {
    schema: {
      tags: ['partner'], summary: "A customer's calls, filtered, paginated, with a summary",
      params: AccountParams, querystring: CdrListQuery,
      response: { 200: CdrListBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const { query } = request;
    const scope = await getPartnerAccountScope(db, request.partner, request.params.cid);
    const page = { page: query.page, perPage: query.per_page, cursor: query.cursor };
    const result = await listCdrs(db, { accountId: scope.accountId }, filtersOf(query), page);
    return toWireCdrList(result, page, { id: scope.accountId, authId: scope.authId });
  });

  app.get('/accounts/:cid/cdrs/:call_uuid', {
    schema: {
      tags: ['partner'], summary: "One of a customer's calls (a bare CDR object)",
      params: CdrParams,
      response: { 200: CdrBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const scope = await getPartnerAccountScope(db, request.partner, request.params.cid);
    return toWireCdr(await getCdr(db, { accountId: scope.accountId }, request.params.call_uuid));
  });

  app.get('/cdrs', {
    schema: {
      tags: ['partner'], summary: "Calls across all the partner's customers",
      querystring: CdrListQuery,
      response: { 200: PartnerCdrListBody, ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    const { query } = request;
    const page = { page: query.page, perPage: query.per_page, cursor: query.cursor };
    const result = await listCdrs(db, { partnerId: request.partner.id }, filtersOf(query), page);
    return toWireCdrList(result, page, { id: null, authId: null });
  });
};
