/**
 * The partner's customers: list (search, pages), create, one customer's page, and its actions
 * (transfer, suspend/activate). Each handler calls the use case the API route calls.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import {
  createAccount, getAccount, listAccounts, setAccountStatus,
} from '../../domain/accounts/accounts';
import { listKycSessions } from '../../domain/kyc/kyc-sessions';
import { listPartnerNumbers } from '../../domain/numbers/numbers';
import { listCustomerTrunksOfPartner } from '../../domain/trunks/partner-trunks';
import { listPricingTiers } from '../../domain/pricing/pricing-tiers';
import { listTransactions } from '../../domain/ledger/transactions';
import { transferBalance } from '../../domain/ledger/transfers';
import { forgetCredentials } from '../../domain/auth/credential-cache';
import {
  CONSOLE_PAGE_SIZE, IDEMPOTENCY_KEY_LENGTH_MAX, PRICING_TIERS_PER_PARTNER_MAX,
} from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, seeOther, sendHtml } from '../console-http';
import { frameOf, partnerOf } from '../console-scopes';
import { registerCdrPages } from '../cdr-pages';
import { runOnce } from '../idempotent-forms';
import { type CustomerPageInput, customerPage } from '../views/customer-pages';
import { customersPage, newCustomerPage } from '../views/customers-pages';
import { noticeText } from '../views/notices';

const Text = (maxLength: number) => Type.String({ maxLength });
const ListQuery = Type.Object({
  search: Type.Optional(Text(100)),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});
const CustomerParams = Type.Object({ authId: Text(20) });
const NoticeQuery = Type.Object({ notice: Type.Optional(Text(30)) });
/** The customer page: a notice, and which page of the customer's numbers it shows. */
const CustomerQuery = Type.Object({
  notice: Type.Optional(Text(30)),
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
});
const NewCustomerBody = Type.Object({
  name: Text(200), email: Text(254), phone: Text(20), country: Text(2), company: Text(200),
  password: Text(128),
});
const TransferBody = Type.Object({
  idempotency_key: Type.String({ minLength: 1, maxLength: IDEMPOTENCY_KEY_LENGTH_MAX }),
  amount: Text(20),
  description: Text(255),
});

type NewCustomer = Static<typeof NewCustomerBody>;
const REQUIRED: (keyof NewCustomer)[] = ['name', 'email', 'phone', 'country', 'password'];

/**
 * Everything the customer page shows, read fresh: the form parts come from the caller.
 * `numbersPage`: which page of the customer's numbers (one page of rows, like every list).
 */
export async function customerPageInput(
  deps: ConsoleDeps,
  request: FastifyRequest,
  authId: string,
  numbersPage = 1,
): Promise<CustomerPageInput> {
  const { partner, role } = partnerOf(request);
  const account = await getAccount(deps.db, deps.sealer, partner, authId);
  const [transactions, kyc, tiers, numbers, trunks] = await Promise.all([
    listTransactions(deps.db, { partnerId: partner.id, accountId: account.id }, {},
      { limit: CONSOLE_PAGE_SIZE, offset: 0 }),
    listKycSessions(deps.db, partner, { page: 1, size: CONSOLE_PAGE_SIZE, accountAuthId: authId }),
    // Every tier fits one page: a partner has at most PRICING_TIERS_PER_PARTNER_MAX.
    listPricingTiers(deps.db, partner, { page: 1, perPage: PRICING_TIERS_PER_PARTNER_MAX }),
    listPartnerNumbers(deps.db, partner, { page: numbersPage, perPage: CONSOLE_PAGE_SIZE,
      accountAuthId: authId }),
    listCustomerTrunksOfPartner(deps.db, partner, authId, CONSOLE_PAGE_SIZE),
  ]);
  return {
    account,
    authToken: role === 'owner' ? account.auth_token : undefined,
    transactions: transactions.rows,
    kycSessions: kyc.rows,
    pricingTiers: tiers.rows,
    numbers: numbers.rows,
    numbersPage: { page: numbersPage, size: CONSOLE_PAGE_SIZE, total: numbers.total },
    trunks,
    idempotencyKey: randomUUID(),
  };
}

function customerPath(authId: string, notice?: string): string {
  const query = notice ? `?notice=${notice}` : '';
  return `/console/partner/customers/${encodeURIComponent(authId)}${query}`;
}

