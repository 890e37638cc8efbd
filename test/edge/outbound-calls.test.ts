/**
 * Outbound calls through the real edge: SIPp as the customer's PBX, Kamailio relaying, SIPp as
 * the carrier, dialtone deciding every INVITE and billing every attempt.
 */
import { expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock';
import { ingestEndedEdgeCalls } from '../../src/domain/edge/edge-cdrs';
import { useTestApp } from '../support/app';
import { authHeaders } from '../support/factories';
import { walletBalance } from '../support/numbers';
import {
  describeWithSip,
  settledEdgeCalls,
  useRelayingEdge,
} from '../support/edge';
import {
  runCaller,
} from '../sip/sipp';
import { type SipCustomer, send, sipCustomer } from '../support/edge-customers';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });

describeWithSip('outbound calls through the edge', () => {
  const relaying = useRelayingEdge(t);

  const call = (customer: SipCustomer, extra: Partial<Parameters<typeof runCaller>[0]> = {}) =>
    runCaller({
      edge: relaying.current.edge, domain: customer.trunkDomain, service: '+919876543210',
      caller: customer.callerNumber, calls: 1, rate: 10, holdMs: 1_000,
      auth: { username: customer.username, password: customer.password }, ...extra,
    });

  const edgeCalls = (customer: SipCustomer) =>
    settledEdgeCalls(t.current.deps.db, customer.accountId);

  async function cdrs(customer: SipCustomer) {
    await ingestEndedEdgeCalls(t.current.deps.db, systemClock);
    return t.current.deps.db.selectFrom('cdrs').selectAll()
      .where('account_id', '=', customer.accountId).orderBy('start_time').execute();
  }

  it('authenticates with a 407 challenge, relays to the carrier and bills one CDR', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
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
    const allowed = await call(customer, { localIp: '127.0.0.7', auth: undefined });
    expect(allowed, allowed.log).toMatchObject({ successful: 1, failed: 0 });
    await call(customer, { localIp: '127.0.0.8', auth: undefined });
    const rows = await edgeCalls(customer);
    expect(rows.map((row) => [row.source_address, row.final_code])).toEqual([['127.0.0.7', 200]]);
  });

  it('applies a trunk disabled through the API to the very next INVITE, with a CDR', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
    await send(t.current.app, customer, 'PUT', `/trunks/${customer.trunkId}`,
      { trunk_status: 'disabled' });
    const changedAt = Date.now();
    await call(customer);
    const [row] = await edgeCalls(customer);
    expect(row).toMatchObject(
      { is_admitted: false, final_code: 403, final_reason: 'Trunk disabled' });
    // The decision reads the trunk as it is now: well within a second of the change.
    expect(row!.started_at.getTime() - changedAt).toBeLessThan(1_000);
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
    await call(suspended);
    const broke = await sipCustomer(t.current.app, t.current.deps.db, '0');
    await call(broke);
    expect((await edgeCalls(suspended)).map((row) => [row.final_code, row.final_reason]))
      .toEqual([[403, 'Account suspended']]);
    expect((await edgeCalls(broke)).map((row) => [row.final_code, row.final_reason]))
      .toEqual([[402, 'Insufficient balance']]);
  });

  it('admits exactly the concurrent-call limit when more calls are offered at once', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00',
      { concurrent_calls_limit: 3, cps_limit: 20 }, { cps: 20 });
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
    await call(customer, { holdMs: 8_000 });
    const [row] = await edgeCalls(customer);
    expect(row).toMatchObject({ max_duration_seconds: 2, hangup_source: 'timeout' });
    const [cdr] = await cdrs(customer);
    expect(cdr).toMatchObject({ billsec: 2, cost: '2.00000', hangup_source: 'Vobiz' });
    expect(await walletBalance(t.current.app, customer)).toMatch(/^0(\.0+)?$/);
  });
});
