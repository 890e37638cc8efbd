/** The customer's numbers: buy from inventory, release (24-hour pending), cancel a release. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { DomainError } from '../../domain/errors';
import { listInventory, parseExcludePrefixes } from '../../domain/numbers/inventory';
import { listAccountNumbers } from '../../domain/numbers/numbers';
import { purchaseNumber } from '../../domain/numbers/purchases';
import { cancelRelease, releaseNumber } from '../../domain/numbers/releases';
import { CONSOLE_PAGE_SIZE } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, seeOther, sendHtml } from '../console-http';
import { accountOf, frameOf } from '../console-scopes';
import { numbersPage } from '../views/numbers-pages';

const NumbersQuery = Type.Object({
  country: Type.Optional(Type.String({ maxLength: 2 })),
  search: Type.Optional(Type.String({ maxLength: 15 })),
  /** The API's `exclude`: E.164 prefixes to leave out, comma-separated. */
  exclude: Type.Optional(Type.String({ maxLength: 400 })),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  owned_page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  notice: Type.Optional(Type.String({ maxLength: 30 })),
});
const NumberParams = Type.Object({ e164: Type.String({ maxLength: 20 }) });
const PurchaseBody = Type.Object({ e164: Type.String({ maxLength: 20 }) });

const NOTICES: Record<string, string> = {
  bought: 'The number is yours.',
  released: 'The number is pending release for 24 hours.',
  kept: 'The release was cancelled: the number stays yours.',
};

type Query = Static<typeof NumbersQuery>;
type NumberRequest = FastifyRequest<{ Body: { e164?: string }; Params: { e164?: string } }>;

async function renderNumbers(
  deps: ConsoleDeps, request: FastifyRequest, reply: FastifyReply, query: Query, status: number,
    error?: string,
) {
  const account = accountOf(request);
  const { country = '', search = '', exclude = '', page, owned_page: ownedPage } = query;
  const excluded = exclusionsOf(exclude);
  const [owned, inventory] = await Promise.all([
    listAccountNumbers(deps.db, account, { page: ownedPage, perPage: CONSOLE_PAGE_SIZE }),
    listInventory(deps.db, {
      country: country || undefined, search: search || undefined,
      excludePrefixes: excluded.prefixes, page, perPage: CONSOLE_PAGE_SIZE,
    }),
  ]);
  return sendHtml(reply, excluded.errors ? 422 : status, numbersPage(frameOf(request), {
    owned: { ...owned, page: ownedPage, size: CONSOLE_PAGE_SIZE },
    inventory: { ...inventory, page, size: CONSOLE_PAGE_SIZE },
    filters: { country, search, exclude },
    filterErrors: excluded.errors,
    notice: query.notice === undefined ? undefined : NOTICES[query.notice],
    error,
  }));
}

/** The API's reading of `exclude`; a malformed list is shown at its field, nothing left out. */
function exclusionsOf(text: string): { prefixes: string[]; errors?: { exclude: string } } {
  try {
    return { prefixes: parseExcludePrefixes([text]) };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { prefixes: [], errors: { exclude: error.problems[0]?.msg ?? error.message } };
  }
}

export async function numbersRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: Query }>('/numbers', { schema: { querystring: NumbersQuery } },
    async (request, reply) => renderNumbers(deps, request, reply, request.query, 200));

  const actions: [string, string, (request: NumberRequest) => Promise<unknown>][] = [
    ['/numbers/purchase', 'bought', (request) =>
      purchaseNumber(deps.db, accountOf(request), { e164: request.body.e164! }, deps.clock())],
    ['/numbers/:e164/release', 'released', (request) =>
      releaseNumber(deps.db, accountOf(request), request.params.e164!, { immediate: false },
        deps.clock())],
    ['/numbers/:e164/cancel-release', 'kept', (request) =>
      cancelRelease(deps.db, accountOf(request), request.params.e164!, deps.clock())],
  ];
  for (const [url, notice, run] of actions) {
    const schema = url.includes(':e164') ? { params: NumberParams } : { body: PurchaseBody };
    app.post<{ Body: { e164?: string }; Params: { e164?: string } }>(url, { schema },
      async (request, reply) => {
      const outcome = await attempt(() => run(request));
      if (outcome.ok) return seeOther(reply, `/console/account/numbers?notice=${notice}`);
      const { message, fields } = outcome.failure;
      return renderNumbers(deps, request, reply, { page: 1, owned_page: 1 }, 409,
        message ?? Object.values(fields).join(' '));
    });
  }
}
