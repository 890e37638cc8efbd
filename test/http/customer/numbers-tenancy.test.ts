/**
 * Tenant isolation on every number, trunk and capacity route: no or wrong credentials are 401,
 * the wrong role 403, another tenant's path or resource 404 (releasing another account's number
 * is Vobiz's documented 403), and nothing of the owner's changes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createPartner, operatorHeaders, type Credentials } from '../../support/factories';
import { accountUrl, createTrunk, fundedCustomer, numberPath, purchase, stockNumber } from '../../support/numbers';

const t = useTestApp();

interface Owned {
  e164: string;
  trunkId: string;
  credentialId: string;
  aclId: string;
  uriId: string;
}

let owner: Credentials & { partner: Credentials };
let neighbour: Credentials;
let stranger: Credentials & { partner: Credentials };
let owned: Owned;
let neighbourNumber: string;

async function create(customer: Credentials, path: string, payload: object): Promise<string> {
  const response = await t.current.app.inject({
    method: 'POST', url: accountUrl(customer, path), headers: authHeaders(customer), payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

beforeAll(async () => {
  const { app } = t.current;
  owner = await fundedCustomer(app, '5000');
  neighbour = await fundedCustomer(app, '5000', owner.partner);
  stranger = await fundedCustomer(app, '5000');
  await app.inject({
    method: 'PUT', url: `/api/v1/admin/partners/${owner.partner.authId}/capacity`,
    headers: operatorHeaders, payload: { concurrent_calls_pool: 10, cps_pool: 10 },
  });
  const e164 = await stockNumber(app);
  expect((await purchase(app, owner, e164)).statusCode).toBe(200);
  neighbourNumber = await stockNumber(app);
  expect((await purchase(app, neighbour, neighbourNumber)).statusCode).toBe(200);
  owned = {
    e164,
    trunkId: (await createTrunk(app, owner)).trunk_id,
    credentialId: await create(owner, '/credentials', {
      username: `u-${owner.authId.toLowerCase()}`, password: 'Str0ng-Secret',
    }),
    aclId: await create(owner, '/ip-acl', { ip_address: '45.64.12.10' }),
    uriId: await create(owner, '/origination-uris', { name: 'PBX', sip_uri: 'sip:pbx.example.com' }),
  };
});

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
interface RouteCase {
  name: string;
  method: Method;
  path: () => string;
  payload?: () => object;
}

/** The owner's resources, reached under `/Account/{someone}`. */
const resourceRoutes: RouteCase[] = [
  { name: 'get trunk', method: 'GET', path: () => `/trunks/${owned.trunkId}` },
  { name: 'update trunk', method: 'PUT', path: () => `/trunks/${owned.trunkId}`, payload: () => ({ name: 'x' }) },
  { name: 'delete trunk', method: 'DELETE', path: () => `/trunks/${owned.trunkId}` },
  { name: 'update credential', method: 'PUT', path: () => `/credentials/${owned.credentialId}`, payload: () => ({ enabled: false }) },
  { name: 'delete credential', method: 'DELETE', path: () => `/credentials/${owned.credentialId}` },
  { name: 'update ACL', method: 'PUT', path: () => `/ip-acl/${owned.aclId}`, payload: () => ({ enabled: false }) },
  { name: 'delete ACL', method: 'DELETE', path: () => `/ip-acl/${owned.aclId}` },
  { name: 'update URI', method: 'PUT', path: () => `/origination-uris/${owned.uriId}`, payload: () => ({ priority: 9 }) },
  { name: 'delete URI', method: 'DELETE', path: () => `/origination-uris/${owned.uriId}` },
  { name: 'cancel release', method: 'POST', path: () => `/numbers/${numberPath(owned.e164)}/cancel-release` },
  { name: 'assign number', method: 'POST', path: () => `/numbers/${numberPath(owned.e164)}/assign`, payload: () => ({ trunk_group_id: owned.trunkId }) },
  { name: 'unassign number', method: 'DELETE', path: () => `/numbers/${numberPath(owned.e164)}/assign` },
];

