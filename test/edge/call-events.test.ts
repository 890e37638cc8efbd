/**
 * Call events end to end: a SIPp call through the real edge, the real job runner (CDR ingestion
 * and webhook delivery), and a real receiver on 127.0.0.1 that checks the signatures the way a
 * trunk's owner (auth token) and the partner (webhook secret) would.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock';
import { ingestEndedEdgeCalls } from '../../src/domain/edge/edge-cdrs';
import { verifyStandardWebhook, verifyVobizSignature } from '../../src/domain/webhooks/signatures';
import { useTestApp } from '../support/app';
import { authHeaders } from '../support/factories';
import { runJobsOnce, workerDepsOf } from '../support/kyc';
import { type HttpReceiver, type ReceivedRequest, startHttpReceiver } from '../support/receivers';
import { describeWithSip, settledEdgeCalls, useRelayingEdge } from '../support/edge';
import { runCaller } from '../sip/sipp';
import { type SipCustomer, sipCustomer } from '../support/edge-customers';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });
let receiver: HttpReceiver;

describeWithSip('call events to a trunk webhook_url', () => {
  const relaying = useRelayingEdge(t);
  beforeAll(async () => {
    receiver = await startHttpReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  /** One answered call of the customer, then every job that is due (ingestion, deliveries). */
  async function callOnce(customer: SipCustomer) {
    await relaying.current.edge.edge.reloadCaches();
    const stats = await runCaller({
      edge: relaying.current.edge, domain: customer.trunkDomain, service: '+919876543210',
      caller: customer.callerNumber, calls: 1, rate: 10, holdMs: 1_000,
      auth: { username: customer.username, password: customer.password },
    });
    expect(stats, stats.log).toMatchObject({ successful: 1, failed: 0 });
    const [call] = await settledEdgeCalls(t.current.deps.db, customer.accountId);
    expect(call!.ended_at).not.toBeNull();
    await runJobsOnce(workerDepsOf(t.current));
    return call!;
  }

  const receivedAt = (path: string) =>
    receiver.received.filter((request) => request.url.startsWith(path));

  async function secretOf(customer: SipCustomer): Promise<string> {
    const response = await t.current.app.inject({
      url: '/api/v1/partner/webhook-secret', headers: authHeaders(customer.partner),
    });
    return response.json().secret;
  }

  /** Both signatures check out over `signed` (the body, or a GET's query string). */
  async function expectSigned(request: ReceivedRequest, customer: SipCustomer, signed: string) {
    const nowSeconds = Math.floor(Date.now() / 1000);
    expect(verifyStandardWebhook({
      secret: await secretOf(customer), headers: request.headers, body: signed, nowSeconds,
    })).toEqual({ ok: true });
    expect(verifyVobizSignature({
      secret: customer.token, signature: request.headers['x-vobiz-signature'] as string,
      body: signed,
    })).toEqual({ ok: true });
    expect(verifyVobizSignature({
      secret: `${customer.token}x`, signature: request.headers['x-vobiz-signature'] as string,
      body: signed,
    })).not.toEqual({ ok: true });
  }

  it('POSTs CallInitiated then Hangup, signed, with the CDR\'s fields', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00', {
      webhook_url: `${receiver.origin}/post-events`, webhook_method: 'POST',
    });
    const call = await callOnce(customer);
    const requests = receivedAt('/post-events');
    expect(requests.map((request) => request.headers['x-vobiz-event']))
      .toEqual(['CallInitiated', 'Hangup']);
    const [initiated, hangup] = requests.map((request) => JSON.parse(request.body));
    for (const request of requests) {
      expect(request.method).toBe('POST');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-vobiz-request-id']).toBe(request.headers['webhook-id']);
      await expectSigned(request, customer, request.body);
    }
    const facts = {
      call_uuid: call.call_uuid, account_id: customer.authId, trunk_id: customer.trunkId,
      call_direction: 'outbound', caller_id_number: customer.callerNumber,
      destination_number: '+919876543210', sip_call_id: call.sip_call_id,
    };
    expect(initiated).toMatchObject({ event: 'CallInitiated', ...facts });
    const cdr = await t.current.deps.db.selectFrom('cdrs').selectAll()
      .where('uuid', '=', call.call_uuid).executeTakeFirstOrThrow();
    expect(hangup).toMatchObject({
      event: 'Hangup', ...facts, duration: cdr.duration, billsec: cdr.billsec,
      hangup_cause: 'NORMAL_CLEARING', hangup_source: 'Caller', cost: cdr.cost,
      currency: cdr.currency,
    });
    expect(hangup.billsec).toBeGreaterThan(0);
    expect(hangup.cost).toBe('0.50000');

    const log = await t.current.app.inject({
      url: `/api/v1/partner/webhook-deliveries?event=Hangup`,
      headers: authHeaders(customer.partner),
    });
    expect(log.statusCode, log.body).toBe(200);
    expect(log.json().deliveries).toEqual([expect.objectContaining({
      event: 'Hangup', call_uuid: call.call_uuid, method: 'POST', status: 'delivered',
      url: `${receiver.origin}/post-events`, attempts: 1,
    })]);

    // A crash between storing the CDR and marking the call makes ingestion see it again.
    await t.current.deps.db.updateTable('edge_calls').set({ ingested_at: null })
      .where('call_uuid', '=', call.call_uuid).execute();
    expect(await ingestEndedEdgeCalls(t.current.deps.db, systemClock))
      .toMatchObject({ calls: 1, accepted: 0, duplicates: 1 });
    const events = await t.current.deps.db.selectFrom('webhook_events').select('type')
      .where('call_uuid', '=', call.call_uuid).orderBy('created_at').execute();
    expect(events.map((event) => event.type)).toEqual(['CallInitiated', 'Hangup']);
  });

  it('sends the fields as a signed query string when webhook_method is GET', async () => {
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00', {
      webhook_url: `${receiver.origin}/get-events?trunk=pbx`, webhook_method: 'GET',
    });
    const call = await callOnce(customer);
    const requests = receivedAt('/get-events');
    expect(requests.map((request) => request.method)).toEqual(['GET', 'GET']);
    for (const request of requests) {
      expect(request.body).toBe('');
      expect(request.headers['content-type']).toBeUndefined();
      const query = request.url.slice('/get-events?trunk=pbx&'.length);
      await expectSigned(request, customer, query);
      const fields = new URLSearchParams(query);
      expect(fields.get('call_uuid')).toBe(call.call_uuid);
      expect(fields.get('event')).toBe(request.headers['x-vobiz-event']);
    }
    const hangup = new URLSearchParams(requests[1]!.url.split('?')[1]);
    expect(hangup.get('trunk')).toBe('pbx');
    expect(hangup.get('hangup_cause')).toBe('NORMAL_CLEARING');
    expect(hangup.get('cost')).toBe('0.50000');
  });

  it('sends nothing for a trunk without a webhook_url', async () => {
    const before = receiver.received.length;
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
    const call = await callOnce(customer);
    expect(receiver.received.length).toBe(before);
    const events = await t.current.deps.db.selectFrom('webhook_events').select('id')
      .where('call_uuid', '=', call.call_uuid).execute();
    expect(events).toEqual([]);
    const cdr = await t.current.deps.db.selectFrom('cdrs').select('uuid')
      .where('uuid', '=', call.call_uuid).executeTakeFirst();
    expect(cdr).toBeDefined();
  });
});
