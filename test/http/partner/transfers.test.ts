import { describe, expect, it } from 'vitest';
import { findLedgerViolations, isLedgerSound } from '../../../src/domain/ledger/invariants';
import { useTestApp } from '../../support/app';
import {
  authHeaders,
  createCustomer,
  createPartner,
  creditPartner,
  transfer,
} from '../../support/factories';

const t = useTestApp();

describe('POST /api/v1/partner/accounts/{cid}/transfer-balance', () => {
  it('moves exact money and answers in the Vobiz shape', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await creditPartner(app, partner, '1000.10');
    const customer = await createCustomer(app, partner);

    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/partner/accounts/${customer.authId}/transfer-balance`,
      headers: { ...authHeaders(partner), 'content-type': 'application/json' },
      payload: '{"amount": 0.1, "currency": "INR", "description": "April recharge"}',
      // 0.1 + 0.2 is where floats go wrong; the body is raw text so nothing rounds before us.
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.transaction_id).toMatch(/^txn_[0-9a-f]{12}$/);
    expect(body).toMatchObject({
      from_account: partner.authId,
      to_account: customer.authId,
      amount: 0.1,
      currency: 'INR',
      description: 'April recharge',
      status: 'completed',
      partner_balance_after: 1000,
      customer_balance_after: 0.1,
    });
    const second = await transfer(app, partner, customer, 0.2);
    expect(second.json().customer_balance_after).toBe(0.3);

    const balance = await app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}/balance`,
      headers: authHeaders(partner),
    });
    expect(balance.json().cash_credits).toBe('0.30000');
    const me = await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(partner) });
    expect(me.json().balance).toBe('999.80000');
  });

  it('refuses a transfer larger than the balance with the insufficient_balance body', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await creditPartner(app, partner, 200);
    const customer = await createCustomer(app, partner);
    const response = await transfer(app, partner, customer, 500);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'insufficient_balance',
      message: 'Your partner balance (₹200.00) is insufficient for this transfer (₹500.00).',
      current_balance: 200,
      requested_amount: 500,
      currency: 'INR',
    });
  });

  it.each([
    ['zero', 0, 400],
    ['negative', -5, 400],
    ['three decimals', '{"amount": 1.005, "currency": "INR"}', 400],
    ['over the maximum', '{"amount": 10000000000.01, "currency": "INR"}', 400],
    ['a word', '{"amount": "ten", "currency": "INR"}', 422],
    ['a boolean', '{"amount": true, "currency": "INR"}', 422],
    ['missing amount', '{"currency": "INR"}', 422],
    ['another currency', '{"amount": 5, "currency": "USD"}', 400],
    ['malformed JSON', '{"amount": 5,', 422],
  ])('rejects %s with %s', async (_name, payload, status) => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await creditPartner(app, partner, 100);
    const customer = await createCustomer(app, partner);
    const response = await app.inject({
      method: 'POST',
      url: `/api/v1/partner/accounts/${customer.authId}/transfer-balance`,
      headers: { ...authHeaders(partner), 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify({ amount: payload, currency: 'INR' }),
    });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.json().error).toMatch(status === 422 ? /^ValidationError$/ : /^HTTPError$/);
    const me = await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(partner) });
    expect(me.json().balance).toBe('100.00000');
  });

  it('lets exactly as many of 200 concurrent transfers succeed as the balance allows', async () => {
    const { app, database } = t.current;
    const partner = await createPartner(app);
    await creditPartner(app, partner, '1234.50');
    const customers = await Promise.all([1, 2, 3, 4].map(() => createCustomer(app, partner)));

    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => transfer(app, partner, customers[i % 4]!, '10.00')),
    );
    const succeeded = responses.filter((r) => r.statusCode === 200);
    const refused = responses.filter((r) => r.statusCode === 400);
    expect(succeeded).toHaveLength(123);
    expect(refused).toHaveLength(77);
    for (const response of refused) expect(response.json().error).toBe('insufficient_balance');

    const me = await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(partner) });
    expect(me.json().balance).toBe('4.50000');
    const violations = await findLedgerViolations(database.handle.db);
    expect(isLedgerSound(violations), JSON.stringify(violations)).toBe(true);
  });

  it('moves money once for the same Idempotency-Key sent 20 times at once', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await creditPartner(app, partner, 1000);
    const customer = await createCustomer(app, partner);
    const headers = { 'idempotency-key': 'april-recharge-42' };

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => transfer(app, partner, customer, 100, headers)),
    );
    const statuses = responses.map((r) => r.statusCode);
    expect(statuses.every((status) => status === 200 || status === 409)).toBe(true);
    const transactionIds = new Set(responses.filter((r) => r.statusCode === 200)
      .map((r) => r.json().transaction_id));
    expect(transactionIds.size).toBe(1);

    const replay = await transfer(app, partner, customer, 100, headers);
    expect(replay.statusCode).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().transaction_id).toBe([...transactionIds][0]);
    const balance = await app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}/balance`,
      headers: authHeaders(partner),
    });
    expect(balance.json().cash_credits).toBe('100.00000');

    const reused = await transfer(app, partner, customer, 200, headers);
    expect(reused.statusCode).toBe(422);
  });

  it('refuses transfers into a suspended customer until it is reactivated', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await creditPartner(app, partner, 100);
    const customer = await createCustomer(app, partner);
    const suspend = await app.inject({
      method: 'POST',
      url: `/api/v1/partner/accounts/${customer.authId}/suspend`,
      headers: authHeaders(partner),
    });
    expect(suspend.json()).toMatchObject({ status: 'suspended', is_active: false });
    expect((await transfer(app, partner, customer, 10)).statusCode).toBe(409);
    const own = await app.inject({
      url: `/api/v1/Account/${customer.authId}/balance/INR`,
      headers: authHeaders(customer),
    });
    expect(own.statusCode).toBe(403);

    await app.inject({
      method: 'POST',
      url: `/api/v1/partner/accounts/${customer.authId}/activate`,
      headers: authHeaders(partner),
    });
    expect((await transfer(app, partner, customer, 10)).statusCode).toBe(200);
  });

  it('answers 403 when the partner may not transfer balance', async () => {
    const { app } = t.current;
    const partner = await createPartner(app, { can_transfer_balance: false });
    await creditPartner(app, partner, 100);
    const customer = await createCustomer(app, partner);
    expect((await transfer(app, partner, customer, 10)).statusCode).toBe(403);
  });
});
