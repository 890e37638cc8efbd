/**
 * Inbound calls through the real edge: SIPp as the carrier (from a configured carrier source
 * address) calling a DID, SIPp as the customer's PBX behind the trunk's origination URIs.
 */
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock';
import { ingestEndedEdgeCalls } from '../../src/domain/edge/edge-cdrs';
import { useTestApp } from '../support/app';
import {
  type TestEdge,
  describeWithSip,
  startTestEdge,
} from '../support/edge';
import {
  type Answerer,
  freeUdpPort,
  runCaller,
  startAnswerer,
} from '../sip/sipp';
import { type SipCustomer, send, sipCustomer } from '../support/edge-customers';
import { authHeaders } from '../support/factories';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });
const CARRIER_IP = '127.0.0.3';
let edge: TestEdge;
const answerers: Answerer[] = [];

describeWithSip('inbound calls through the edge', () => {
  beforeAll(async () => {
    await t.current.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.current.app.server.address() as AddressInfo;
    edge = await startTestEdge({
      db: t.current.deps.db, databaseUrl: t.current.database.url,
      apiBaseUrl: `http://127.0.0.1:${port}`, carrierSources: [CARRIER_IP], noAnswerSeconds: 2,
    });
  });
  afterAll(async () => {
    await edge?.stop();
    for (const answerer of answerers) answerer.stop();
  });

  async function answerer(scenario: 'uas' | 'uas-busy') {
    const started = await startAnswerer(scenario);
    answerers.push(started);
    return started.uri;
  }

  /** A customer whose owned number rings `primary`, failing over to `fallback`. */
  async function routedCustomer(primary: string, fallback: string) {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00');
    const uri = async (name: string, sipUri: string) =>
      (await send(t.current.app, customer, 'POST', '/origination-uris',
        { name, sip_uri: sipUri })).id;
    await send(t.current.app, customer, 'PUT', `/trunks/${customer.trunkId}`, {
      primary_uri_uuid: await uri('primary', primary),
      fallback_uri_uuid: await uri('fallback', fallback),
    });
    await send(t.current.app, customer, 'POST',
      `/numbers/${encodeURIComponent(customer.callerNumber)}/assign`,
      { trunk_group_id: customer.trunkId });
    await edge.edge.reloadCaches();
    return customer;
  }

  const ring = (did: string) => runCaller({
    edge, localIp: CARRIER_IP, domain: edge.host, service: did, caller: '+918000000001',
    calls: 1, rate: 10, holdMs: 500,
  });

  async function settledCalls(customer: SipCustomer) {
    for (let attempt = 0; ; attempt += 1) {
      const rows = await t.current.deps.db.selectFrom('edge_calls').selectAll()
        .where('account_id', '=', customer.accountId).execute();
      if (rows.every((row) => row.ended_at !== null) || attempt === 100) return rows;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('rings the primary URI and fails over to the fallback on 503', async () => {
    const customer = await routedCustomer(await answerer('uas-busy'), await answerer('uas'));
    const stats = await ring(customer.callerNumber);
    expect(stats, stats.log).toMatchObject({ successful: 1, failed: 0 });
    const [row] = await settledCalls(customer);
    expect(row).toMatchObject({ call_direction: 'inbound', final_code: 200 });
    await ingestEndedEdgeCalls(t.current.deps.db, systemClock);
    const cdr = await t.current.deps.db.selectFrom('cdrs').selectAll()
      .where('uuid', '=', row!.call_uuid).executeTakeFirstOrThrow();
    expect(cdr).toMatchObject({
      call_direction: 'inbound', destination_number: customer.callerNumber,
      hangup_cause: 'NORMAL_CLEARING', trunk_id: customer.trunkId,
    });
    expect(cdr.answer_time).not.toBeNull();
  });

  it('fails over when the primary does not answer within the configured time', async () => {
    const silent = `sip:127.0.0.1:${await freeUdpPort()}`;
    const customer = await routedCustomer(silent, await answerer('uas'));
    const stats = await ring(customer.callerNumber);
    expect(stats, stats.log).toMatchObject({ successful: 1, failed: 0 });
    expect((await settledCalls(customer)).map((row) => row.final_code)).toEqual([200]);
  });

  it('answers 404 for an unowned number, and refuses a suspended account\'s', async () => {
    const customer = await routedCustomer(await answerer('uas'), await answerer('uas'));
    const suspended = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/suspend`,
      headers: authHeaders(customer.partner),
    });
    expect(suspended.statusCode).toBe(200);
    await ring(customer.callerNumber);
    expect((await settledCalls(customer)).map((row) => [row.final_code, row.final_reason]))
      .toEqual([[403, 'Account suspended']]);
    const before = await t.current.deps.db.selectFrom('edge_calls').select('call_uuid').execute();
    await ring('+919999912345');
    const after = await t.current.deps.db.selectFrom('edge_calls').select('call_uuid').execute();
    expect(after).toHaveLength(before.length);
  });
});
