/**
 * Channel subscriptions across their life: priced from the pricing tier (preview buys nothing),
 * the first month debited through the ledger at purchase and the account's limit raised; each
 * 30-day renewal settled exactly once by the job (worker included), charged while the wallet
 * can pay, lapsed (limit back down) when it cannot, with a renewal record either way.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DAY_MS, manualClock } from '../../src/domain/clock';
import { renewDueChannelSubscriptions } from '../../src/domain/capacity/channel-subscriptions';
import { findLedgerViolations, isLedgerSound } from '../../src/domain/ledger/invariants';
import { channelSubscriptionsRenew } from '../../src/jobs/tasks/channel-subscriptions-renew';
import { useTestApp } from '../support/app';
import { runCronTaskOnce } from '../support/jobs';
import {
  authHeaders, createPartner, creditPartner, transfer, type Credentials,
} from '../support/factories';
import { fundedCustomer, walletBalance } from '../support/numbers';

const clock = manualClock(new Date('2026-03-01T09:00:00.000Z'));
const t = useTestApp({ clock });

afterEach(async () => {
  expect(isLedgerSound(await findLedgerViolations(t.current.database.handle.db))).toBe(true);
});

const channelsUrl = (customer: Credentials, path: string) =>
  `/api/v1/accounts/${customer.authId}/${path}`;

function buy(customer: Credentials, payload: object, as: Credentials = customer) {
  return t.current.app.inject({
    method: 'POST', url: channelsUrl(customer, 'channel-subscriptions'), headers: authHeaders(as), payload,
  });
}

async function limits(customer: Credentials) {
  const me = await t.current.app.inject({ url: '/api/v1/auth/me', headers: authHeaders(customer) });
  expect(me.statusCode, me.body).toBe(200);
  const { concurrent_calls_limit, purchased_concurrent_calls, cps_limit } = me.json();
  return { concurrent_calls_limit, purchased_concurrent_calls, cps_limit };
}

async function renewalsOf(subscriptionId: string) {
  return t.current.database.handle.db.selectFrom('channel_subscription_renewals')
    .select(['outcome', 'amount', 'transaction_id']).where('subscription_id', '=', subscriptionId)
    .orderBy('period_start').execute();
}

/** One worker lifetime: enqueue the job as cron would, run until the queue is empty, stop. */
async function runWorkerOnce(): Promise<void> {
  const { handle } = t.current.database;
  await runCronTaskOnce(handle, 'channel_subscriptions_renew', { channel_subscriptions_renew: channelSubscriptionsRenew(handle.db, clock) });
}

describe('channel pricing preview', () => {
  it('prices from the platform, then from the tier, with its block rule, and buys nothing', async () => {
    const { app, database } = t.current;
    const customer = await fundedCustomer(app, '100.00');
    const preview = (query: string) => app.inject({
      url: channelsUrl(customer, `channel-pricing-preview?${query}`), headers: authHeaders(customer),
    });
    const platform = await preview('resource_type=cps&quantity=3');
    expect(platform.statusCode, platform.body).toBe(200);
    expect(platform.json()).toMatchObject({
      resource_type: 'cps', quantity: 3, monthly_cost: '3000.00000', currency: 'INR',
      breakdown: [{ unit_price: '1000.00000', block_size: 1, pricing_tier_id: '' }],
    });
    const tier = await database.handle.db.insertInto('pricing_tiers').values({
      partner_id: (await database.handle.db.selectFrom('accounts').select('partner_id')
        .where('auth_id', '=', customer.authId).executeTakeFirstOrThrow()).partner_id,
      name: 'Channels', currency: 'INR', rate_per_minute: '0.40', is_default: true,
      cps_monthly_price: '99.99', channel_block_size: 5,
    }).returning('id').executeTakeFirstOrThrow();
    const priced = await preview('resource_type=cps&quantity=10');
    expect(priced.json()).toMatchObject({
      monthly_cost: '999.90000', breakdown: [{ pricing_tier_id: tier.id, block_size: 5 }],
    });
    const offBlock = await preview('resource_type=cps&quantity=7');
    expect(offBlock.statusCode).toBe(400);
    expect(offBlock.json().message).toMatch(/multiple of 5/);
    expect((await preview('resource_type=cps&quantity=0')).statusCode).toBe(422);
    expect((await preview('resource_type=minutes&quantity=5')).statusCode).toBe(422);
    expect(await walletBalance(app, customer)).toBe('100.00000');
  });
});

