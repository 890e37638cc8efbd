/**
 * SIP trunks (vobiz-api.md 2.2): both create contracts, defaults, trunk_domain, Plivo-style
 * lists, partial updates, limits bounded by the account's, references, webhook_url, delete.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, type Credentials } from '../../support/factories';
import { accountUrl, createTrunk, fundedCustomer } from '../../support/numbers';
import { expectDocumented, openApiDocument } from '../../support/openapi';

// Production mode: webhook_url must be public (the URL guard's own tests cover both modes).
const t = useTestApp({ sipDomain: 'sip.dialtone.test', allowPrivateUrls: false });

function send(customer: Credentials, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: object) {
  return t.current.app.inject({ method, url: accountUrl(customer, path), headers: authHeaders(customer), payload });
}

describe('POST /Account/{auth_id}/trunks', () => {
  it('newest contract: only name, with the documented defaults and trunk_domain', async () => {
    const customer = await fundedCustomer(t.current.app, 0);
    const response = await send(customer, 'POST', '/trunks', { name: 'My SIP Trunk' });
    expect(response.statusCode, response.body).toBe(201);
    const trunk = response.json();
    expect(trunk.trunk_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(trunk).toMatchObject({
      account_id: customer.authId, auth_id: customer.authId, name: 'My SIP Trunk',
      trunk_domain: `${trunk.trunk_id}.sip.dialtone.test`,
      trunk_direction: 'outbound', trunk_type: 'OUTBOUND', trunk_status: 'enabled',
      secure: false, transport: 'udp', cps_limit: 2, concurrent_calls_limit: 10, max_concurrent_calls: 10,
      description: '', ipacl_uuid: null, fallback_uri_uuid: null, recording: false,
      enable_transcription: false, pii_redaction: false, pii_entity_types: '', webhook_method: 'POST',
      recording_webhook_enabled: false,
    });
    // Vobiz's clients declare these optional strings, never null: unset ones are left out.
    for (const key of ['inbound_destination', 'credential_uuid', 'primary_uri_uuid', 'webhook_url']) {
      expect(trunk).not.toHaveProperty(key);
    }
    expectDocumented(await openApiDocument(t.current.app), 'POST', '/api/v1/Account/{auth_id}/trunks', response);
  });

  it('newest contract with every field echoes them back', async () => {
    const customer = await fundedCustomer(t.current.app, 0);
    const fields = {
      name: 'Inbound PBX', trunk_direction: 'inbound', trunk_status: 'disabled', secure: true,
      transport: 'tls', inbound_destination: 'sip:reception@pbx.example.com', description: 'Office',
      concurrent_calls_limit: 8, cps_limit: 1, recording: true, enable_transcription: true,
      pii_redaction: true, pii_entity_types: ['PHONE_NUMBER', 'EMAIL'],
      webhook_url: 'https://8.8.8.8/vobiz', webhook_method: 'GET', recording_webhook_enabled: true,
    };
    const response = await send(customer, 'POST', '/trunks', fields);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      ...fields, pii_entity_types: 'PHONE_NUMBER,EMAIL', trunk_type: 'INBOUND', max_concurrent_calls: 8,
    });
    const asText = await send(customer, 'POST', '/trunks', { name: 'x', pii_entity_types: 'EMAIL, PHONE_NUMBER' });
    expect(asText.json().pii_entity_types).toBe('EMAIL,PHONE_NUMBER');
  });

  it('older contract: trunk_type + max_concurrent_calls', async () => {
    const customer = await fundedCustomer(t.current.app, 0);
    const trunk = await createTrunk(t.current.app, customer, {
      name: 'Legacy', trunk_type: 'INBOUND', max_concurrent_calls: 5,
    });
    expect(trunk).toMatchObject({
      trunk_direction: 'inbound', trunk_type: 'INBOUND', concurrent_calls_limit: 5, max_concurrent_calls: 5,
      cps_limit: 2,
    });
    const same = await createTrunk(t.current.app, customer, {
      name: 'Both', trunk_type: 'OUTBOUND', trunk_direction: 'outbound', max_concurrent_calls: 3,
      concurrent_calls_limit: 3,
    });
    expect(same).toMatchObject({ trunk_direction: 'outbound', concurrent_calls_limit: 3 });
  });

  it.each([
    ['no name', { trunk_type: 'INBOUND', max_concurrent_calls: 5 }, 'name'],
    ['an empty name', { name: '' }, 'name'],
    ['a 256-character name', { name: 'x'.repeat(256) }, 'name'],
    ['an unknown direction', { name: 'x', trunk_direction: 'both' }, 'trunk_direction'],
    ['an unknown trunk_type', { name: 'x', trunk_type: 'BOTH' }, 'trunk_type'],
    ['transport sctp', { name: 'x', transport: 'sctp' }, 'transport'],
    ['cps_limit 0', { name: 'x', cps_limit: 0 }, 'cps_limit'],
    ['a fractional limit', { name: 'x', concurrent_calls_limit: 2.5 }, 'concurrent_calls_limit'],
    ['contradicting directions', { name: 'x', trunk_direction: 'outbound', trunk_type: 'INBOUND' }, 'trunk_type'],
    ['contradicting limits', { name: 'x', concurrent_calls_limit: 4, max_concurrent_calls: 5 }, 'max_concurrent_calls'],
    ['a private webhook_url', { name: 'x', webhook_url: 'http://10.0.0.5/hook' }, 'webhook_url'],
    ['a metadata webhook_url', { name: 'x', webhook_url: 'http://169.254.169.254/latest' }, 'webhook_url'],
    ['a localhost webhook_url', { name: 'x', webhook_url: 'http://localhost:8080/hook' }, 'webhook_url'],
    ['a LOCALHOST. webhook_url', { name: 'x', webhook_url: 'http://LOCALHOST./' }, 'webhook_url'],
    ['a metadata name', { name: 'x', webhook_url: 'http://metadata.google.internal./' }, 
      'webhook_url'],
    ['a CR/LF webhook_url', { name: 'x', webhook_url: 'http://a.test/\r\nX-Injected: 1' },
      'webhook_url'],
    ['an ftp webhook_url', { name: 'x', webhook_url: 'ftp://files.example.com/' }, 'webhook_url'],
    ['a webhook_url with a password', { name: 'x', webhook_url: 'https://u:p@example.com/' }, 'webhook_url'],
    ['a malformed credential_uuid', { name: 'x', credential_uuid: 'abc' }, 'credential_uuid'],
    ['an unknown credential_uuid', { name: 'x', credential_uuid: '00000000-0000-4000-8000-000000000000' }, 'credential_uuid'],
  ])('refuses %s with 422 naming the field', async (_name, payload, field) => {
    const customer = await fundedCustomer(t.current.app, 0);
    const response = await send(customer, 'POST', '/trunks', payload);
    expect(response.statusCode, response.body).toBe(422);
    const body = response.json();
    expect(body).toMatchObject({ error: 'ValidationError', status_code: 422 });
    expect(body.details.map((detail: { loc: string[] }) => detail.loc.join('.'))).toContain(`body.${field}`);
  });

  it("stores limits above the account's as given: the account's limits are the enforced ones", async () => {
    const customer = await fundedCustomer(t.current.app, 0);
    // The seed guide's own example, on a new account whose cps_limit is 2.
    const trunk = await createTrunk(t.current.app, customer, {
      name: 'Seed', cps_limit: 5, concurrent_calls_limit: 10,
    });
    expect(trunk).toMatchObject({ cps_limit: 5, concurrent_calls_limit: 10 });
    const legacy = await createTrunk(t.current.app, customer, { name: 'Old', max_concurrent_calls: 50 });
    expect(legacy).toMatchObject({ concurrent_calls_limit: 50, max_concurrent_calls: 50 });
    const raised = await send(customer, 'PUT', `/trunks/${trunk.trunk_id}`, { cps_limit: 30 });
    expect(raised.json()).toMatchObject({ cps_limit: 30 });
  });
});

describe('POST /Account/{auth_id}/trunks retried without an Idempotency-Key', () => {
  const body = { name: 'Retried', trunk_direction: 'inbound', cps_limit: 5, description: 'PBX' };
  const total = async (customer: Credentials) => (await send(customer, 'GET', '/trunks')).json().meta.total;

  it('in turn or at once: one trunk, answered 201 each time', async () => {
    const customer = await fundedCustomer(t.current.app, 0);
    const first = await send(customer, 'POST', '/trunks', body);
    const again = await send(customer, 'POST', '/trunks', body);
    expect([first.statusCode, again.statusCode]).toEqual([201, 201]);
    expect(again.json()).toEqual(first.json());
    const racing = { ...body, name: 'Racing' };
    const both = await Promise.all([1, 2, 3].map(() => send(customer, 'POST', '/trunks', racing)));
    expect(both.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(both.map((response) => response.json().trunk_id)).size).toBe(1);
    expect(await total(customer)).toBe(2);
  });

  it('a trunk differing in any setting, or another account\'s, is a new trunk', async () => {
    const customer = await fundedCustomer(t.current.app, 0);
    await send(customer, 'POST', '/trunks', body);
    const other = await send(customer, 'POST', '/trunks', { ...body, cps_limit: 6 });
    const defaults = await send(customer, 'POST', '/trunks', { name: body.name });
    expect([other.statusCode, defaults.statusCode]).toEqual([201, 201]);
    expect(await total(customer)).toBe(3);
    const stranger = await fundedCustomer(t.current.app, 0);
    expect((await send(stranger, 'POST', '/trunks', body)).statusCode).toBe(201);
    expect(await total(stranger)).toBe(1);
  });
});

describe('GET, PUT, DELETE /Account/{auth_id}/trunks[/{trunk_id}]', () => {
  it('lists as {meta{limit, offset, total}, objects} oldest first, paged', async () => {
    const customer = await fundedCustomer(t.current.app, 0);
    for (const name of ['A', 'B', 'C']) await createTrunk(t.current.app, customer, { name });
    const all = await send(customer, 'GET', '/trunks');
    expect(all.statusCode).toBe(200);
    expect(all.json().meta).toEqual({ limit: 20, offset: 0, total: 3 });
    expect(all.json().objects.map((trunk: { name: string }) => trunk.name)).toEqual(['A', 'B', 'C']);
    const page = await send(customer, 'GET', '/trunks?limit=1&offset=1');
    expect(page.json()).toMatchObject({ meta: { limit: 1, offset: 1, total: 3 }, objects: [{ name: 'B' }] });
    expect((await send(customer, 'GET', '/trunks?limit=101')).statusCode).toBe(422);
    expect((await send(customer, 'GET', '/trunks?offset=-1')).statusCode).toBe(422);
    const other = await fundedCustomer(t.current.app, 0);
    expect((await send(other, 'GET', '/trunks')).json().meta.total).toBe(0);
  });

  it('reads, changes only the fields named, and deletes', async () => {
    const customer = await fundedCustomer(t.current.app, 0);
    const trunk = await createTrunk(t.current.app, customer, { name: 'Main', description: 'first' });
    const read = await send(customer, 'GET', `/trunks/${trunk.trunk_id}`);
    expect(read.json()).toEqual(trunk);
    const updated = await send(customer, 'PUT', `/trunks/${trunk.trunk_id}`, {
      name: 'Main 2', trunk_type: 'INBOUND', cps_limit: 1, description: null,
    });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({
      name: 'Main 2', trunk_direction: 'inbound', cps_limit: 1, description: '',
      concurrent_calls_limit: 10, trunk_domain: trunk.trunk_domain,
    });
    expect((await send(customer, 'PUT', `/trunks/${trunk.trunk_id}`, {})).statusCode).toBe(422);
    const deleted = await send(customer, 'DELETE', `/trunks/${trunk.trunk_id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await send(customer, 'GET', `/trunks/${trunk.trunk_id}`)).statusCode).toBe(404);
    expect((await send(customer, 'DELETE', `/trunks/${trunk.trunk_id}`)).statusCode).toBe(404);
    expect((await send(customer, 'PUT', `/trunks/${trunk.trunk_id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await send(customer, 'GET', '/trunks/not-a-uuid')).statusCode).toBe(422);
  });

  it('links credentials, ACLs and URIs of the same account only; deleting one clears the link', async () => {
    const { app } = t.current;
    const customer = await fundedCustomer(app, 0);
    const other = await fundedCustomer(app, 0);
    const credential = (await send(customer, 'POST', '/credentials', {
      username: `pbx-${customer.authId.toLowerCase()}`, password: 'Str0ng-Pass',
    })).json();
    const acl = (await send(customer, 'POST', '/ip-acl', { name: 'Office', ip_address: '45.64.12.10' })).json();
    const uri = (await send(customer, 'POST', '/origination-uris', {
      name: 'PBX', sip_uri: 'sip:pbx.example.com', priority: 1,
    })).json();
    const otherAcl = (await send(other, 'POST', '/ip-acl', { ip_address: '45.64.13.10' })).json();
    const trunk = await createTrunk(app, customer, {
      name: 'Linked', credential_uuid: credential.id, ipacl_uuid: acl.id,
      primary_uri_uuid: uri.id, fallback_uri_uuid: uri.id,
    });
    expect(trunk).toMatchObject({
      credential_uuid: credential.id, ipacl_uuid: acl.id, primary_uri_uuid: uri.id, fallback_uri_uuid: uri.id,
    });
    const foreign = await send(customer, 'PUT', `/trunks/${trunk.trunk_id}`, { ipacl_uuid: otherAcl.id });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().details[0].loc).toEqual(['body', 'ipacl_uuid']);

    expect((await send(customer, 'DELETE', `/credentials/${credential.id}`)).statusCode).toBe(204);
    expect((await send(customer, 'DELETE', `/origination-uris/${uri.id}`)).statusCode).toBe(204);
    const after = (await send(customer, 'GET', `/trunks/${trunk.trunk_id}`)).json();
    expect(after).toMatchObject({ ipacl_uuid: acl.id, fallback_uri_uuid: null });
    expect(after).not.toHaveProperty('credential_uuid');
    expect(after).not.toHaveProperty('primary_uri_uuid');
    const cleared = await send(customer, 'PUT', `/trunks/${trunk.trunk_id}`, { ipacl_uuid: null });
    expect(cleared.json().ipacl_uuid).toBeNull();
  });

  it('accepts a public webhook_url and the lowercase /account/ path', async () => {
    const customer = await fundedCustomer(t.current.app, 0);
    const response = await t.current.app.inject({
      method: 'POST', url: `/api/v1/account/${customer.authId}/trunks`, headers: authHeaders(customer),
      payload: { name: 'Hooked', webhook_url: 'https://8.8.8.8/hook' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().webhook_url).toBe('https://8.8.8.8/hook');
  });
});
