/**
 * Channel prices on pricing tiers: a partner sets the monthly price of a concurrent-call and a
 * CPS channel and the block size through the pricing-tier API (exact decimals, validated), and
 * a channel subscription of a customer on that tier is then charged exactly that through the
 * ledger.
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'lossless-json';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_BLOCK_SIZE_MAX, CHANNEL_MONTHLY_PRICE_MAX } from '../../../src/limits';
import { useTestApp } from '../../support/app';
import { authHeaders, createPartner, type Credentials } from '../../support/factories';
import { accountUrl, fundedCustomer, walletBalance } from '../../support/numbers';

const t = useTestApp();
let partner: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
});

const send = (method: 'POST' | 'PATCH', url: string, payload: object | string) =>
  t.current.app.inject({
    method, url: `/api/v1/partner${url}`, payload,
    headers: { ...authHeaders(partner), 'content-type': 'application/json' },
  });
/** A tier from raw JSON text, so number literals reach the server as written. */
const createTier = (fieldsJson: string) => send('POST', '/pricing-tiers',
  `{"name":"Channels ${randomUUID().slice(0, 8)}","rate_per_minute":0.4${fieldsJson}}`);
/** Exact text of the body's numbers (the serializer writes them from the stored decimals). */
const exact = (body: string) => parse(body, undefined, (value) => value) as Record<string, any>;

describe('channel prices on a pricing tier', () => {
  it('default to the platform price (null) and a block of 1', async () => {
    const created = await createTier('');
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      concurrent_calls_monthly_price: null, cps_monthly_price: null, channel_block_size: 1,
    });
  });

  it('are stored and answered exactly, as JSON numbers or decimal strings', async () => {
    const created = await createTier(
      ',"concurrent_calls_monthly_price":123.45678,"cps_monthly_price":"0.10001","channel_block_size":2');
    expect(created.statusCode, created.body).toBe(201);
    const body = exact(created.body);
    expect(String(body.concurrent_calls_monthly_price)).toBe('123.45678');
    expect(String(body.cps_monthly_price)).toBe('0.10001');
    expect(created.json().channel_block_size).toBe(2);

    const changed = await send('PATCH', `/pricing-tiers/${created.json().id}`, {
      cps_monthly_price: '999999.99999', concurrent_calls_monthly_price: null,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(String(exact(changed.body).cps_monthly_price)).toBe('999999.99999');
    expect(changed.json()).toMatchObject({ concurrent_calls_monthly_price: null, channel_block_size: 2 });
  });

  it.each([
    ['concurrent_calls_monthly_price', -1],
    ['concurrent_calls_monthly_price', '0.123456'],
    ['cps_monthly_price', `${CHANNEL_MONTHLY_PRICE_MAX}.00001`],
    ['cps_monthly_price', 'ten'],
    ['channel_block_size', 0],
    ['channel_block_size', CHANNEL_BLOCK_SIZE_MAX + 1],
    ['channel_block_size', 1.5],
  ])('refuse %s = %j with 422 naming the field', async (field, value) => {
    const refused = await createTier(`,${JSON.stringify(field)}:${JSON.stringify(value)}`);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json().details.map((detail: { loc: string[] }) => detail.loc.at(-1)))
      .toContain(field);
  });

  it('accept the bounds: price 0 and the maximum, block 1 and the maximum', async () => {
    const low = await createTier(',"cps_monthly_price":0,"channel_block_size":1');
    expect(low.statusCode, low.body).toBe(201);
    const high = await createTier(
      `,"cps_monthly_price":"${CHANNEL_MONTHLY_PRICE_MAX}","channel_block_size":${CHANNEL_BLOCK_SIZE_MAX}`);
    expect(high.statusCode, high.body).toBe(201);
  });
});

describe('a channel subscription on the tier', () => {
  it('is charged the tier\'s price through the ledger, in its blocks', async () => {
    const { app } = t.current;
    const customer = await fundedCustomer(app, '1000.00', partner);
    const tier = await createTier(
      ',"concurrent_calls_monthly_price":123.45678,"channel_block_size":2');
    expect(tier.statusCode, tier.body).toBe(201);
    const assigned = await send('POST', `/accounts/${customer.authId}/pricing-tier`,
      { pricing_tier_id: tier.json().id });
    expect(assigned.statusCode, assigned.body).toBe(200);

    const buy = (quantity: number) => app.inject({
      method: 'POST', url: `/api/v1/accounts/${customer.authId}/channel-subscriptions`,
      headers: authHeaders(customer), payload: { resource_type: 'concurrent_calls', quantity },
    });
    const offBlock = await buy(3);
    expect(offBlock.statusCode).toBe(400);
    expect(offBlock.json().message).toMatch(/multiple of 2/);

    const bought = await buy(4);
    expect(bought.statusCode, bought.body).toBe(201);
    expect(bought.json()).toMatchObject({ quantity: 4, monthly_cost: '493.82712' });
    expect(await walletBalance(app, customer)).toBe('506.17288');
    const ledger = await app.inject({
      url: accountUrl(customer, '/transactions?limit=10&offset=0'), headers: authHeaders(customer),
    });
    const debit = exact(ledger.body).transactions
      .find((row: { reference_type?: string }) => row.reference_type === 'channel_subscription');
    expect(debit, ledger.body).toBeDefined();
    expect(String(debit.amount)).toMatch(/^493\.82712/);
  });
});
