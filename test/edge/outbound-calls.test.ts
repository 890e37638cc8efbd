/**
 * Outbound calls through the real edge: SIPp as the customer's PBX, Kamailio relaying, SIPp as
 * the carrier, dialtone deciding every INVITE and billing every attempt.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock';
import { ingestEndedEdgeCalls } from '../../src/domain/edge/edge-cdrs';
import { useTestApp } from '../support/app';
import {
  type Answerer,
  type TestEdge,
  describeWithSip,
  runCaller,
  startAnswerer,
  startTestEdge,
} from '../support/edge';
import { type SipCustomer, sipCustomer } from '../support/edge-customers';

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

  const call = (customer: SipCustomer, extra: Partial<Parameters<typeof runCaller>[0]> = {}) =>
    runCaller({
      edge, domain: customer.trunkDomain, service: '+919876543210',
      caller: customer.callerNumber, calls: 1, rate: 10, holdMs: 1_000,
      auth: { username: customer.username, password: customer.password }, ...extra,
    });

  async function edgeCalls(customer: SipCustomer) {
    return t.current.deps.db.selectFrom('edge_calls').selectAll()
      .where('account_id', '=', customer.accountId).orderBy('started_at').execute();
  }

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
});
