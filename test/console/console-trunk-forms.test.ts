/**
 * Creating and editing trunks, credentials, IP ACL entries and origination URIs in the customer
 * console, through real sessions: each form takes every field of the Customer API's bodies and
 * changes what the API then reads, shows the API's validation message (in the API's words)
 * next to the field, needs its CSRF token, and another account's id is the 404 page with
 * nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { ConsoleClient, formOf } from '../support/console';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../support/factories';

const t = useTestApp();

type Method = 'GET' | 'POST' | 'PUT';

function send(customer: Credentials, method: Method, path: string, payload?: object) {
  return t.current.app.inject({
    method, url: `/api/v1/Account/${customer.authId}${path}`, headers: authHeaders(customer),
    ...(payload ? { payload } : {}),
  });
}

async function api(customer: Credentials, method: Method, path: string, payload?: object) {
  const response = await send(customer, method, path, payload);
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.json();
}

/** A customer with one of each resource, made through the API, and its console session. */
async function customerWithTrunk() {
  const partner = await createPartner(t.current.app);
  const customer = await createCustomer(t.current.app, partner);
  const suffix = customer.authId.slice(-6).toLowerCase();
  const credential = await api(customer, 'POST', '/credentials',
    { username: `pbx-${suffix}`, password: 'Str0ng-Secret!' });
  const acl = await api(customer, 'POST', '/ip-acl', { name: 'Office', ip_address: '10.1.2.3' });
  const uri = await api(customer, 'POST', '/origination-uris',
    { name: 'PBX', sip_uri: `sip:pbx-${suffix}.example.net:5060` });
  const trunk = await api(customer, 'POST', '/trunks', { name: 'Main' });
  const client = new ConsoleClient(t.current.app);
  await client.loginOk('customer', customer.authId, customer.token);
  return {
    customer, client,
    ids: { credential: credential.id, 'ip-acl': acl.id, uri: uri.id, trunk: trunk.trunk_id },
  } as const;
}

/** Loads a form page (…/trunks/<path>) and sends it with `changes` typed over its values. */
function edit(client: ConsoleClient, path: string, changes: Record<string, string>) {
  return client.submit(`/console/account/trunks/${path}`, changes);
}

