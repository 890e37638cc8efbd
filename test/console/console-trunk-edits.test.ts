/**
 * Editing trunks, credentials, IP ACL entries and origination URIs in the customer console,
 * through real sessions: each form changes what the Customer API then reads, shows the API's
 * validation message next to the field, needs its CSRF token, and another account's id is the
 * 404 page with nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { ConsoleClient } from '../support/console';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../support/factories';

const t = useTestApp();

async function api(customer: Credentials, method: 'GET' | 'POST', path: string, payload?: object) {
  const response = await t.current.app.inject({
    method, url: `/api/v1/Account/${customer.authId}${path}`, headers: authHeaders(customer),
    ...(payload ? { payload } : {}),
  });
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

async function edit(client: ConsoleClient, path: string, fields: Record<string, string>) {
  const page = await client.get(`/console/account/trunks/${path}`);
  expect(page.statusCode, page.body).toBe(200);
  return client.post(`/console/account/trunks/${path}`, fields);
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
    const linked = await client.post(`/console/account/trunks/trunk/${ids.trunk}`, {
      name: 'Main', trunk_status: 'enabled', trunk_direction: 'outbound',
      credential_uuid: other.ids.credential, ipacl_uuid: '', primary_uri_uuid: '',
      fallback_uri_uuid: '', description: '',
    });
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

  it("answers another account's ids with the 404 page and changes nothing", async () => {
    const mine = await customerWithTrunk();
    const theirs = await customerWithTrunk();
    const forms: Record<string, Record<string, string>> = {
      trunk: {
        name: 'Taken', trunk_status: 'disabled', trunk_direction: 'inbound', credential_uuid: '',
        ipacl_uuid: '', primary_uri_uuid: '', fallback_uri_uuid: '', description: '',
      },
      credential: { password: 'Hij4cked-Secret!', enabled: 'false' },
      'ip-acl': { name: 'Taken', ip_address: '10.7.7.7', enabled: 'false' },
      uri: { name: 'Taken', sip_uri: 'sip:taken.example.net', enabled: 'false' },
    };
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
