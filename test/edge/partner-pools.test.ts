/**
 * A partner's capacity pool limits its customers' calls together: SIPp dials through the real
 * edge as two customers of one partner at once, and exactly the pool is admitted between them,
 * while calls up to the pool are never refused.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import {
  type TestEdge,
  describeWithSip,
  startTestEdge,
} from '../support/edge';
import { type Answerer, runCaller, startAnswerer } from '../sip/sipp';
import { type SipCustomer, send, sipCustomer } from '../support/edge-customers';
import { authHeaders, createPartner, operatorHeaders } from '../support/factories';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });
let carrier: Answerer;
let edge: TestEdge;

describeWithSip('partner capacity pools at the edge', () => {
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

  const call = (customer: SipCustomer, calls: number, holdMs: number) =>
    runCaller({
      edge, domain: customer.trunkDomain, service: '+919876543210',
      caller: customer.callerNumber, calls, rate: 50, holdMs, tolerant: true,
      auth: { username: customer.username, password: customer.password }, timeoutSeconds: 60,
    });

  /** Two customers of one new partner, each with 1000 INR and its own trunk. */
  async function partnerWithTwoCustomers() {
    const partner = await createPartner(t.current.app);
    const customers = [];
    for (let index = 0; index < 2; index += 1) {
      customers.push(await sipCustomer(t.current.app, t.current.deps.db, '1000.00', {}, {},
        partner));
    }
    return { partner, customers: customers as [SipCustomer, SipCustomer] };
  }

  async function grantPools(
    partner: { authId: string },
    pools: { concurrent_calls_pool: number; cps_pool: number },
  ) {
    const granted = await t.current.app.inject({
      method: 'PUT', url: `/api/v1/admin/partners/${partner.authId}/capacity`,
      headers: operatorHeaders, payload: pools,
    });
    expect(granted.statusCode, granted.body).toBe(200);
  }

  /** Edge calls of `customers` started at or after `since`, once all of them have ended. */
  async function settledCalls(customers: SipCustomer[], since: Date) {
    for (let attempt = 0; ; attempt += 1) {
      const rows = await t.current.deps.db.selectFrom('edge_calls').selectAll()
        .where('account_id', 'in', customers.map((customer) => customer.accountId))
        .where('started_at', '>=', since).execute();
      if (rows.every((row) => row.ended_at !== null) || attempt === 100) return rows;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('admits exactly the partner concurrent-call pool across its customers', async () => {
    const { partner, customers: [first, second] } = await partnerWithTwoCustomers();
    await grantPools(partner, { concurrent_calls_pool: 3, cps_pool: 40 });
    // Each customer's own CPS (2 by default) must not be what refuses: raise both to 20.
    for (const customer of [first, second]) {
      const moved = await t.current.app.inject({
        method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/concurrency/transfer`,
        headers: authHeaders(partner), payload: { resource: 'cps', slots: 20 },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      await send(t.current.app, customer, 'PUT', `/trunks/${customer.trunkId}`, { cps_limit: 20 });
    }

    // Up to the pool: every call admitted.
    const underAt = new Date();
    await Promise.all([call(first, 2, 2_000), call(second, 1, 2_000)]);
    const under = await settledCalls([first, second], underAt);
    expect(under).toHaveLength(3);
    expect(under.every((row) => row.is_admitted && row.final_code === 200)).toBe(true);

    // Six offered at once, each customer far under its own limits: three admitted in all.
    const overAt = new Date();
    await Promise.all([call(first, 3, 3_000), call(second, 3, 3_000)]);
    const over = await settledCalls([first, second], overAt);
    expect(over).toHaveLength(6);
    expect(over.filter((row) => row.is_admitted)).toHaveLength(3);
    expect(over.filter((row) => !row.is_admitted)
      .map((row) => [row.final_code, row.final_reason]))
      .toEqual(Array(3).fill([503, 'Partner concurrent calls limit']));
  });

  it('admits exactly the partner CPS pool within one second across its customers', async () => {
    const { partner, customers: [first, second] } = await partnerWithTwoCustomers();
    await grantPools(partner, { concurrent_calls_pool: 0, cps_pool: 3 });
    // Two each (their own CPS limit) offered within a fraction of a second: the pool takes 3.
    await Promise.all([call(first, 2, 200), call(second, 2, 200)]);
    const rows = await settledCalls([first, second], new Date(0));
    expect(rows).toHaveLength(4);
    expect(rows.filter((row) => row.is_admitted)).toHaveLength(3);
    expect(rows.filter((row) => !row.is_admitted)
      .map((row) => [row.final_code, row.final_reason]))
      .toEqual([[503, 'Partner CPS limit']]);
  });
});
