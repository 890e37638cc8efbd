/** The customer's CDRs: filtered pages, one call, the CSV export, and the usage chart. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { getAccountUsage } from '../../domain/analytics/account-usage';
import { resolvePeriod } from '../../domain/analytics/partner-analytics';
import { exportCdrsAsCsv } from '../../domain/cdrs/cdr-exports';
import type { CdrFilters } from '../../domain/cdrs/cdr-filters';
import { getCdr, listCdrs } from '../../domain/cdrs/cdr-lists';
import { CONSOLE_PAGE_SIZE } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, sendHtml } from '../console-http';
import { accountOf, frameOf } from '../console-scopes';
import { type CdrFilterValues, cdrPage, cdrsPage } from '../views/cdrs-pages';

const Optional = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const FiltersQuery = Type.Object({
  start_date: Optional(10), end_date: Optional(10), call_direction: Optional(10), status: Optional(10),
  from_number: Optional(64), to_number: Optional(64),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});
const CdrParams = Type.Object({ uuid: Type.String({ maxLength: 36 }) });

type FiltersQueryValue = Static<typeof FiltersQuery>;

function valuesOf(query: FiltersQueryValue): CdrFilterValues {
  return {
    start_date: query.start_date ?? '', end_date: query.end_date ?? '', call_direction: query.call_direction ?? '',
    status: query.status ?? '', from_number: query.from_number ?? '', to_number: query.to_number ?? '',
  };
}

/** Empty fields mean "any"; the domain checks what is left (date pairs, known values). */
function filtersOf(values: CdrFilterValues): CdrFilters {
  const set = Object.entries(values).filter(([, value]) => value !== '');
  return Object.fromEntries(set) as CdrFilters;
}

export async function cdrsRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: FiltersQueryValue }>('/cdrs', { schema: { querystring: FiltersQuery } },
    async (request, reply) => {
      const account = accountOf(request);
      const values = valuesOf(request.query);
      const { page } = request.query;
      const [listed, usage] = await Promise.all([
        attempt(() => listCdrs(deps.db, { accountId: account.id }, filtersOf(values), { page, perPage: CONSOLE_PAGE_SIZE })),
        getAccountUsage(deps.db, account, resolvePeriod(deps.clock())),
      ]);
      const result = listed.ok ? listed.value : undefined;
      return sendHtml(reply, listed.ok ? 200 : 422, cdrsPage(frameOf(request), {
        rows: result?.rows ?? [], filters: values, page, hasNext: result?.hasNext ?? false,
        totals: result?.totals ?? { total_calls: '0', total_cost: '0' }, usage, currency: account.currency,
        error: listed.ok ? undefined : listed.failure.message ?? Object.values(listed.failure.fields).join(' '),
      }));
    });

  app.get<{ Querystring: FiltersQueryValue }>('/cdrs.csv', { schema: { querystring: FiltersQuery } },
    async (request, reply) => {
      const account = accountOf(request);
      const stream = exportCdrsAsCsv(deps.db, { accountId: account.id }, filtersOf(valuesOf(request.query)));
      return reply.header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cdrs-${account.authId}.csv"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(stream);
    });

  app.get<{ Params: Static<typeof CdrParams> }>('/cdrs/:uuid', { schema: { params: CdrParams } },
    async (request, reply) => {
      const row = await getCdr(deps.db, { accountId: accountOf(request).id }, request.params.uuid);
      return sendHtml(reply, 200, cdrPage(frameOf(request), row));
    });
}
