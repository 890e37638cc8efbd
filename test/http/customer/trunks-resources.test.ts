/**
 * The resources a trunk points at (vobiz-api.md 2.2): digest credentials (HA1 only, never the
 * password or HA1 in a response), IP ACL entries and origination URIs, with tables of good and
 * bad inputs.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, type Credentials } from '../../support/factories';
import { accountUrl, fundedCustomer } from '../../support/numbers';
import { expectDocumented, openApiDocument } from '../../support/openapi';

// Public peers only: loopback must be refused (DIALTONE_ALLOW_PRIVATE_URLS=false, as in production).
const t = useTestApp({ sipDomain: 'sip.dialtone.test', allowPrivateUrls: false });
let customer: Credentials;
let usernames = 0;

beforeAll(async () => {
  customer = await fundedCustomer(t.current.app, 0);
});

function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, payload?: object, who = customer) {
  return t.current.app.inject({ method, url: accountUrl(who, path), headers: authHeaders(who), payload });
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const nextUsername = () => `pbx-${customer.authId.slice(3).toLowerCase()}-${(usernames += 1)}`;

async function storedHa1(id: string): Promise<string> {
  const row = await t.current.database.handle.db.selectFrom('sip_credentials').select('ha1')
    .where('id', '=', id).executeTakeFirstOrThrow();
  return row.ha1;
}

describe('credentials', () => {
  it('stores only HA1 and never answers with the password or HA1', async () => {
    const username = nextUsername();
    const password = 'Str0ng-Secret!';
    const created = await send('POST', '/credentials', { username, password });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toEqual({
      id: expect.any(String), account_id: customer.authId, username, password: '********',
      realm: 'sip.dialtone.test', enabled: true, created_at: expect.any(String), updated_at: expect.any(String),
    });
    const ha1 = md5(`${username}:sip.dialtone.test:${password}`);
    expect(await storedHa1(body.id)).toBe(ha1);
    const { rows } = await sql<{ row: string }>`select row_to_json(c)::text as row from sip_credentials c`
      .execute(t.current.database.handle.db);
    expect(rows.some((row) => row.row.includes(password))).toBe(false);

    const list = await send('GET', '/trunks/credentials');
    const updated = await send('PUT', `/credentials/${body.id}`, { password: 'N3w-Secret-42' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(await storedHa1(body.id)).toBe(md5(`${username}:sip.dialtone.test:N3w-Secret-42`));
    const disabled = await send('PUT', `/credentials/${body.id}`, { enabled: false });
    expect(disabled.json()).toMatchObject({ enabled: false, password: '********' });
    for (const response of [created, list, updated, disabled]) {
      for (const secret of [password, 'N3w-Secret-42', ha1, await storedHa1(body.id)]) {
        expect(response.body).not.toContain(secret);
      }
    }
    expect(list.json()).toMatchObject({ meta: { limit: 20, offset: 0 }, objects: expect.any(Array) });
    expect(list.json().objects.every((row: { password: string }) => row.password === '********')).toBe(true);
    expectDocumented(await openApiDocument(t.current.app), 'GET',
      '/api/v1/Account/{auth_id}/trunks/credentials', list);
  });

  it.each([
    ['a short password', 'Ab1', 'password'],
    ['a password without a digit', 'NoDigitsHere!', 'password'],
    ['a password without a letter', '1234567890', 'password'],
    ['a password with a space', 'Has space 123', 'password'],
    ['a password over 128 characters', `Aa1${'x'.repeat(130)}`, 'password'],
  ])('refuses %s with 422 and never echoes it', async (_name, password, field) => {
    const response = await send('POST', '/credentials', { username: nextUsername(), password });
    expect(response.statusCode).toBe(422);
    expect(response.json().details[0].loc).toEqual(['body', field]);
    expect(response.body).not.toContain(password);
  });

  it.each([
    ['too short', 'ab'],
    ['with a colon', 'pbx:one'],
    ['with a space', 'pbx one'],
    ['with an @', 'pbx@office'],
    ['over 64 characters', 'p'.repeat(65)],
  ])('refuses a username %s with 422', async (_name, username) => {
    const response = await send('POST', '/credentials', { username, password: 'Str0ng-Secret' });
    expect(response.statusCode).toBe(422);
    expect(response.json().details[0].loc).toEqual(['body', 'username']);
  });

  it('refuses a username already in use in the realm (409), also by another account', async () => {
    const username = nextUsername();
    expect((await send('POST', '/credentials', { username, password: 'Str0ng-Secret' })).statusCode).toBe(201);
    const other = await fundedCustomer(t.current.app, 0);
    const again = await send('POST', '/credentials', { username, password: 'Str0ng-Secret' }, other);
    expect(again.statusCode).toBe(409);
  });

  it('deletes, and a weak new password is 422', async () => {
    const created = (await send('POST', '/credentials', { username: nextUsername(), password: 'Str0ng-Secret' })).json();
    expect((await send('PUT', `/credentials/${created.id}`, { password: 'weak' })).statusCode).toBe(422);
    expect((await send('PUT', `/credentials/${created.id}`, {})).statusCode).toBe(422);
    expect((await send('DELETE', `/credentials/${created.id}`)).statusCode).toBe(204);
    expect((await send('DELETE', `/credentials/${created.id}`)).statusCode).toBe(404);
    expect((await send('PUT', `/credentials/${created.id}`, { enabled: true })).statusCode).toBe(404);
  });
});

describe('IP ACL entries', () => {
  it.each([
    ['203.0.114.10', '203.0.114.10'],
    ['45.64.12.0/24', '45.64.12.0/24'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['100.64.0.1', '100.64.0.1'],
    ['8.8.8.8/32', '8.8.8.8/32'],
    ['192.168.1.0/28', '192.168.1.0/28'],
  ])('accepts %s', async (ipAddress, stored) => {
    const response = await send('POST', '/ip-acl', { name: `Entry ${ipAddress}`, ip_address: ipAddress });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      account_id: customer.authId, ip_address: stored, name: `Entry ${ipAddress}`,
      description: `Entry ${ipAddress}`, enabled: true,
    });
  });

  it.each([
    ['RFC 5737 TEST-NET-1', '192.0.2.1'],
    ['RFC 5737 TEST-NET-2 block', '198.51.100.0/24'],
    ['RFC 5737 TEST-NET-3', '203.0.113.5'],
    ['a block containing TEST-NET-1', '192.0.0.0/16'],
    ['host bits set', '10.0.0.1/24'],
    ['mask 33', '1.2.3.4/33'],
    ['a non-numeric mask', '1.2.3.0/abc'],
    ['a block wider than /8', '4.0.0.0/7'],
    ['everything', '0.0.0.0/0'],
    ['IPv6', '2001:4860::1'],
    ['an IPv6 block', '2001:db8::/32'],
    ['an octet over 255', '256.1.1.1'],
    ['a leading zero', '010.0.0.1'],
    ['three octets', '1.2.3'],
    ['a name', 'pbx.example.com'],
    ['loopback', '127.0.0.1'],
    ['multicast', '224.0.0.1'],
    ['link-local', '169.254.10.1'],
    ['an empty string', ''],
  ])('refuses %s with 422', async (_name, ipAddress) => {
    const response = await send('POST', '/ip-acl', { ip_address: ipAddress });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().details[0].loc).toEqual(['body', 'ip_address']);
  });

  it('refuses a duplicate network, updates, lists and deletes', async () => {
    const first = (await send('POST', '/ip-acl', { ip_address: '81.2.69.0/24' })).json();
    expect((await send('POST', '/ip-acl', { ip_address: '81.2.69.0/24' })).statusCode).toBe(409);
    const updated = await send('PUT', `/ip-acl/${first.id}`, { ip_address: '81.2.70.1', description: 'Moved' });
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ ip_address: '81.2.70.1', description: 'Moved' });
    expect((await send('PUT', `/ip-acl/${first.id}`, { ip_address: '192.0.2.7' })).statusCode).toBe(422);
    const list = await send('GET', '/trunks/ip-acl?limit=100');
    expect(list.json().objects.map((row: { id: string }) => row.id)).toContain(first.id);
    expect((await send('DELETE', `/ip-acl/${first.id}`)).statusCode).toBe(204);
    expect((await send('DELETE', `/ip-acl/${first.id}`)).statusCode).toBe(404);
  });
});

describe('origination URIs', () => {
  it.each([
    ['sip:pbx.example.com', 'sip:pbx.example.com', 'udp'],
    ['SIP:PBX.Example.com:5080', 'sip:pbx.example.com:5080', 'udp'],
    ['sips:pbx.example.com:5061', 'sips:pbx.example.com:5061', 'tls'],
    ['sip:+918047181234@gw.example.com;transport=tcp', 'sip:+918047181234@gw.example.com;transport=tcp', 'tcp'],
    ['sip:45.64.12.10', 'sip:45.64.12.10', 'udp'],
    ['sip:[2001:4860:0:0::1]:5060', 'sip:[2001:4860::1]:5060', 'udp'],
  ])('accepts %s', async (sipUri, uri, transport) => {
    const response = await send('POST', '/origination-uris', { name: 'PBX', sip_uri: sipUri });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ uri, transport, priority: 1, weight: 1, enabled: true });
  });

  it.each([
    ['an http URL', { sip_uri: 'http://pbx.example.com' }, 'sip_uri'],
    ['a bare scheme', { sip_uri: 'sip:' }, 'sip_uri'],
    ['a password', { sip_uri: 'sip:user:secret@pbx.example.com' }, 'sip_uri'],
    ['URI headers', { sip_uri: 'sip:pbx.example.com?X-Inject=1' }, 'sip_uri'],
    ['maddr', { sip_uri: 'sip:pbx.example.com;maddr=10.0.0.1' }, 'sip_uri'],
    ['a documentation host', { sip_uri: 'sip:192.0.2.10' }, 'sip_uri'],
    ['loopback', { sip_uri: 'sip:127.0.0.1:5060' }, 'sip_uri'],
    ['port 70000', { sip_uri: 'sip:pbx.example.com:70000' }, 'sip_uri'],
    ['an IPv6 documentation host', { sip_uri: 'sip:[2001:db8::1]' }, 'sip_uri'],
    ['sips over udp', { sip_uri: 'sips:pbx.example.com;transport=udp' }, 'sip_uri'],
    ['a transport contradicting the URI', { sip_uri: 'sip:pbx.example.com;transport=tcp', transport: 'udp' }, 'transport'],
    ['sips with transport tcp', { sip_uri: 'sips:pbx.example.com', transport: 'tcp' }, 'transport'],
    ['priority 0', { sip_uri: 'sip:pbx.example.com', priority: 0 }, 'priority'],
    ['priority 1001', { sip_uri: 'sip:pbx.example.com', priority: 1001 }, 'priority'],
    ['weight 0', { sip_uri: 'sip:pbx.example.com', weight: 0 }, 'weight'],
    ['no name', { name: undefined, sip_uri: 'sip:pbx.example.com' }, 'name'],
  ])('refuses %s with 422', async (_name, fields, field) => {
    const response = await send('POST', '/origination-uris', { name: 'PBX', ...fields });
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().details[0].loc).toEqual(['body', field]);
  });

  it('lists in the order they are tried, updates name and priority, refuses duplicates', async () => {
    const who = await fundedCustomer(t.current.app, 0);
    const add = (name: string, priority: number, weight = 1) => send('POST', '/origination-uris', {
      name, sip_uri: `sip:${name.toLowerCase()}.example.com`, priority, weight,
    }, who);
    const backup = (await add('Backup', 20)).json();
    await add('Light', 10, 1);
    await add('Heavy', 10, 5);
    expect((await add('Heavy', 10, 5)).statusCode).toBe(409);
    const order = async () => (await send('GET', '/trunks/origination-uris', undefined, who)).json()
      .objects.map((row: { name: string }) => row.name);
    expect(await order()).toEqual(['Heavy', 'Light', 'Backup']);
    const updated = await send('PUT', `/origination-uris/${backup.id}`, { name: 'Primary', priority: 1 }, who);
    expect(updated.statusCode, updated.body).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Primary', priority: 1, uri: 'sip:backup.example.com' });
    expect(await order()).toEqual(['Primary', 'Heavy', 'Light']);
    const retransported = await send('PUT', `/origination-uris/${backup.id}`, { transport: 'tcp' }, who);
    expect(retransported.json().transport).toBe('tcp');
    expect((await send('DELETE', `/origination-uris/${backup.id}`, undefined, who)).statusCode).toBe(204);
    expect(await order()).toEqual(['Heavy', 'Light']);
  });
});
