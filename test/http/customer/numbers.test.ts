/**
 * Customer numbers: inventory browse and purchase (vobiz-api.md 2.1). Money moves through the
 * ledger in the purchase's own transaction; the ledger invariants hold after every test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { findLedgerViolations, isLedgerSound } from '../../../src/domain/ledger/invariants';
import { useTestApp } from '../../support/app';
import { authHeaders } from '../../support/factories';
import {
  accountUrl,
  fundedCustomer,
  importRows,
  purchase,
  stockNumber,
  takeInventoryRows,
  walletBalance,
} from '../../support/numbers';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const clock = manualClock(new Date('2026-01-31T10:00:00.000Z'));
const t = useTestApp({ clock });

afterEach(async () => {
  expect(isLedgerSound(await findLedgerViolations(t.current.database.handle.db))).toBe(true);
});

async function ledgerEntryCount(): Promise<number> {
  const { db } = t.current.database.handle;
  const row = await db.selectFrom('ledger_entries').select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('GET /Account/{auth_id}/inventory/numbers', () => {
  it('lists only unowned numbers, filtered by country, search and exclude prefixes', async () => {
    const { app } = t.current;
    const rows = takeInventoryRows(6);
    await importRows(app, rows);
    const customer = await fundedCustomer(app, 0);
    const list = async (query: string) => {
      const response = await app.inject({
        url: accountUrl(customer, `/inventory/numbers${query}`), headers: authHeaders(customer),
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const all = await list('?country=in&per_page=100');
    expect(all).toMatchObject({ page: 1, per_page: 100, total: expect.any(Number) });
    expect(all.items[0]).toMatchObject({
      account_id: '', country: 'IN', status: 'active', currency: 'INR',
      capabilities: { voice: true }, voice_enabled: true, is_blocked: false, tags: [],
    });
    const first = rows[0]!.e164;
    const bySearch = await list(`?search=${encodeURIComponent(first.slice(3, 11))}`);
    expect(bySearch.items.map((item: { e164: string }) => item.e164)).toContain(first);
    const prefix = first.slice(1, 7);
    const excluded = await list(`?exclude=${prefix},1800&exclude=%2B99`);
    expect(excluded.items.some((item: { e164: string }) => item.e164.startsWith(`+${prefix}`))).toBe(false);
    expect((await list('?country=US')).total).toBe(0);
  });

  it.each([
    ['per_page over 100', '?per_page=101'],
    ['page 0', '?page=0'],
    ['a non-digit exclude prefix', '?exclude=91ab'],
    ['a non-digit search', '?search=abc'],
    ['21 exclude prefixes', `?exclude=${Array.from({ length: 21 }, (_, i) => 900 + i).join(',')}`],
  ])('refuses %s with 422', async (_name, query) => {
    const { app } = t.current;
    const customer = await fundedCustomer(app, 0);
    const response = await app.inject({
      url: accountUrl(customer, `/inventory/numbers${query}`), headers: authHeaders(customer),
    });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json()).toMatchObject({ error: 'ValidationError', status_code: 422 });
  });
});

describe('POST /Account/{auth_id}/numbers/purchase-from-inventory', () => {
  it('assigns the number and debits setup_fee + monthly_fee through the ledger', async () => {
    const { app } = t.current;
    const e164 = await stockNumber(app, { setup_fee: '499.00', monthly_fee: '299.50' });
    const customer = await fundedCustomer(app, '1000.00');
    const response = await purchase(app, customer, e164);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.message).toBe('Number purchased successfully');
    expect(body.items).toEqual([body.number]);
    // Fees are JSON numbers written from the stored decimals; no trunk: the key is left out.
    expect(response.body).toContain('"setup_fee":499.00000,"monthly_fee":299.50000');
    expect(body.number).not.toHaveProperty('trunk_group_id');
    expect(body.number).toMatchObject({
      e164, account_id: customer.authId, status: 'active', source: 'inventory',
      setup_fee: 499, monthly_fee: 299.5,
      purchased_at: '2026-01-31T10:00:00.000Z',
      last_billing_date: '2026-01-31T10:00:00.000Z',
      // Anchored on the 31st: February's period ends on its last day.
      next_billing_date: '2026-02-28T10:00:00.000Z',
      suspension_reason: null,
    });
    expect(await walletBalance(app, customer)).toBe('201.50000');

    const history = await app.inject({ url: accountUrl(customer, '/transactions'), headers: authHeaders(customer) });
    const debit = history.json().transactions.find((row: { type: string }) => row.type === 'debit');
    expect(debit).toMatchObject({ amount: 798.5 });
    expect(debit.description).toContain(e164);

    const mine = await app.inject({ url: accountUrl(customer, '/numbers'), headers: authHeaders(customer) });
    expect(mine.json()).toMatchObject({ total: 1, items: [{ e164, status: 'active' }] });
    const inventory = await app.inject({
      url: accountUrl(customer, `/inventory/numbers?search=${encodeURIComponent(e164)}`),
      headers: authHeaders(customer),
    });
    expect(inventory.json().total).toBe(0);
    expectDocumented(await openApiDocument(app), 'POST',
      '/api/v1/Account/{auth_id}/numbers/purchase-from-inventory', response);
  });

  it('with too little balance answers insufficient_balance and changes nothing', async () => {
    const { app } = t.current;
    const e164 = await stockNumber(app, { setup_fee: '499.00', monthly_fee: '299.00' });
    const customer = await fundedCustomer(app, '797.99');
    const entriesBefore = await ledgerEntryCount();
    const response = await purchase(app, customer, e164);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'insufficient_balance',
      message: 'Your balance (797.99 INR) is insufficient for this purchase ' +
        '(798.00 INR: setup 499.00 + first month 299.00).',
      current_balance: 797.99,
      requested_amount: 798,
      currency: 'INR',
    });
    expect(await walletBalance(app, customer)).toBe('797.99000');
    expect(await ledgerEntryCount()).toBe(entriesBefore);
    const mine = await app.inject({ url: accountUrl(customer, '/numbers'), headers: authHeaders(customer) });
    expect(mine.json().total).toBe(0);
    const { db } = t.current.database.handle;
    const number = await db.selectFrom('phone_numbers').selectAll().where('e164', '=', e164)
      .executeTakeFirstOrThrow();
    expect(number).toMatchObject({ account_id: null, status: 'active', purchased_at: null });
  });

  it('two customers buying one number at once: exactly one wins, one debit', async () => {
    const { app } = t.current;
    const e164 = await stockNumber(app);
    const buyers = await Promise.all(Array.from({ length: 6 }, () => fundedCustomer(app, '1000')));
    const responses = await Promise.all(buyers.map((buyer) => purchase(app, buyer, e164)));
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 404, 404, 404, 404, 404]);
    const winner = buyers[responses.findIndex((response) => response.statusCode === 200)]!;
    const balances = await Promise.all(buyers.map((buyer) => walletBalance(app, buyer)));
    expect(balances.filter((balance) => balance === '202.00000')).toHaveLength(1);
    expect(balances.filter((balance) => balance === '1000.00000')).toHaveLength(5);
    expect(await walletBalance(app, winner)).toBe('202.00000');
    const loser = responses.find((response) => response.statusCode === 404)!;
    expect(loser.json()).toMatchObject({ error: 'HTTPError', message: `Number ${e164} is not available in inventory` });
  });

  it('a number bought by one customer is 404 for the next, and an unknown number is 404', async () => {
    const { app } = t.current;
    const e164 = await stockNumber(app);
    const first = await fundedCustomer(app, '1000');
    const second = await fundedCustomer(app, '1000');
    expect((await purchase(app, first, e164)).statusCode).toBe(200);
    expect((await purchase(app, second, e164)).statusCode).toBe(404);
    expect((await purchase(app, second, '+918047189999')).statusCode).toBe(404);
    expect(await walletBalance(app, second)).toBe('1000.00000');
  });

  it('a purchase retried (in turn or at once) gets the number back once, charged once', async () => {
    const { app } = t.current;
    const e164 = await stockNumber(app);
    const buyer = await fundedCustomer(app, '2000');
    const first = await purchase(app, buyer, e164);
    expect(first.statusCode, first.body).toBe(200);
    const retried = await purchase(app, buyer, e164);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().number).toEqual(first.json().number);
    const racing = await stockNumber(app);
    const both = await Promise.all([purchase(app, buyer, racing), purchase(app, buyer, racing)]);
    expect(both.map((response) => response.statusCode)).toEqual([200, 200]);
    expect(both[0]!.json().number.id).toBe(both[1]!.json().number.id);
    // 2 x (499.00 setup + 299.00 first month), not 4 x.
    expect(await walletBalance(app, buyer)).toBe('404.00000');
    const other = await fundedCustomer(app, '1000');
    expect((await purchase(app, other, e164)).statusCode).toBe(404);
  });

  it('a number priced in another currency is 400; a free number needs no balance', async () => {
    const { app } = t.current;
    const [usd, free] = takeInventoryRows(2);
    await importRows(app, [{ ...usd!, currency: 'USD' }, { ...free!, setup_fee: '0', monthly_fee: '0' }]);
    const customer = await fundedCustomer(app, 0);
    const refused = await purchase(app, customer, usd!.e164);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('priced in USD');
    const mismatch = await app.inject({
      method: 'POST', url: accountUrl(customer, '/numbers/purchase-from-inventory'),
      headers: authHeaders(customer), payload: { e164: free!.e164, currency: 'USD' },
    });
    expect(mismatch.statusCode).toBe(400);
    expect((await purchase(app, customer, free!.e164)).statusCode).toBe(200);
    expect(await walletBalance(app, customer)).toBe('0.00000');
  });

  it.each([
    ['no e164', {}],
    ['e164 without +', { e164: '918047181234' }],
    ['e164 with letters', { e164: '+91804718abcd' }],
    ['a lowercase currency', { e164: '+918047181234', currency: 'inr' }],
  ])('refuses %s with 422', async (_name, payload) => {
    const { app } = t.current;
    const customer = await fundedCustomer(app, 0);
    const response = await app.inject({
      method: 'POST', url: accountUrl(customer, '/numbers/purchase-from-inventory'),
      headers: authHeaders(customer), payload,
    });
    expect(response.statusCode).toBe(422);
  });

  it('accepts the lowercase /account/ path and replays with an Idempotency-Key', async () => {
    const { app } = t.current;
    const e164 = await stockNumber(app);
    const customer = await fundedCustomer(app, '2000');
    const request = {
      method: 'POST' as const,
      url: `/api/v1/account/${customer.authId}/numbers/purchase-from-inventory`,
      headers: { ...authHeaders(customer), 'idempotency-key': 'buy-once' },
      payload: { e164 },
    };
    const first = await app.inject(request);
    const again = await app.inject(request);
    expect(first.statusCode).toBe(200);
    expect(again.statusCode).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await walletBalance(app, customer)).toBe('1202.00000');
  });
});
