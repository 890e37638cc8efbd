/**
 * Outbound calls through the real edge: SIPp as the customer's PBX, Kamailio relaying, SIPp as
 * the carrier, dialtone deciding every INVITE and billing every attempt.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock';
import { ingestEndedEdgeCalls } from '../../src/domain/edge/edge-cdrs';
import { useTestApp } from '../support/app';
import { authHeaders, createPartner, operatorHeaders } from '../support/factories';
import { walletBalance } from '../support/numbers';
import {
  type TestEdge,
  describeWithSip,
  startTestEdge,
} from '../support/edge';
import {
  type Answerer,
  runCaller,
  startAnswerer,
} from '../sip/sipp';
import { type SipCustomer, send, sipCustomer } from '../support/edge-customers';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });
let carrier: Answerer;
let edge: TestEdge;

describeWithSip('outbound calls through the edge', () => {
  beforeAll(async () => {
    await t.current.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.current.app.server.address() as AddressInfo;
    carrier = await startAnswerer('uas');
    edge = await startTestEdge({
      db: t.current.deps.db, databaseUrl: t.current.database.url,
      apiBaseUrl: `http://127.0.0.1:${port}`, carriers: [carrier.uri],
    });
  });
  afterAll(async () => {
    await edge?.stop();
    carrier?.stop();
  });

  /** Setup done: the edge's caches hold it (tests of the announced refresh wait instead). */
  const settled = () => edge.edge.reloadCaches();
  const call = (customer: SipCustomer, extra: Partial<Parameters<typeof runCaller>[0]> = {}) =>
    runCaller({
      edge, domain: customer.trunkDomain, service: '+919876543210',
      caller: customer.callerNumber, calls: 1, rate: 10, holdMs: 1_000,
      auth: { username: customer.username, password: customer.password }, ...extra,
    });

  /** The customer's edge calls once all have ended (the edge stamps ends just after SIPp). */
  async function edgeCalls(customer: SipCustomer) {
    for (let attempt = 0; ; attempt += 1) {
      const rows = await t.current.deps.db.selectFrom('edge_calls').selectAll()
        .where('account_id', '=', customer.accountId).orderBy('started_at').execute();
      if (rows.every((row) => row.ended_at !== null) || attempt === 100) return rows;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async function cdrs(customer: SipCustomer) {
    await ingestEndedEdgeCalls(t.current.deps.db, systemClock);
    return t.current.deps.db.selectFrom('cdrs').selectAll()
      .where('account_id', '=', customer.accountId).orderBy('start_time').execute();
  }

  it('authenticates with a 407 challenge, relays to the carrier and bills one CDR', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
    await settled();
    const stats = await call(customer);
    expect(stats, stats.log).toMatchObject({ successful: 1, failed: 0 });
    const [row] = await edgeCalls(customer);
    expect(row).toMatchObject({ is_admitted: true, final_code: 200, hangup_source: 'caller' });
    expect(row!.answered_at).not.toBeNull();
    const [cdr, ...more] = await cdrs(customer);
    expect(more).toEqual([]);
    expect(cdr).toMatchObject({
      uuid: row!.call_uuid, call_direction: 'outbound', destination_number: '+919876543210',
      caller_id_number: customer.callerNumber, hangup_cause: 'NORMAL_CLEARING',
      hangup_source: 'Caller', trunk_id: customer.trunkId, cost: '0.50000',
    });
  });

  it('refuses a wrong password with 403 and records no call', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
    await settled();
    const stats = await call(customer,
      { auth: { username: customer.username, password: 'nope-nope' } });
    expect(stats.successful + stats.failed).toBe(1);
    expect(await edgeCalls(customer)).toEqual([]);
  });

  it('admits a PBX by its IP ACL entry without a challenge, refuses others', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
    const acl = await send(t.current.app, customer, 'POST', '/ip-acl', { ip_address: '127.0.0.7' });
    await send(t.current.app, customer, 'PUT', `/trunks/${customer.trunkId}`,
      { ipacl_uuid: acl.id, credential_uuid: null });
    await settled();
    const allowed = await call(customer, { localIp: '127.0.0.7', auth: undefined });
    expect(allowed, allowed.log).toMatchObject({ successful: 1, failed: 0 });
    await call(customer, { localIp: '127.0.0.8', auth: undefined });
    const rows = await edgeCalls(customer);
    expect(rows.map((row) => [row.source_address, row.final_code])).toEqual([['127.0.0.7', 200]]);
  });

  it('refuses calls a second after the API disables a trunk (a CDR each), admits once '
    + 're-enabled', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
    await settled();
    const setStatus = async (trunk_status: string) => {
      await send(t.current.app, customer, 'PUT', `/trunks/${customer.trunkId}`, { trunk_status });
      // No reload asked for: the change's announcement alone must reach the edge in time.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    };
    await setStatus('disabled');
    await call(customer);
    await setStatus('enabled');
    const admitted = await call(customer);
    expect(admitted, admitted.log).toMatchObject({ successful: 1, failed: 0 });
    const rows = await edgeCalls(customer);
    expect(rows.map((row) => [row.is_admitted, row.final_code, row.final_reason]))
      .toEqual([[false, 403, 'Trunk disabled'], [true, 200, 'OK']]);
    const [cdr] = await cdrs(customer);
    expect(cdr).toMatchObject({ hangup_cause: 'CALL_REJECTED', failure_code: 403, billsec: 0 });
  });

  it('refuses a suspended account and an empty wallet', async () => {
    const suspended = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
    const response = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/accounts/${suspended.authId}/suspend`,
      headers: authHeaders(suspended.partner),
    });
    expect(response.statusCode, response.body).toBe(200);
    const broke = await sipCustomer(t.current.app, t.current.deps.db, '0');
    await settled();
    await call(suspended);
    await call(broke);
    expect((await edgeCalls(suspended)).map((row) => [row.final_code, row.final_reason]))
      .toEqual([[403, 'Account suspended']]);
    expect((await edgeCalls(broke)).map((row) => [row.final_code, row.final_reason]))
      .toEqual([[402, 'Insufficient balance']]);
  });

  it('admits exactly the concurrent-call limit when more calls are offered at once', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00',
      { concurrent_calls_limit: 3, cps_limit: 20 }, { cps: 20 });
    await settled();
    await call(customer, { calls: 8, rate: 100, holdMs: 3_000, tolerant: true });
    const rows = await edgeCalls(customer);
    expect(rows).toHaveLength(8);
    expect(rows.filter((row) => row.is_admitted)).toHaveLength(3);
    expect(rows.filter((row) => !row.is_admitted).map((row) => row.final_reason))
      .toEqual(Array(5).fill('Trunk concurrent calls limit'));
    expect(rows.every((row) => row.ended_at !== null)).toBe(true);
  });

  it('admits exactly the CPS limit within one second (sliding window, no burst)', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00',
      { cps_limit: 2 });
    await settled();
    await call(customer, { calls: 6, rate: 30, holdMs: 200, tolerant: true });
    const rows = await edgeCalls(customer);
    expect(rows).toHaveLength(6);
    const admitted = rows.filter((row) => row.is_admitted);
    // Six calls offered within ~0.2 s: the first two pass, the rest are over 2 per second.
    expect(admitted).toHaveLength(2);
    expect(rows.filter((row) => !row.is_admitted).map((row) => row.final_reason))
      .toEqual(Array(4).fill('Trunk CPS limit'));
  });

  it('ends a call with BYE when the wallet is spent, and bills exactly that', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '2.00');
    const tier = await t.current.app.inject({
      method: 'POST', url: '/api/v1/partner/pricing-tiers', headers: authHeaders(customer.partner),
      payload: { name: 'Per second', rate_per_minute: '60', billing_increment_seconds: 1,
        minimum_duration_seconds: 0 },
    });
    expect(tier.statusCode, tier.body).toBe(201);
    const assigned = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/pricing-tier`,
      headers: authHeaders(customer.partner), payload: { pricing_tier_id: tier.json().id },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
    await settled();
    await call(customer, { holdMs: 8_000 });
    const [row] = await edgeCalls(customer);
    expect(row).toMatchObject({ max_duration_seconds: 2, hangup_source: 'timeout' });
    const [cdr] = await cdrs(customer);
    expect(cdr).toMatchObject({ billsec: 2, cost: '2.00000', hangup_source: 'Vobiz' });
    expect(await walletBalance(t.current.app, customer)).toMatch(/^0(\.0+)?$/);
  });

  /** Two customers of one new partner granted `pools`, each with 1000 INR and a trunk. */
  async function pooledCustomers(pools: { concurrent_calls_pool: number; cps_pool: number }) {
    const partner = await createPartner(t.current.app);
    const customers = [];
    for (let index = 0; index < 2; index += 1) {
      customers.push(await sipCustomer(t.current.app, t.current.deps.db, '1000.00', {}, {},
        partner));
    }
    const granted = await t.current.app.inject({
      method: 'PUT', url: `/api/v1/admin/partners/${partner.authId}/capacity`,
      headers: operatorHeaders, payload: pools,
    });
    expect(granted.statusCode, granted.body).toBe(200);
    return { partner, customers: customers as [SipCustomer, SipCustomer] };
  }

  /** Both customers' edge calls started at or after `since`, once all have ended. */
  async function callsSince(customers: SipCustomer[], since: Date) {
    const rows = (await Promise.all(customers.map(edgeCalls))).flat();
    return rows.filter((row) => row.started_at >= since);
  }

  it('admits exactly the partner concurrent-call pool across its customers', async () => {
    const { partner, customers } = await pooledCustomers(
      { concurrent_calls_pool: 3, cps_pool: 40 });
    // Each customer's own CPS (2 by default) must not be what refuses: raise both to 20.
    for (const customer of customers) {
      const moved = await t.current.app.inject({
        method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/concurrency/transfer`,
        headers: authHeaders(partner), payload: { resource: 'cps', slots: 20 },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      await send(t.current.app, customer, 'PUT', `/trunks/${customer.trunkId}`, { cps_limit: 20 });
    }
    const [first, second] = customers;
    const offer = (customer: SipCustomer, calls: number) =>
      call(customer, { calls, rate: 50, holdMs: 2_500, tolerant: true });

    // Up to the pool: every call admitted.
    const underAt = new Date();
    await Promise.all([offer(first, 2), offer(second, 1)]);
    const under = await callsSince(customers, underAt);
    expect(under).toHaveLength(3);
    expect(under.every((row) => row.is_admitted && row.final_code === 200)).toBe(true);

    // Six at once, each customer far under its own limits: three admitted in all.
    const overAt = new Date();
    await Promise.all([offer(first, 3), offer(second, 3)]);
    const over = await callsSince(customers, overAt);
    expect(over).toHaveLength(6);
    expect(over.filter((row) => row.is_admitted)).toHaveLength(3);
    expect(over.filter((row) => !row.is_admitted)
      .map((row) => [row.final_code, row.final_reason]))
      .toEqual(Array(3).fill([503, 'Partner concurrent calls limit']));
  });

  it('admits exactly the partner CPS pool within one second across its customers', async () => {
    const { customers } = await pooledCustomers({ concurrent_calls_pool: 0, cps_pool: 3 });
    // Two each (their own CPS limit) offered within a fraction of a second: the pool takes 3.
    await Promise.all(customers.map((customer) =>
      call(customer, { calls: 2, rate: 50, holdMs: 200, tolerant: true })));
    const rows = await callsSince(customers, new Date(0));
    expect(rows).toHaveLength(4);
    expect(rows.filter((row) => row.is_admitted)).toHaveLength(3);
    expect(rows.filter((row) => !row.is_admitted)
      .map((row) => [row.final_code, row.final_reason]))
      .toEqual([[503, 'Partner CPS limit']]);
  });
});