export async function customersRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof ListQuery> }>('/customers',
    { schema: { querystring: ListQuery } },
    async (request, reply) => {
      const { search = '', page } = request.query;
      const query = { page, perPage: CONSOLE_PAGE_SIZE, search: search || undefined };
      const { rows, total } = await listAccounts(deps.db, deps.sealer, partnerOf(request).partner,
        query);
      return sendHtml(reply, 200, customersPage(frameOf(request),
        { rows, total, page, size: CONSOLE_PAGE_SIZE, search }));
    });

  app.get('/customers/new', async (request, reply) =>
    sendHtml(reply, 200, newCustomerPage(frameOf(request), {})));

  app.post<{ Body: NewCustomer }>('/customers', { schema: { body: NewCustomerBody } },
    async (request, reply) => {
      const { company, ...fields } = request.body;
      const missing = Object.fromEntries(REQUIRED.filter((name) => request.body[name] === '')
        .map((name) => [name, 'This field is required.']));
      const outcome = Object.keys(missing).length > 0
        ? { ok: false as const, failure: { fields: missing } }
        : await attempt(() => createAccount(deps.db, deps.sealer, partnerOf(request).partner,
          { ...fields, company: company || undefined }));
      if (outcome.ok) return seeOther(reply, customerPath(outcome.value.account.auth_id,
        'created'));
      return sendHtml(reply, 422, newCustomerPage(frameOf(request), {
        values: request.body, errors: outcome.failure.fields, message: outcome.failure.message,
      }));
    });

  app.get<{ Params: Static<typeof CustomerParams>; Querystring: Static<typeof CustomerQuery> }>(
    '/customers/:authId', { schema: { params: CustomerParams, querystring: CustomerQuery } },
    async (request, reply) => {
      const { authId } = request.params;
      const input = await customerPageInput(deps, request, authId, request.query.page);
      return sendHtml(reply, 200, customerPage(frameOf(request),
        { ...input, notice: noticeText(request.query.notice) }));
    });

  app.post<{ Params: Static<typeof CustomerParams>; Body: Static<typeof TransferBody> }>(
    '/customers/:authId/transfer', { schema: { params: CustomerParams, body: TransferBody } },
    async (request, reply) => transfer(deps, request, reply));

  registerCdrPages(app, deps, '/customers/:authId/cdrs', async (request) => {
    const { authId } = request.params as Static<typeof CustomerParams>;
    const { partner } = partnerOf(request);
    const account = await getAccount(deps.db, deps.sealer, partner, authId);
    return {
      accountId: account.id, partnerId: partner.id, authId: account.auth_id,
        currency: account.currency,
      basePath: `/console/partner/customers/${encodeURIComponent(account.auth_id)}/cdrs`,
      title: `Calls of ${account.name}`,
    };
  });

  for (const [action, status] of [['suspend', 'suspended'], ['activate', 'active']] as const) {
    app.post<{ Params: Static<typeof CustomerParams> }>(`/customers/:authId/${action}`,
      { schema: { params: CustomerParams } },
      async (request, reply) => {
        const { partner } = partnerOf(request);
        const account = await setAccountStatus(deps.db, deps.sealer, partner, request.params.authId,
          status);
        forgetCredentials(account.auth_id);
        return seeOther(reply, customerPath(account.auth_id,
          status === 'active' ? 'activated' : 'suspended'));
      });
  }
}

async function transfer(
  deps: ConsoleDeps,
  request: FastifyRequest<{
    Params: Static<typeof CustomerParams>; Body: Static<typeof TransferBody>;
  }>,
  reply: FastifyReply,
) {
  const { partner } = partnerOf(request);
  const { authId } = request.params;
  const { idempotency_key: key, amount, description } = request.body;
  // Not this partner's customer: the 404 page, before any key is claimed.
  await getAccount(deps.db, deps.sealer, partner, authId);
  const run = await runOnce(deps.db, deps.sealer, {
    principalId: partner.authId, key, fingerprint: JSON.stringify(['transfer', authId, amount,
      description]),
  }, (db) => transferBalance(db, partner, authId, {
    amount, currency: partner.currency, description: description || undefined,
  }));
  if (run.kind === 'done') return seeOther(reply, customerPath(authId, 'transferred'));
  if (run.kind === 'in_flight') return seeOther(reply, customerPath(authId, 'transfer_pending'));
  const failure = run.kind === 'failed'
    ? run.failure
    : {
      message: 'This form was already used for another transfer. '
        + 'Check the balance before sending again.',
      fields: {},
    };
  const input = await customerPageInput(deps, request, authId);
  return sendHtml(reply, 422, customerPage(frameOf(request), {
    ...input, transfer: { values: request.body, errors: failure.fields, message: failure.message },
  }));
}
