/**
 * Tenant isolation on every CDR, pricing tier, dashboard and ingestion route: no or wrong
 * credentials are 401, the wrong role 403, another tenant's ids 404, never 403.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock';
import { useTestApp } from '../support/app';
import { CDR_TEST_NOW, cdrRow, ingestOk } from '../support/cdrs';
import { authHeaders, createCustomer, createPartner, operatorHeaders, type Credentials } from '../support/factories';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let owner: Credentials;
let stranger: Credentials;
let customer: Credentials;
let otherCustomer: Credentials;
let callUuid: string;
let tierId: string;

beforeAll(async () => {
  owner = await createPartner(t.current.app);
  stranger = await createPartner(t.current.app);
  customer = await createCustomer(t.current.app, owner);
  otherCustomer = await createCustomer(t.current.app, stranger);
  const row = cdrRow({ account: customer });
  callUuid = row.uuid as string;
  await ingestOk(t.current.app, [row, cdrRow({ account: otherCustomer })]);
  const tier = await t.current.app.inject({
    method: 'POST', url: '/api/v1/partner/pricing-tiers', headers: authHeaders(owner),
    payload: { name: 'Owner tier', rate_per_minute: 1 },
  });
  tierId = tier.json().id;
});

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: () => string;
  payload?: () => Record<string, unknown>;
}

const partnerCustomerRoutes = (cid: () => string): RouteCase[] => [
  { method: 'GET', url: () => `/api/v1/partner/accounts/${cid()}/cdrs` },
  { method: 'GET', url: () => `/api/v1/partner/accounts/${cid()}/cdrs/${callUuid}` },
  { method: 'POST', url: () => `/api/v1/partner/accounts/${cid()}/pricing-tier`, payload: () => ({ pricing_tier_id: null }) },
];
const partnerTierRoutes: RouteCase[] = [
  { method: 'GET', url: () => `/api/v1/partner/pricing-tiers/${tierId}` },
  { method: 'PATCH', url: () => `/api/v1/partner/pricing-tiers/${tierId}`, payload: () => ({ rate_per_minute: 2 }) },
  { method: 'DELETE', url: () => `/api/v1/partner/pricing-tiers/${tierId}` },
];
const partnerWideRoutes: RouteCase[] = [
  { method: 'GET', url: () => '/api/v1/partner/cdrs' },
  { method: 'GET', url: () => '/api/v1/partner/dashboard' },
  { method: 'GET', url: () => '/api/v1/partner/analytics' },
  { method: 'GET', url: () => '/api/v1/partner/pricing-tiers' },
  { method: 'POST', url: () => '/api/v1/partner/pricing-tiers', payload: () => ({ name: 'x', rate_per_minute: 1 }) },
];
const customerRoutes = (cid: () => string): RouteCase[] => ['cdr', 'cdrs'].flatMap((base) => [
  { method: 'GET' as const, url: () => `/api/v1/Account/${cid()}/${base}` },
  { method: 'GET' as const, url: () => `/api/v1/Account/${cid()}/${base}/search` },
  { method: 'GET' as const, url: () => `/api/v1/Account/${cid()}/${base}/recent` },
  { method: 'GET' as const, url: () => `/api/v1/Account/${cid()}/${base}/export` },
  { method: 'GET' as const, url: () => `/api/v1/Account/${cid()}/${base}/${callUuid}` },
]);
const operatorRoutes: RouteCase[] = [
  { method: 'POST', url: () => '/api/v1/internal/cdrs', payload: () => ({}) },
  { method: 'POST', url: () => '/api/v1/admin/simulate', payload: () => ({ account_id: customer.authId, calls: 1 }) },
];

function send(route: RouteCase, headers: Record<string, string> = {}) {
  return t.current.app.inject({ method: route.method, url: route.url(), payload: route.payload?.(), headers });
}

const everyRoute = () => [
  ...partnerCustomerRoutes(() => customer.authId), ...partnerTierRoutes, ...partnerWideRoutes,
  ...customerRoutes(() => customer.authId), ...operatorRoutes,
];

describe('CDR tenant isolation', () => {
  it('every route is 401 without credentials and with a wrong token', async () => {
    for (const route of everyRoute()) {
      expect((await send(route)).statusCode, route.url()).toBe(401);
      for (const authId of [owner.authId, customer.authId]) {
        const response = await send(route, { 'x-auth-id': authId, 'x-auth-token': 'wrong-token' });
        expect([401, 403], route.url()).toContain(response.statusCode);
      }
      expect((await send(route, { authorization: 'Bearer wrong' })).statusCode, route.url()).toBe(401);
    }
  });

  it("another partner's customer, call and tier are 404", async () => {
    for (const route of [...partnerCustomerRoutes(() => customer.authId), ...partnerTierRoutes]) {
      expect((await send(route, authHeaders(stranger))).statusCode, route.url()).toBe(404);
    }
  });

  it("another customer's call is 404 under the partner's own customer", async () => {
    const route = { method: 'GET' as const, url: () => `/api/v1/partner/accounts/${customer.authId}/cdrs/${callUuid}` };
    expect((await send(route, authHeaders(owner))).statusCode).toBe(200);
    const foreignCall = (await t.current.app.inject({
      url: `/api/v1/Account/${otherCustomer.authId}/cdr`, headers: authHeaders(otherCustomer),
    })).json().data[0].uuid;
    const crossed = await t.current.app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}/cdrs/${foreignCall}`, headers: authHeaders(owner),
    });
    expect(crossed.statusCode).toBe(404);
  });

  it('customer credentials on partner routes, and partner credentials on customer routes, are 403', async () => {
    for (const route of [...partnerCustomerRoutes(() => customer.authId), ...partnerTierRoutes, ...partnerWideRoutes]) {
      expect((await send(route, authHeaders(customer))).statusCode, route.url()).toBe(403);
    }
    for (const route of customerRoutes(() => customer.authId)) {
      expect((await send(route, authHeaders(owner))).statusCode, route.url()).toBe(403);
    }
  });

  it("a customer reaching another customer's account is 404, and sees only its own calls", async () => {
    for (const route of customerRoutes(() => otherCustomer.authId)) {
      expect((await send(route, authHeaders(customer))).statusCode, route.url()).toBe(404);
    }
    const own = await t.current.app.inject({ url: `/api/v1/Account/${customer.authId}/cdr`, headers: authHeaders(customer) });
    expect(own.json().data.map((row: { uuid: string }) => row.uuid)).toEqual([callUuid]);
  });

  it("partner-wide views never include another partner's data", async () => {
    const lists = await Promise.all(['cdrs', 'pricing-tiers', 'dashboard'].map((path) => t.current.app.inject({
      url: `/api/v1/partner/${path}`, headers: authHeaders(stranger),
    })));
    expect(lists[0]!.json().pagination.total).toBe(1);
    expect(lists[0]!.json().data[0].account_id).toBe(otherCustomer.authId);
    expect(lists[1]!.json().total).toBe(0);
    expect(lists[2]!.json().accounts.customers.map((c: { auth_id: string }) => c.auth_id)).toEqual([otherCustomer.authId]);
  });

  it('partner and customer credentials cannot ingest or simulate; the operator can', async () => {
    for (const route of operatorRoutes) {
      for (const who of [owner, customer]) expect((await send(route, authHeaders(who))).statusCode).toBe(401);
    }
    expect((await send(operatorRoutes[1]!, operatorHeaders)).statusCode).toBe(200);
  });
});
