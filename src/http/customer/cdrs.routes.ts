/**
 * A customer's own call records (vobiz-api.md 2.4): /cdr, /cdr/search, /cdr/recent,
 * /cdr/export and /cdr/{uuid}, each also under the plural /cdrs the partner guide shows.
 * The scope's auth hook has already matched the path's auth_id to the credentials.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { exportCdrsAsCsv } from '../../domain/cdrs/cdr-exports';
import { getCdr, listCdrs, listRecentCdrs } from '../../domain/cdrs/cdr-lists';
import { CDR_EXPORT_IDLE_TIMEOUT_MS } from '../../limits';
import { CustomerPathParams, errorResponses } from '../schemas/common';
import {
  CdrFiltersQuery,
  CdrListBody,
  CdrListQuery,
  CdrSearchBody,
  CsvResponse,
  OneCdrBody,
  RecentBody,
  RecentQuery,
  filtersOf,
  toFiltersEcho,
  toWireCdr,
  toWireCdrList,
} from './cdrs.schemas';

const CdrParams = Type.Object({
  ...CustomerPathParams.properties,
  uuid: Type.String({ minLength: 1, maxLength: 36, description: 'The call uuid' }),
});

const tags = ['customer'];
const errors = errorResponses(401, 403, 404, 422);

export const customerCdrsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  for (const base of ['/cdr', '/cdrs']) {
    const list = { tags, params: CustomerPathParams, querystring: CdrListQuery };

    app.get(base, {
      schema: {
        ...list, summary: 'Call records, filtered, paginated, with a summary',
        response: { 200: CdrListBody, ...errors },
      },
    }, async (request) => {
      const { account, query } = request;
      const page = { page: query.page, perPage: query.per_page, cursor: query.cursor };
      const result = await listCdrs(db, { accountId: account.id }, filtersOf(query), page);
      return toWireCdrList(result, page, { id: account.authId, authId: account.authId });
    });

    app.get(`${base}/search`, {
      schema: {
        ...list, summary: 'Call records, with the filters echoed',
        response: { 200: CdrSearchBody, ...errors },
      },
    }, async (request) => {
      const { account, query } = request;
      const page = { page: query.page, perPage: query.per_page, cursor: query.cursor };
      const filters = filtersOf(query);
      const result = await listCdrs(db, { accountId: account.id }, filters, page);
      const body = toWireCdrList(result, page, { id: account.authId, authId: account.authId });
      return { ...body, filters: toFiltersEcho(filters) };
    });

    app.get(`${base}/recent`, {
      schema: {
        tags, summary: 'The most recent calls', params: CustomerPathParams,
        querystring: RecentQuery, response: { 200: RecentBody, ...errors },
      },
    }, async (request) => {
      const { account } = request;
      const rows = await listRecentCdrs(db, { accountId: account.id }, request.query.limit);
      const data = rows.map(toWireCdr);
      return { account_id: account.authId, count: data.length, data, success: true };
    });

    app.get(`${base}/export`, {
      schema: {
        tags, summary: 'Every matching call as CSV, streamed (paging is ignored)',
        params: CustomerPathParams, querystring: CdrFiltersQuery,
        response: { 200: CsvResponse, ...errorResponses(401, 403, 404, 422, 429) },
      },
    }, async (request, reply) => {
      const { account } = request;
      const scope = { accountId: account.id, partnerId: account.partnerId };
      const stream = await exportCdrsAsCsv(db, scope, filtersOf(request.query), (error) => {
        request.log.warn({ err: error }, 'CDR export lease not released; it will expire');
      });
      // A client that accepts no byte for this long is gone or stalling: cut it, freeing its slot.
      reply.raw.setTimeout(CDR_EXPORT_IDLE_TIMEOUT_MS, () => request.raw.socket.destroy());
      reply.header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cdrs-${account.authId}.csv"`);
      return reply.send(stream);
    });

    app.get(`${base}/:uuid`, {
      schema: {
        tags, summary: 'One call record by its uuid', params: CdrParams,
        response: { 200: OneCdrBody, ...errors },
      },
    }, async (request) => {
      const row = await getCdr(db, { accountId: request.account.id }, request.params.uuid);
      return { data: toWireCdr(row), success: true };
    });
  }
};