describe('console trunk edits', () => {
  it('changes a trunk and its links, as the API then reads them', async () => {
    const { customer, client, ids } = await customerWithTrunk();
    const saved = await edit(client, `trunk/${ids.trunk}`, {
      name: 'Main office', trunk_status: 'disabled', trunk_direction: 'inbound',
      credential_uuid: ids.credential, ipacl_uuid: ids['ip-acl'], primary_uri_uuid: ids.uri,
      fallback_uri_uuid: '', description: 'Front desk',
    });
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe('/console/account/trunks?notice=updated');
    expect(await api(customer, 'GET', `/trunks/${ids.trunk}`)).toMatchObject({
      name: 'Main office', trunk_status: 'disabled', trunk_direction: 'inbound',
      credential_uuid: ids.credential, ipacl_uuid: ids['ip-acl'], primary_uri_uuid: ids.uri,
      description: 'Front desk',
    });
    // The edit page shows what is stored now.
    const page = await client.get(`/console/account/trunks/trunk/${ids.trunk}`);
    expect(page.body).toContain('value="Main office"');
    expect(page.body).toMatch(new RegExp(`<option value="${ids.credential}" selected>`));
  });

  it("shows the API's messages next to the fields and keeps what was typed", async () => {
    const { customer, client, ids } = await customerWithTrunk();
    const other = await customerWithTrunk();
    const refused = await edit(client, `trunk/${ids.trunk}`, {
      name: '', trunk_status: 'enabled', trunk_direction: 'outbound',
      credential_uuid: other.ids.credential, ipacl_uuid: '', primary_uri_uuid: '',
      fallback_uri_uuid: '', description: 'typed <b>here</b>',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/id="name-error">This field is required\.</);
    expect(refused.body).toContain('value="typed &lt;b&gt;here&lt;/b&gt;"');
    const linked = await edit(client, `trunk/${ids.trunk}`,
      { credential_uuid: other.ids.credential });
    expect(linked.statusCode).toBe(422);
    expect(linked.body).toMatch(/aria-invalid="true" aria-describedby="credential_uuid-error"/);
    expect(linked.body).toMatch(/id="credential_uuid-error">no such resource in this account</);

    const acl = await edit(client, `ip-acl/${ids['ip-acl']}`,
      { name: 'Office', ip_address: '192.0.2.10', enabled: 'true' });
    expect(acl.statusCode).toBe(422);
    expect(acl.body).toMatch(/id="ip_address-error">documentation range 192\.0\.2\.0\/24/);
    const uri = await edit(client, `uri/${ids.uri}`,
      { name: 'PBX', sip_uri: 'http://pbx.example.net', enabled: 'true' });
    expect(uri.statusCode).toBe(422);
    expect(uri.body).toMatch(/id="sip_uri-error">[^<]+</);
    const credential = await edit(client, `credential/${ids.credential}`,
      { password: 'short', enabled: 'true' });
    expect(credential.statusCode).toBe(422);
    expect(credential.body).toMatch(/id="password-error">[^<]+</);
    expect(credential.body).not.toContain('value="short"');
    expect(await api(customer, 'GET', `/trunks/${ids.trunk}`)).toMatchObject({ name: 'Main' });
  });

  it('edits a credential, an IP ACL entry and an origination URI', async () => {
    const { customer, client, ids } = await customerWithTrunk();
    const db = t.current.database.handle.db;
    const ha1Of = async () => (await db.selectFrom('sip_credentials').select('ha1')
      .where('id', '=', ids.credential).executeTakeFirstOrThrow()).ha1;
    const before = await ha1Of();
    // An empty password keeps the password.
    expect((await edit(client, `credential/${ids.credential}`,
      { password: '', enabled: 'false' })).statusCode).toBe(303);
    expect(await ha1Of()).toBe(before);
    expect((await edit(client, `credential/${ids.credential}`,
      { password: 'An0ther-Secret!', enabled: 'true' })).statusCode).toBe(303);
    expect(await ha1Of()).not.toBe(before);
    const credentials = await api(customer, 'GET', '/trunks/credentials');
    expect(credentials.objects).toMatchObject([{ id: ids.credential, enabled: true }]);

    expect((await edit(client, `ip-acl/${ids['ip-acl']}`,
      { name: 'Branch', ip_address: '10.9.0.0/16', enabled: 'false' })).statusCode).toBe(303);
    const acls = await api(customer, 'GET', '/trunks/ip-acl');
    expect(acls.objects)
      .toMatchObject([{ name: 'Branch', ip_address: '10.9.0.0/16', enabled: false }]);

    expect((await edit(client, `uri/${ids.uri}`,
      { name: 'PBX 2', sip_uri: 'sip:pbx2.example.net:5070;transport=tcp', enabled: 'true' }))
      .statusCode).toBe(303);
    const uris = await api(customer, 'GET', '/trunks/origination-uris');
    expect(uris.objects).toMatchObject([
      { name: 'PBX 2', uri: 'sip:pbx2.example.net:5070;transport=tcp', transport: 'tcp' },
    ]);
  });

  it('creates each kind with every field the API takes, as the API then reads them', async () => {
    const { customer, client, ids } = await customerWithTrunk();
    const created = async (kind: string, changes: Record<string, string>) => {
      const answer = await edit(client, `${kind}/new`, changes);
      expect(answer.statusCode, answer.body).toBe(303);
      expect(answer.headers.location).toBe('/console/account/trunks?notice=created');
    };
    await created('credential', { username: 'pbx-second', password: 'Str0ng-Secret!',
      enabled: 'false' });
    await created('ip-acl', { name: 'Branch', ip_address: '10.9.0.0/16',
      description: 'Branch office', enabled: 'false' });
    await created('uri', { name: 'Backup', sip_uri: 'sip:backup.example.net', priority: '2',
      weight: '40', transport: 'tcp', description: 'Second site', enabled: 'false' });
    await created('trunk', {
      name: 'Full', trunk_status: 'disabled', trunk_direction: 'inbound', transport: 'tls',
      secure: 'true', concurrent_calls_limit: '25', cps_limit: '7',
      inbound_destination: 'reception', description: 'Every field', credential_uuid: ids.credential,
      ipacl_uuid: ids['ip-acl'], primary_uri_uuid: ids.uri, recording: 'true',
      enable_transcription: 'true', pii_redaction: 'true', pii_entity_types: 'PHONE_NUMBER, EMAIL',
      webhook_url: 'http://127.0.0.1:9/hooks/trunk', webhook_method: 'GET',
      recording_webhook_enabled: 'true',
    });

    const credentials = await api(customer, 'GET', '/trunks/credentials');
    expect(credentials.objects).toContainEqual(
      expect.objectContaining({ username: 'pbx-second', enabled: false }));
    const acls = await api(customer, 'GET', '/trunks/ip-acl');
    expect(acls.objects).toContainEqual(expect.objectContaining(
      { name: 'Branch', ip_address: '10.9.0.0/16', description: 'Branch office', enabled: false }));
    const uris = await api(customer, 'GET', '/trunks/origination-uris');
    expect(uris.objects).toContainEqual(expect.objectContaining({
      name: 'Backup', priority: 2, weight: 40, transport: 'tcp', description: 'Second site',
      enabled: false,
    }));
    const trunks = await api(customer, 'GET', '/trunks');
    expect(trunks.objects).toContainEqual(expect.objectContaining({
      name: 'Full', trunk_status: 'disabled', trunk_direction: 'inbound', transport: 'tls',
      secure: true, concurrent_calls_limit: 25, cps_limit: 7, inbound_destination: 'reception',
      description: 'Every field', credential_uuid: ids.credential, ipacl_uuid: ids['ip-acl'],
      primary_uri_uuid: ids.uri, recording: true, enable_transcription: true, pii_redaction: true,
      pii_entity_types: 'PHONE_NUMBER,EMAIL', webhook_url: 'http://127.0.0.1:9/hooks/trunk',
      webhook_method: 'GET', recording_webhook_enabled: true,
    }));
    // The new forms start from Vobiz's defaults, as a create without those fields stores them.
    const fresh = formOf((await client.get('/console/account/trunks/trunk/new')).body).values;
    expect(fresh).toMatchObject({ concurrent_calls_limit: '10', cps_limit: '2', transport: 'udp' });
  });

  it("shows the API's own messages for limits, priority and weight out of range", async () => {
    const { customer, client, ids } = await customerWithTrunk();
    const cases = [
      ['trunk', ids.trunk, 'cps_limit', '0'],
      ['trunk', ids.trunk, 'cps_limit', '10001'],
      ['trunk', ids.trunk, 'concurrent_calls_limit', '100001'],
      ['uri', ids.uri, 'priority', '0'],
      ['uri', ids.uri, 'weight', '1001'],
    ] as const;
    for (const [kind, id, name, value] of cases) {
      const refused = await edit(client, `${kind}/${id}`, { [name]: value });
      expect(refused.statusCode, `${name}=${value}`).toBe(422);
      const apiPath = kind === 'trunk' ? `/trunks/${id}` : `/origination-uris/${id}`;
      const wire = await send(customer, 'PUT', apiPath, { [name]: Number(value) });
      expect(wire.statusCode).toBe(422);
      const message = (wire.json().details[0].msg as string).replace(/>/g, '&gt;')
        .replace(/</g, '&lt;');
      expect(refused.body).toContain(`id="${name}-error">${message}<`);
      expect(refused.body)
        .toContain(`value="${value}" aria-invalid="true" aria-describedby="${name}-error"`);
    }
    const words = await edit(client, `trunk/${ids.trunk}`,
      { cps_limit: 'ten', concurrent_calls_limit: '2.5' });
    expect(words.statusCode).toBe(422);
    expect(words.body).toContain('id="cps_limit-error">must be integer<');
    expect(words.body).toContain('id="concurrent_calls_limit-error">must be integer<');
    const empty = await edit(client, `trunk/${ids.trunk}`, { concurrent_calls_limit: '' });
    expect(empty.body).toContain('id="concurrent_calls_limit-error">This field is required.<');
    const newUri = await edit(client, 'uri/new',
      { name: 'Ranked', sip_uri: 'sip:ranked.example.net', weight: '0' });
    expect(newUri.statusCode).toBe(422);
    expect(newUri.body).toContain('id="weight-error">must be &gt;= 1<');
    // Nothing was stored.
    expect(await api(customer, 'GET', `/trunks/${ids.trunk}`))
      .toMatchObject({ cps_limit: 2, concurrent_calls_limit: 10 });
    const uris = await api(customer, 'GET', '/trunks/origination-uris');
    expect(uris.objects).toMatchObject([{ id: ids.uri, priority: 1, weight: 1 }]);
  });

  it('keeps a URI transport left to the URI when the URI changes, and an explicit one', async () => {
    const { customer, client, ids } = await customerWithTrunk();
    const page = formOf((await client.get(`/console/account/trunks/uri/${ids.uri}`)).body);
    expect(page.values.transport).toBe('');
    expect((await edit(client, `uri/${ids.uri}`, { sip_uri: 'sips:pbx.example.net' }))
      .statusCode).toBe(303);
    const uris = await api(customer, 'GET', '/trunks/origination-uris');
    expect(uris.objects).toMatchObject([{ uri: 'sips:pbx.example.net', transport: 'tls' }]);
    const explicit = await edit(client, `uri/${ids.uri}`,
      { sip_uri: 'sip:pbx.example.net', transport: 'tcp' });
    expect(explicit.statusCode).toBe(303);
    const stored = formOf((await client.get(`/console/account/trunks/uri/${ids.uri}`)).body);
    expect(stored.values.transport).toBe('tcp');
    const refused = await edit(client, `uri/${ids.uri}`, { sip_uri: 'sips:pbx.example.net' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('id="transport-error">a sips: URI is reached over tls<');
  });

  it("answers another account's ids with the 404 page and changes nothing", async () => {
    const mine = await customerWithTrunk();
    const theirs = await customerWithTrunk();
    const changes: Record<string, Record<string, string>> = {
      trunk: { name: 'Taken', trunk_status: 'disabled', cps_limit: '9' },
      credential: { password: 'Hij4cked-Secret!', enabled: 'false' },
      'ip-acl': { name: 'Taken', ip_address: '10.7.7.7', enabled: 'false' },
      uri: { name: 'Taken', sip_uri: 'sip:taken.example.net', priority: '7' },
    };
    const forms: Record<string, Record<string, string>> = {};
    for (const [kind, typed] of Object.entries(changes)) {
      const own = mine.ids[kind as keyof typeof mine.ids];
      const page = await mine.client.get(`/console/account/trunks/${kind}/${own}`);
      forms[kind] = { ...formOf(page.body).values, ...typed };
    }
    for (const [kind, fields] of Object.entries(forms)) {
      const path = `/console/account/trunks/${kind}/${theirs.ids[kind as keyof typeof theirs.ids]}`;
      await mine.client.get('/console/account/trunks');
      expect((await mine.client.get(path)).statusCode, kind).toBe(404);
      const posted = await mine.client.post(path, fields);
      expect(posted.statusCode, kind).toBe(404);
      expect(posted.body).toContain('Not found');
    }
    expect(await api(theirs.customer, 'GET', `/trunks/${theirs.ids.trunk}`))
      .toMatchObject({ name: 'Main', trunk_status: 'enabled' });
    const acls = await api(theirs.customer, 'GET', '/trunks/ip-acl');
    expect(acls.objects).toMatchObject([{ name: 'Office', enabled: true }]);
  });

  it('refuses an edit without its CSRF token and changes nothing', async () => {
    const { customer, client, ids } = await customerWithTrunk();
    await client.get(`/console/account/trunks/ip-acl/${ids['ip-acl']}`);
    const forged = await client.post(`/console/account/trunks/ip-acl/${ids['ip-acl']}`,
      { _csrf: '', name: 'Forged', ip_address: '10.6.6.6', enabled: 'true' });
    expect(forged.statusCode).toBe(403);
    const acls = await api(customer, 'GET', '/trunks/ip-acl');
    expect(acls.objects).toMatchObject([{ name: 'Office', ip_address: '10.1.2.3' }]);
  });
});
