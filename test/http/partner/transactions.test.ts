import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import {
  authHeaders,
  createCustomer,
  createPartner,
  creditPartner,
  transfer,
  type Credentials,
} from '../../support/factories';

const t = useTestApp();
let partner: Credentials;
let alice: Credentials;
let bob: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app, { name: 'Ledger Partner' });
  await creditPartner(t.current.app, partner, '1000.00');
  alice = await createCustomer(t.current.app, partner, { name: 'Alice' });
  bob = await createCustomer(t.current.app, partner, { name: 'Bob' });
  for (const [customer, amount] of [[alice, '100.25'], [alice, '50.00'], [bob, '10.10']] as const) {
    expect((await transfer(t.current.app, partner, customer, amount)).statusCode).toBe(200);
  }
});

const get = (url: string, who: Credentials = partner) =>
  t.current.app.inject({ url, headers: authHeaders(who) });

describe('GET /api/v1/partner/accounts/{cid}/transactions', () => {
  it("lists the customer's credits newest first with a summary", async () => {
    const body = (await get(`/api/v1/partner/accounts/${alice.authId}/transactions`)).json();
    expect(body).toMatchObject({ total: 2, page: 1, per_page: 20, total_pages: 1, account_auth_id: alice.authId });
    expect(body.transactions.map((row: { amount: number }) => row.amount)).toEqual([50, 100.25]);
    expect(body.transactions[0]).toMatchObject({
      type: 'credit', transaction_type: 'transfer', currency: 'INR', status: 'completed',
      account_id: alice.authId, description: 'Transfer from partner Ledger Partner',
    });
    expect(body.transactions[0].reference).toMatch(new RegExp(`^ptc:[0-9a-f-]{36}:${alice.authId}:[0-9]+$`));
    expect(body.summary).toEqual({
      total_transactions: 2, total_debit: 0, total_credit: 150.25, net_amount: 150.25,
      by_reference_type: [{ reference_type: 'partner_transfer', total_debit: 0, total_credit: 150.25, count: 2 }],
    });
  });

  it('filters by transaction_type and date', async () => {
    const none = (await get(`/api/v1/partner/accounts/${alice.authId}/transactions?transaction_type=debit`)).json();
    expect(none.total).toBe(0);
    const future = (await get(`/api/v1/partner/accounts/${alice.authId}/transactions?from_date=2999-01-01`)).json();
    expect(future.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const now = (await get(`/api/v1/partner/accounts/${alice.authId}/transactions?from_date=${today}&to_date=${today}`)).json();
    expect(now.total).toBe(2);
  });

  it.each(['per_page=201', 'transaction_type=adjustment', 'from_date=2026-13-01', 'page=0'])(
    'rejects %s with 422', async (query) => {
      const response = await get(`/api/v1/partner/accounts/${alice.authId}/transactions?${query}`);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toBe('ValidationError');
    });
});

describe('GET /api/v1/partner/transactions', () => {
  it("shows both sides: the partner's debits and the customers' credits", async () => {
    const body = (await get('/api/v1/partner/transactions?per_page=200')).json();
    // 1 recharge + 3 transfers x 2 sides.
    expect(body.total).toBe(7);
    expect(body.summary.total_debit).toBe(160.35);
    expect(body.summary.total_credit).toBe(1160.35);
    const types = body.summary.by_reference_type.map((group: { reference_type: string }) => group.reference_type);
    expect(types).toEqual(['operator_credit', 'partner_transfer']);
  });

  it('filters by account and by search text', async () => {
    const bobs = (await get(`/api/v1/partner/transactions?account=${bob.authId}`)).json();
    expect(bobs.total).toBe(1);
    expect(bobs.transactions[0].amount).toBe(10.1);
    const partnerSide = (await get(`/api/v1/partner/transactions?account=${partner.authId}&transaction_type=transfer`)).json();
    expect(partnerSide.total).toBe(3);
    expect(partnerSide.transactions.every((row: { type: string }) => row.type === 'debit')).toBe(true);
    const searched = (await get('/api/v1/partner/transactions?search=Alice')).json();
    expect(searched.total).toBe(2);
    const wildcard = (await get('/api/v1/partner/transactions?search=%25')).json();
    expect(wildcard.total).toBe(0);
  });
});

describe('Customer API: own balance and transactions', () => {
  it('reads the wallet by currency, 404 for another currency', async () => {
    const balance = await get(`/api/v1/Account/${alice.authId}/balance/INR`, alice);
    expect(balance.json()).toMatchObject({ account_id: alice.authId, currency: 'INR', balance: 150.25, available_balance: 150.25 });
    expect(balance.body).toContain('"balance":150.25000');
    expect((await get(`/api/v1/Account/${alice.authId}/balance/USD`, alice)).statusCode).toBe(404);
  });

  it('pages with limit/offset and accepts the lowercase /account/ path', async () => {
    const body = (await get(`/api/v1/account/${alice.authId}/transactions?limit=1&offset=1`, alice)).json();
    expect(body.total).toBe(2);
    expect(body.transactions).toHaveLength(1);
    expect(body.transactions[0].amount).toBe(100.25);
    expect(body.transactions[0].reference_type).toBe('partner_transfer');
  });
});