/** Routes of the caller's own account (collections). */
const collectionRoutes: RouteCase[] = [
  { name: 'browse inventory', method: 'GET', path: () => '/inventory/numbers' },
  { name: 'purchase', method: 'POST', path: () => '/numbers/purchase-from-inventory', payload: () => ({ e164: '+918047189999' }) },
  { name: 'list numbers', method: 'GET', path: () => '/numbers' },
  { name: 'release', method: 'DELETE', path: () => `/numbers/${numberPath(owned.e164)}` },
  { name: 'create trunk', method: 'POST', path: () => '/trunks', payload: () => ({ name: 'x' }) },
  { name: 'list trunks', method: 'GET', path: () => '/trunks' },
  { name: 'create credential', method: 'POST', path: () => '/credentials', payload: () => ({ username: 'abc', password: 'Str0ng-Secret' }) },
  { name: 'list credentials', method: 'GET', path: () => '/trunks/credentials' },
  { name: 'create ACL', method: 'POST', path: () => '/ip-acl', payload: () => ({ ip_address: '45.64.12.11' }) },
  { name: 'list ACLs', method: 'GET', path: () => '/trunks/ip-acl' },
  { name: 'create URI', method: 'POST', path: () => '/origination-uris', payload: () => ({ name: 'x', sip_uri: 'sip:x.example.com' }) },
  { name: 'list URIs', method: 'GET', path: () => '/trunks/origination-uris' },
];

const everyCustomerRoute = [...resourceRoutes, ...collectionRoutes];

function call(route: RouteCase, accountOf: Credentials, headers: Record<string, string>) {
  return t.current.app.inject({
    method: route.method, url: accountUrl(accountOf, route.path()), headers, payload: route.payload?.(),
  });
}