describe('POST /accounts/{auth_id}/channel-subscriptions and its renewals', () => {
  it('debits the first month, raises the limit, renews with balance and lapses without', async () => {
    const { app, database } = t.current;
    const customer = await fundedCustomer(app, '1500.00');
    const before = await limits(customer);
    const bought = await buy(customer, { resource_type: 'concurrent_calls', quantity: 2 });
    expect(bought.statusCode, bought.body).toBe(201);
    const subscription = bought.json();
    expect(subscription).toMatchObject({
      resource_type: 'concurrent_calls', quantity: 2, monthly_cost: '1000.00000', status: 'active',
      is_active: true, account_id: expect.any(Number), cancelled_at: null,
      next_billing_date: new Date(clock().getTime() + 30 * DAY_MS).toISOString(),
    });
    expect(await walletBalance(app, customer)).toBe('500.00000');
    expect(await limits(customer)).toEqual({
      ...before,
      concurrent_calls_limit: before.concurrent_calls_limit + 2,
      purchased_concurrent_calls: before.purchased_concurrent_calls + 2,
    });
    const concurrency = await app.inject({
      url: `/api/v1/Account/${customer.authId}/concurrency`, headers: authHeaders(customer),
    });
    expect(concurrency.json()).toMatchObject({
      account_id: customer.authId, concurrent_calls: 0, utilization_pct: 0,
      max_concurrent: before.concurrent_calls_limit + 2,
    });

    // Not due yet: nothing happens.
    clock.advance(29 * DAY_MS);
    expect(await renewDueChannelSubscriptions(database.handle.db, clock())).toEqual({ charged: 0, lapsed: 0 });
    // Due, with balance (the partner tops up): charged once, even when the job runs twice.
    clock.advance(DAY_MS);
    await creditPartner(app, customer.partner, '600.00');
    expect((await transfer(app, customer.partner, customer, '600.00')).statusCode).toBe(200);
    await runWorkerOnce();
    await runWorkerOnce();
    expect(await walletBalance(app, customer)).toBe('100.00000');
    expect((await limits(customer)).purchased_concurrent_calls).toBe(before.purchased_concurrent_calls + 2);

    // The next period finds 100.00 for a 1000.00 month: it lapses and the limit drops.
    clock.advance(30 * DAY_MS);
    expect(await renewDueChannelSubscriptions(database.handle.db, clock())).toEqual({ charged: 0, lapsed: 1 });
    expect(await walletBalance(app, customer)).toBe('100.00000');
    expect(await limits(customer)).toEqual(before);
    const renewals = await renewalsOf(subscription.id);
    expect(renewals.map((renewal) => renewal.outcome)).toEqual(['charged', 'charged', 'lapsed']);
    expect(renewals[2]!.transaction_id).toBeNull();
    expect(renewals.slice(0, 2).every((renewal) => renewal.transaction_id?.startsWith('txn_'))).toBe(true);
    const stored = await database.handle.db.selectFrom('channel_subscriptions').selectAll()
      .where('id', '=', subscription.id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ status: 'lapsed', cancellation_reason: 'insufficient_balance' });
    // A lapsed subscription is never charged again.
    clock.advance(30 * DAY_MS);
    expect(await renewDueChannelSubscriptions(database.handle.db, clock())).toEqual({ charged: 0, lapsed: 0 });
    const ledger = await database.handle.db.selectFrom('ledger_transactions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('reference_type', '=', 'channel_subscription').executeTakeFirstOrThrow();
    expect(Number(ledger.n)).toBe(2);
  });

  it('refuses a purchase the wallet cannot pay, and writes nothing', async () => {
    const { app, database } = t.current;
    const customer = await fundedCustomer(app, '10.00');
    const before = await limits(customer);
    const refused = await buy(customer, { resource_type: 'cps', quantity: 1 });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: 'insufficient_balance' });
    expect(await walletBalance(app, customer)).toBe('10.00000');
    expect(await limits(customer)).toEqual(before);
    const rows = await database.handle.db.selectFrom('channel_subscriptions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id').select('s.id')
      .where('a.auth_id', '=', customer.authId).execute();
    expect(rows).toEqual([]);
  });

  it('acts only for the account itself: another id is 404, partner credentials 403', async () => {
    const { app } = t.current;
    const customer = await fundedCustomer(app, '2000.00');
    const other = await fundedCustomer(app, '2000.00');
    const foreign = await buy(other, { resource_type: 'cps', quantity: 1 }, customer);
    expect(foreign.statusCode).toBe(404);
    const partner = await createPartner(app);
    expect((await buy(customer, { resource_type: 'cps', quantity: 1 }, partner)).statusCode).toBe(403);
    const unauthenticated = await app.inject({
      method: 'POST', url: channelsUrl(customer, 'channel-subscriptions'),
      payload: { resource_type: 'cps', quantity: 1 },
    });
    expect(unauthenticated.statusCode).toBe(401);
    expect(await walletBalance(app, other)).toBe('2000.00000');
  });
});
