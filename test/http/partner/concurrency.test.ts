/**
 * Partner capacity (vobiz-api.md 1.8): the operator sets pools, the partner transfers and
 * reclaims slots; the pool never goes negative, a reclaim never exceeds the net allocation,
 * and concurrent requests cannot over-allocate. Account objects show the new limits.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import {
  authHeaders,
  createCustomer,
  createPartner,
  operatorHeaders,
  type Credentials,
} from '../../support/factories';
import { accountUrl, createTrunk } from '../../support/numbers';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const t = useTestApp();

async function setPools(partner: Credentials, pools: Record<string, number>) {
  return t.current.app.inject({
    method: 'PUT', url: `/api/v1/admin/partners/${partner.authId}/capacity`, headers: operatorHeaders, payload: pools,
  });
}

function move(
  partner: Credentials,
  customer: Credentials,
  action: 'transfer' | 'reclaim',
  payload: Record<string, unknown>,
) {
  return t.current.app.inject({
    method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/concurrency/${action}`,
    headers: authHeaders(partner), payload,
  });
}

async function concurrency(partner: Credentials, customer: Credentials) {
  const response = await t.current.app.inject({
    url: `/api/v1/partner/accounts/${customer.authId}/concurrency`, headers: authHeaders(partner),
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** partners.*_allocated must equal the sum of their customers' net allocations. */
async function expectCountersConsistent() {
  const { rows } = await sql<{ off: string }>`
    select count(*) as off from partners p
    where p.concurrent_calls_allocated <> (select coalesce(sum(a.allocated_concurrent_calls), 0)
                                           from accounts a where a.partner_id = p.id)
       or p.cps_allocated <> (select coalesce(sum(a.allocated_cps), 0)
                              from accounts a where a.partner_id = p.id)`
    .execute(t.current.database.handle.db);
  expect(Number(rows[0]!.off)).toBe(0);
}

describe('admin capacity pools', () => {
  it('reads and sets pools; never below what customers hold', async () => {
    const partner = await createPartner(t.current.app);
    const read = await t.current.app.inject({
      url: `/api/v1/admin/partners/${partner.authId}/capacity`, headers: operatorHeaders,
    });
    expect(read.json()).toEqual({
      partner_auth_id: partner.authId, concurrent_calls_pool: 0, concurrent_calls_allocated: 0,
      concurrent_calls_available: 0, cps_pool: 0, cps_allocated: 0, cps_available: 0,
    });
    const set = await setPools(partner, { concurrent_calls_pool: 50, cps_pool: 10 });
    expect(set.json()).toMatchObject({ concurrent_calls_pool: 50, cps_pool: 10, cps_available: 10 });
    const customer = await createCustomer(t.current.app, partner);
    expect((await move(partner, customer, 'transfer', { slots: 30 })).statusCode).toBe(200);
    const lower = await setPools(partner, { concurrent_calls_pool: 29 });
    expect(lower.statusCode).toBe(409);
    expect(lower.json().concurrent_calls_allocated).toBe(30);
    expect((await setPools(partner, { concurrent_calls_pool: 30 })).json().concurrent_calls_available).toBe(0);
    expect((await setPools(partner, {})).statusCode).toBe(422);
    expect((await setPools(partner, { cps_pool: -1 })).statusCode).toBe(422);
    expect((await setPools({ authId: 'PA_ZZZZZZZZ', token: '' }, { cps_pool: 1 })).statusCode).toBe(404);
    const asPartner = await t.current.app.inject({
      method: 'PUT', url: `/api/v1/admin/partners/${partner.authId}/capacity`, headers: authHeaders(partner),
      payload: { cps_pool: 1000 },
    });
    expect(asPartner.statusCode).toBe(401);
  });
});