describe('customer routes', () => {
  it.each(everyCustomerRoute.map((route) => [route.name, route]))('%s: no or wrong credentials are 401, partner credentials 403', async (_n, route) => {
    expect((await call(route, owner, {})).statusCode).toBe(401);
    expect((await call(route, owner, { 'x-auth-id': owner.authId, 'x-auth-token': 'wrong' })).statusCode).toBe(401);
    expect((await call(route, owner, authHeaders(owner.partner))).statusCode).toBe(403);
  });

  it.each(everyCustomerRoute.map((route) => [route.name, route]))("%s under another account's auth_id is 404", async (_n, route) => {
    for (const intruder of [neighbour, stranger]) {
      expect((await call(route, owner, authHeaders(intruder))).statusCode).toBe(404);
    }
  });

  it.each(resourceRoutes.map((route) => [route.name, route]))("%s with another account's id is 404", async (_n, route) => {
    for (const intruder of [neighbour, stranger]) {
      const response = await call(route, intruder, authHeaders(intruder));
      expect(response.statusCode, response.body).toBe(404);
    }
  });

  it("releasing another account's number is Vobiz's 403, and lists show only one's own", async () => {
    for (const intruder of [neighbour, stranger]) {
      const response = await t.current.app.inject({
        method: 'DELETE', url: accountUrl(intruder, `/numbers/${numberPath(owned.e164)}?immediate=true`),
        headers: authHeaders(intruder),
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toEqual({ error: 'forbidden', message: 'account does not own this number' });
      for (const path of ['/numbers', '/trunks', '/trunks/credentials', '/trunks/ip-acl', '/trunks/origination-uris']) {
        const list = await t.current.app.inject({ url: accountUrl(intruder, path), headers: authHeaders(intruder) });
        expect(list.body).not.toContain(owned.e164);
        expect(list.body).not.toContain(owned.trunkId);
      }
    }
    const assignToForeignTrunk = await t.current.app.inject({
      method: 'POST', url: accountUrl(neighbour, `/numbers/${numberPath(neighbourNumber)}/assign`),
      headers: authHeaders(neighbour), payload: { trunk_group_id: owned.trunkId },
    });
    expect(assignToForeignTrunk.statusCode).toBe(404);
  });
});

describe('partner and operator routes', () => {
  const partnerRoutes = (cid: () => string): RouteCase[] => [
    { name: 'customer numbers', method: 'GET', path: () => `/api/v1/partner/accounts/${cid()}/numbers` },
    { name: 'concurrency', method: 'GET', path: () => `/api/v1/partner/accounts/${cid()}/concurrency` },
    { name: 'transfer', method: 'POST', path: () => `/api/v1/partner/accounts/${cid()}/concurrency/transfer`, payload: () => ({ slots: 1 }) },
    { name: 'reclaim', method: 'POST', path: () => `/api/v1/partner/accounts/${cid()}/concurrency/reclaim`, payload: () => ({ slots: 1 }) },
  ];
  const partnerWide: RouteCase[] = [
    { name: 'all numbers', method: 'GET', path: () => '/api/v1/partner/numbers' },
    { name: 'transfers', method: 'GET', path: () => '/api/v1/partner/concurrency/transfers' },
  ];
  const send = (route: RouteCase, headers: Record<string, string>) => t.current.app.inject({
    method: route.method, url: route.path(), headers, payload: route.payload?.(),
  });

  it("another partner reaching the owner's customer is 404", async () => {
    for (const route of partnerRoutes(() => owner.authId)) {
      expect((await send(route, authHeaders(stranger.partner))).statusCode, route.name).toBe(404);
    }
    const mine = await send(partnerRoutes(() => owner.authId)[0]!, authHeaders(owner.partner));
    expect(mine.statusCode).toBe(200);
  });

  it('customer credentials on partner routes are 403; none are 401', async () => {
    for (const route of [...partnerRoutes(() => owner.authId), ...partnerWide]) {
      expect((await send(route, authHeaders(owner))).statusCode, route.name).toBe(403);
      expect((await send(route, {})).statusCode, route.name).toBe(401);
    }
  });

  it('operator routes need the operator token', async () => {
    const other = await createPartner(t.current.app);
    const routes: RouteCase[] = [
      { name: 'upload', method: 'POST', path: () => '/api/v1/admin/inventory/numbers', payload: () => [] },
      { name: 'read pools', method: 'GET', path: () => `/api/v1/admin/partners/${other.authId}/capacity` },
      { name: 'set pools', method: 'PUT', path: () => `/api/v1/admin/partners/${other.authId}/capacity`, payload: () => ({ cps_pool: 5 }) },
    ];
    for (const route of routes) {
      for (const headers of [{}, authHeaders(other), authHeaders(owner), { authorization: 'Bearer nope' }]) {
        expect((await send(route, headers)).statusCode, route.name).toBe(401);
      }
    }
  });

  it("the owner's resources are all still there, unchanged", async () => {
    const trunk = await t.current.app.inject({ url: accountUrl(owner, `/trunks/${owned.trunkId}`), headers: authHeaders(owner) });
    expect(trunk.json()).toMatchObject({ name: 'PBX trunk' });
    const numbers = await t.current.app.inject({ url: accountUrl(owner, '/numbers'), headers: authHeaders(owner) });
    expect(numbers.json().items).toEqual([expect.objectContaining({ e164: owned.e164, status: 'active' })]);
    for (const [path, id] of [['/trunks/credentials', owned.credentialId], ['/trunks/ip-acl', owned.aclId],
      ['/trunks/origination-uris', owned.uriId]] as const) {
      const list = await t.current.app.inject({ url: accountUrl(owner, path), headers: authHeaders(owner) });
      expect(list.json().objects).toEqual([expect.objectContaining({ id, enabled: true })]);
    }
    const concurrency = await t.current.app.inject({
      url: `/api/v1/partner/accounts/${owner.authId}/concurrency`, headers: authHeaders(owner.partner),
    });
    expect(concurrency.json()).toMatchObject({ net_concurrent_calls_allocated: 0, partner_concurrent_calls_limit: 10 });
  });
});
