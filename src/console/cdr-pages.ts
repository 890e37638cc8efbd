/**
 * The CDR list, CSV export and call detail for one account's scope, shared by the customer's
 * own area and the partner's view of a customer: the caller resolves the scope (and with it
 * the tenancy check), these handlers only read it.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { UsageDay } from '../domain/analytics/account-usage';
import { exportCdrsAsCsv } from '../domain/cdrs/cdr-exports';
import type { CdrFilters } from '../domain/cdrs/cdr-filters';
import { getCdr, listCdrs } from '../domain/cdrs/cdr-lists';
import { CDR_EXPORT_IDLE_TIMEOUT_MS, CONSOLE_PAGE_SIZE } from '../limits';
import type { ConsoleDeps } from './console-deps';
import { attempt, sendHtml } from './console-http';
import { frameOf } from './console-scopes';
import { type CdrFilterValues, cdrPage, cdrsPage } from './views/cdrs-pages';

const Optional = (maxLength: number) => Type.Optional(Type.String({ maxLength }));
const FiltersQuery = Type.Object({
  start_date: Optional(10), end_date: Optional(10), call_direction: Optional(10),
    status: Optional(10),
  from_number: Optional(64), to_number: Optional(64),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});
// The partner's paths carry the customer's auth id too (validation drops undeclared params).
const CdrParams = Type.Object({ uuid: Type.String({ maxLength: 36 }), authId: Optional(20) });

type FiltersQueryValue = Static<typeof FiltersQuery>;

export interface CdrScopeOfRequest {
  accountId: string;
  partnerId: string;
  authId: string;
  currency: string;
  basePath: string;
  title: string;
  usage?: () => Promise<UsageDay[]>;
}

function valuesOf(query: FiltersQueryValue): CdrFilterValues {
  return {
    start_date: query.start_date ?? '', end_date: query.end_date ?? '',
      call_direction: query.call_direction ?? '',
    status: query.status ?? '', from_number: query.from_number ?? '',
      to_number: query.to_number ?? '',
  };
}

/** Empty fields mean "any"; the domain checks what is left (date pairs, known values). */
function filtersOf(values: CdrFilterValues): CdrFilters {
  return Object.fromEntries(Object.entries(values).filter(([,
    value]) => value !== '')) as CdrFilters;
}

/**
 * Registers `${path}`, `${path}.csv` and `${path}/:uuid`; `scopeOf` throws not_found for
 * strangers.
 */
export function registerCdrPages(
  app: FastifyInstance,
  deps: ConsoleDeps,
  path: string,
  scopeOf: (request: FastifyRequest) => Promise<CdrScopeOfRequest>,
): void {
  app.get<{ Querystring: FiltersQueryValue }>(path, { schema: { querystring: FiltersQuery } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const values = valuesOf(request.query);
      const { page } = request.query;
      const [listed, usage] = await Promise.all([
        attempt(() => listCdrs(deps.db, { accountId: scope.accountId }, filtersOf(values), { page,
          perPage: CONSOLE_PAGE_SIZE })),
        scope.usage?.(),
      ]);
      const result = listed.ok ? listed.value : undefined;
      return sendHtml(reply, listed.ok ? 200 : 422, cdrsPage(frameOf(request), {
        basePath: scope.basePath, title: scope.title, usage,
        rows: result?.rows ?? [], filters: values, page, hasNext: result?.hasNext ?? false,
        totals: result?.totals ?? { total_calls: '0', total_cost: '0' }, currency: scope.currency,
        error: listed.ok
          ? undefined
          : listed.failure.message ?? Object.values(listed.failure.fields).join(' '),
      }));
    });

  app.get<{ Querystring: FiltersQueryValue }>(`${path}.csv`,
    { schema: { querystring: FiltersQuery } },
    async (request, reply: FastifyReply) => {
      const scope = await scopeOf(request);
      const lease = { accountId: scope.accountId, partnerId: scope.partnerId };
      const filters = filtersOf(valuesOf(request.query));
      const stream = await exportCdrsAsCsv(deps.db, lease, filters, (error) => {
        request.log.warn({ err: error }, 'CDR export lease not released; it will expire');
      });
      // A client that accepts no byte for this long is gone or stalling: cut it, freeing its slot.
      reply.raw.setTimeout(CDR_EXPORT_IDLE_TIMEOUT_MS, () => request.raw.socket.destroy());
      return reply.header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="cdrs-${scope.authId}.csv"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(stream);
    });

  app.get<{ Params: Static<typeof CdrParams> }>(`${path}/:uuid`, { schema: { params: CdrParams } },
    async (request, reply) => {
      const scope = await scopeOf(request);
      const row = await getCdr(deps.db, { accountId: scope.accountId }, request.params.uuid);
      return sendHtml(reply, 200, cdrPage(frameOf(request), row, scope.basePath));
    });
}
