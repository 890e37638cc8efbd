/** POST /api/v1/internal/edge/calls: who may ask, what it refuses, and a decision's shape. */
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { renderKamailioConfig } from '../../../src/edge/kamailio-config';
import { ADMIN_TOKEN, useTestApp } from '../../support/app';
import { send, sipCustomer } from '../../support/edge-customers';
import { authHeaders, createPartner, operatorHeaders } from '../../support/factories';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });
const call = {
  edge_id: '127.0.0.1:5060', direction: 'outbound', domain: 'nope.sip.dialtone.test',
  source_ip: '127.0.0.1', caller: '+918047181234', callee: '+919876543210', call_id: 'c1',
  user_agent: 'pbx', trunk_id: '', edge_started: Math.floor(Date.now() / 1000),
};
const post = (
  payload: Record<string, unknown>,
  headers: Record<string, string> = operatorHeaders,
) =>
  t.current.app.inject({ method: 'POST', url: '/api/v1/internal/edge/calls', headers, payload });

describe('POST /api/v1/internal/edge/calls', () => {
  it('answers 401 without the operator or ingest token, in Bearer or Basic form', async () => {
    expect((await post(call, {})).statusCode).toBe(401);
    expect((await post(call, { authorization: 'Bearer wrong' })).statusCode).toBe(401);
    const basic = (token: string) => `Basic ${Buffer.from(`edge:${token}`).toString('base64')}`;
    expect((await post(call, { authorization: basic('wrong') })).statusCode).toBe(401);
    expect((await post(call, { authorization: basic(ADMIN_TOKEN) })).statusCode).toBe(200);
  });

  it('answers 422 for a malformed request', async () => {
    expect((await post({ ...call, direction: 'sideways' })).statusCode).toBe(422);
    expect((await post({ ...call, source_ip: 'not-an-ip' })).statusCode).toBe(422);
    expect((await post({ ...call, callee: 'x'.repeat(65) })).statusCode).toBe(422);
    expect((await post({ ...call, trunk_id: 'not-a-uuid' })).statusCode).toBe(422);
  });

  it('answers 404 for a trunk that does not exist or does not have the domain', async () => {
    const other = { ...call, trunk_id: '00000000-0000-4000-8000-000000000000' };
    expect((await post(other)).json()).toMatchObject({ action: 'reply', code: 404 });
  });

  it('decides an unknown trunk with a 404 reply, flat keys all present', async () => {
    const response = await post(call);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      action: 'reply', code: 404, reason: 'Unknown trunk', retry_after: 0,
      call_uuid: '', max_duration: 0, destination: '', primary_uri: '', fallback_uri: '',
    });
  });
});

describe('admissions racing over real sockets', () => {
  it('admits exactly a partner pool of calls offered at once by six customers', async () => {
    const { app, deps } = t.current;
    const partner = await createPartner(app);
    const granted = await app.inject({
      method: 'PUT', url: `/api/v1/admin/partners/${partner.authId}/capacity`,
      headers: operatorHeaders, payload: { concurrent_calls_pool: 5, cps_pool: 120 },
    });
    expect(granted.statusCode, granted.body).toBe(200);
    const customers = [];
    // Six accounts: their admissions are serialised only by the partner's lock.
    for (const source of ['21', '22', '23', '24', '25', '26'].map((host) => `127.0.0.${host}`)) {
      const customer = await sipCustomer(app, deps.db, '1000.00', {}, {}, partner);
      // Far under its own limits: 20 CPS and 10 calls per account and per trunk.
      const moved = await app.inject({
        method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/concurrency/transfer`,
        headers: authHeaders(partner), payload: { resource: 'cps', slots: 20 },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const acl = await send(app, customer, 'POST', '/ip-acl', { ip_address: source });
      await send(app, customer, 'PUT', `/trunks/${customer.trunkId}`,
        { ipacl_uuid: acl.id, credential_uuid: null, cps_limit: 20 });
      customers.push({ customer, source });
    }
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const offers = customers.flatMap(({ customer, source }) => Array.from({ length: 4 }, () =>
      fetch(`http://127.0.0.1:${port}/api/v1/internal/edge/calls`, {
        method: 'POST', headers: { ...operatorHeaders, 'content-type': 'application/json' },
        body: JSON.stringify({ ...call, domain: customer.trunkDomain, trunk_id: customer.trunkId,
          source_ip: source, caller: customer.callerNumber }),
      }).then(async (response) => (await response.json()) as { action: string; reason: string })));
    const decisions = await Promise.all(offers);
    expect(decisions.filter((decision) => decision.action === 'relay')).toHaveLength(5);
    expect(decisions.filter((decision) => decision.action === 'reply')
      .map((decision) => decision.reason))
      .toEqual(Array(19).fill('Partner concurrent calls limit'));
  });
});

describe('the rendered Kamailio configuration', () => {
  const settings = {
    listen: { host: '127.0.0.1', port: 5060 },
    policyBaseUrl: 'http://127.0.0.1:8080/api/v1/internal',
    policyToken: 'tok', edgeDatabaseUrl: 'postgres://dialtone_edge:pw@127.0.0.1:5432/dialtone',
    carriers: ['sip:127.0.0.1:5080'], carrierSources: ['127.0.0.3', '10.0.0.0/8'], logLevel: 1,
    noAnswerSeconds: 5, children: 4, runDir: '/tmp/edge', dispatcherListPath: '/tmp/edge/d.list',
  };

  it('fills every placeholder and routes carrier sources to inbound', () => {
    const config = renderKamailioConfig(settings);
    expect(config).not.toMatch(/\{\{[A-Z_]+\}\}/);
    expect(config).toContain('listen=udp:127.0.0.1:5060');
    expect(config).toContain('src_ip == 127.0.0.3 || src_ip == 10.0.0.0/8');
    expect(config).toContain('policy=>http://edge:tok@127.0.0.1:8080/api/v1/internal');
  });

  it('refuses a carrier source that is not an IPv4 address or block', () => {
    expect(() => renderKamailioConfig({ ...settings, carrierSources: ['evil; drop'] }))
      .toThrow(/DIALTONE_SIP_CARRIER_SOURCES/);
  });
});