describe('POST /accounts/{cid}/concurrency/transfer and /reclaim', () => {
  it('a transfer adds to the customer limit and takes from the pool', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await setPools(partner, { concurrent_calls_pool: 100, cps_pool: 20 });
    const customer = await createCustomer(app, partner);
    const response = await move(partner, customer, 'transfer', { slots: 15, description: 'launch' });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toEqual({
      success: true, slots: 15, resource: 'concurrent_calls', from_account: partner.authId,
      to_account: customer.authId, transfer_reference: expect.stringMatching(/^ctr_[0-9a-f]{16}$/),
      partner_remaining: 85, customer_effective: 25,
      message: `Transferred 15 concurrent_calls slots from ${partner.authId} to ${customer.authId}`,
    });
    const cps = await move(partner, customer, 'transfer', { resource: 'cps', slots: 3 });
    expect(cps.json()).toMatchObject({ resource: 'cps', partner_remaining: 17, customer_effective: 5 });
    expect(await concurrency(partner, customer)).toEqual({
      partner_auth_id: partner.authId, customer_auth_id: customer.authId,
      partner_concurrent_calls_limit: 85, customer_concurrent_calls_limit: 25, net_concurrent_calls_allocated: 15,
      partner_cps_limit: 17, customer_cps_limit: 5, net_cps_allocated: 3, customer_live_calls: 0,
    });
    const account = await app.inject({ url: `/api/v1/partner/accounts/${customer.authId}`, headers: authHeaders(partner) });
    expect(account.json()).toMatchObject({
      concurrent_calls_limit: 25, cps_limit: 5, base_concurrent_calls_limit: 10, base_cps_limit: 2,
      purchased_concurrent_calls: 15, purchased_cps: 3,
    });
    const document = await openApiDocument(app);
    expectDocumented(document, 'POST', '/api/v1/partner/accounts/{cid}/concurrency/transfer', response);
    // The customer may now give a trunk the larger limits.
    await createTrunk(app, customer, { name: 'Big', concurrent_calls_limit: 25, cps_limit: 5 });
    await expectCountersConsistent();
  });

  it('refuses more than the pool holds (400) and changes nothing', async () => {
    const partner = await createPartner(t.current.app);
    await setPools(partner, { concurrent_calls_pool: 5 });
    const customer = await createCustomer(t.current.app, partner);
    const response = await move(partner, customer, 'transfer', { slots: 6 });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      error: 'HTTPError', status_code: 400, available_slots: 5, requested_slots: 6,
      message: 'Insufficient concurrent_calls capacity: 5 slots available in your pool, 6 requested',
    });
    expect(await concurrency(partner, customer)).toMatchObject({
      partner_concurrent_calls_limit: 5, customer_concurrent_calls_limit: 10, net_concurrent_calls_allocated: 0,
    });
    expect((await move(partner, customer, 'transfer', { resource: 'cps', slots: 1 })).statusCode).toBe(400);
  });

  it('a reclaim never exceeds the net allocation and leaves trunk limits as stored', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await setPools(partner, { concurrent_calls_pool: 10, cps_pool: 10 });
    const customer = await createCustomer(app, partner);
    await move(partner, customer, 'transfer', { slots: 6 });
    await move(partner, customer, 'transfer', { resource: 'cps', slots: 4 });
    const trunk = await createTrunk(app, customer, { name: 'Wide', concurrent_calls_limit: 16, cps_limit: 6 });
    const small = await createTrunk(app, customer, { name: 'Small', concurrent_calls_limit: 5, cps_limit: 1 });

    const tooMuch = await move(partner, customer, 'reclaim', { slots: 7 });
    expect(tooMuch.statusCode).toBe(400);
    expect(tooMuch.json()).toMatchObject({ allocated_slots: 6, requested_slots: 7 });
    const reclaimed = await move(partner, customer, 'reclaim', { slots: 4, description: 'downsize' });
    expect(reclaimed.statusCode, reclaimed.body).toBe(200);
    expect(reclaimed.json()).toMatchObject({
      from_account: customer.authId, to_account: partner.authId, partner_remaining: 8, customer_effective: 12,
      message: `Reclaimed 4 concurrent_calls slots from ${customer.authId} to ${partner.authId}`,
    });
    await move(partner, customer, 'reclaim', { resource: 'cps', slots: 4 });
    const trunkUrl = (id: string) => accountUrl(customer, `/trunks/${id}`);
    const wide = await app.inject({ url: trunkUrl(trunk.trunk_id), headers: authHeaders(customer) });
    // Trunk limits are stored as given; the account's limit is the enforced one.
    expect(wide.json()).toMatchObject({ concurrent_calls_limit: 16, cps_limit: 6 });
    const untouched = await app.inject({ url: trunkUrl(small.trunk_id), headers: authHeaders(customer) });
    expect(untouched.json()).toMatchObject({ concurrent_calls_limit: 5, cps_limit: 1 });
    expect((await move(partner, customer, 'reclaim', { slots: 3 })).statusCode).toBe(400);
    expect((await move(partner, customer, 'reclaim', { slots: 2 })).statusCode).toBe(200);
    expect(await concurrency(partner, customer)).toMatchObject({
      partner_concurrent_calls_limit: 10, net_concurrent_calls_allocated: 0, customer_concurrent_calls_limit: 10,
    });
    await expectCountersConsistent();
  });

  it.each([
    ['0 slots', { slots: 0 }],
    ['10001 slots', { slots: 10_001 }],
    ['fractional slots', { slots: 1.5 }],
    ['slots as text', { slots: '5' }],
    ['no slots', {}],
    ['an unknown resource', { resource: 'minutes', slots: 1 }],
    ['a 501-character description', { slots: 1, description: 'x'.repeat(501) }],
  ])('refuses %s with 422', async (_name, payload) => {
    const partner = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, partner);
    for (const action of ['transfer', 'reclaim'] as const) {
      expect((await move(partner, customer, action, payload)).statusCode).toBe(422);
    }
  });

  it("another partner's customer is 404", async () => {
    const partner = await createPartner(t.current.app);
    await setPools(partner, { concurrent_calls_pool: 10 });
    const stranger = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, stranger);
    expect((await move(partner, customer, 'transfer', { slots: 1 })).statusCode).toBe(404);
    expect((await move(partner, customer, 'reclaim', { slots: 1 })).statusCode).toBe(404);
    const read = await t.current.app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}/concurrency`, headers: authHeaders(partner),
    });
    expect(read.statusCode).toBe(404);
  });
});

describe('GET /accounts/{cid}/concurrency: live calls', () => {
  /** A call the edge admitted (live until ended), or one it refused (never live). */
  async function edgeCall(customer: Credentials, admitted: boolean) {
    await sql`
      insert into edge_calls (call_uuid, edge_id, account_id, partner_id, call_direction,
        caller_id_number, destination_number, is_admitted, max_duration_seconds, started_at, ended_at)
      select gen_random_uuid(), 'edge-test', a.id, a.partner_id, 'outbound', '+918047181234',
        '+919812345678', ${admitted}, 60, now() - interval '1 minute',
        ${admitted ? null : sql`now()`}
      from accounts a where a.auth_id = ${customer.authId}`.execute(t.current.database.handle.db);
  }

  it("counts the customer's admitted calls that have not ended, in both views", async () => {
    const partner = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, partner);
    const other = await createCustomer(t.current.app, partner);
    await edgeCall(customer, true);
    await edgeCall(customer, true);
    await edgeCall(customer, false);
    await edgeCall(other, true);
    expect(await concurrency(partner, customer)).toMatchObject({
      customer_concurrent_calls_limit: 10, customer_live_calls: 2,
    });
    const own = await t.current.app.inject({
      url: accountUrl(customer, '/concurrency'), headers: authHeaders(customer),
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ concurrent_calls: 2, max_concurrent: 10 });
  });
});

describe('capacity under concurrency', () => {
  it('concurrent transfers never allocate more than the pool', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await setPools(partner, { concurrent_calls_pool: 10 });
    const customers = await Promise.all(Array.from({ length: 4 }, () => createCustomer(app, partner)));
    const responses = await Promise.all(Array.from({ length: 24 }, (_, i) =>
      move(partner, customers[i % customers.length]!, 'transfer', { slots: 1 })));
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(10);
    expect(responses.filter((response) => response.statusCode === 400)).toHaveLength(14);
    const states = await Promise.all(customers.map((customer) => concurrency(partner, customer)));
    expect(states[0]!.partner_concurrent_calls_limit).toBe(0);
    expect(states.reduce((sum, state) => sum + state.net_concurrent_calls_allocated, 0)).toBe(10);
    await expectCountersConsistent();
  });

  it('concurrent reclaims never take back more than was allocated', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await setPools(partner, { cps_pool: 20 });
    const customer = await createCustomer(app, partner);
    await move(partner, customer, 'transfer', { resource: 'cps', slots: 5 });
    const responses = await Promise.all(Array.from({ length: 12 }, () =>
      move(partner, customer, 'reclaim', { resource: 'cps', slots: 1 })));
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(5);
    expect(await concurrency(partner, customer)).toMatchObject({
      partner_cps_limit: 20, net_cps_allocated: 0, customer_cps_limit: 2,
    });
    await expectCountersConsistent();
  });
});

describe('GET /concurrency/transfers', () => {
  it('lists transfers and reclaims newest first, with limit and offset', async () => {
    const partner = await createPartner(t.current.app);
    await setPools(partner, { concurrent_calls_pool: 10, cps_pool: 10 });
    const customer = await createCustomer(t.current.app, partner);
    await move(partner, customer, 'transfer', { slots: 3, description: 'first' });
    await move(partner, customer, 'transfer', { resource: 'cps', slots: 2 });
    await move(partner, customer, 'reclaim', { slots: 1, description: 'last' });
    const list = async (query: string) => t.current.app.inject({
      url: `/api/v1/partner/concurrency/transfers${query}`, headers: authHeaders(partner),
    });
    const all = await list('');
    expect(all.statusCode).toBe(200);
    expect(all.json()).toMatchObject({ total: 3, limit: 50, offset: 0 });
    expect(all.json().transfers.map((row: { type: string; slots: number }) => `${row.type}:${row.slots}`))
      .toEqual(['reclaim:1', 'transfer:2', 'transfer:3']);
    expect(all.json().transfers[0]).toMatchObject({
      resource: 'concurrent_calls', from_account: customer.authId, to_account: partner.authId,
      description: 'last', partner_remaining: 8, customer_effective: 12,
    });
    const page = await list('?limit=1&offset=2');
    expect(page.json().transfers).toEqual([expect.objectContaining({ description: 'first' })]);
    expect((await list('?limit=201')).statusCode).toBe(422);
    expect((await list('?limit=0')).statusCode).toBe(422);
    const other = await createPartner(t.current.app);
    const none = await t.current.app.inject({
      url: '/api/v1/partner/concurrency/transfers', headers: authHeaders(other),
    });
    expect(none.json().total).toBe(0);
  });
});
