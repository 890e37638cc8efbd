/**
 * Tenant isolation across every foundation route: no credentials, wrong credentials, another
 * partner, and the wrong role all fail, and another tenant's ids are 404, never 403.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import {
  authHeaders,
  createCustomer,
  createPartner,
  creditPartner,
  operatorHeaders,
  type Credentials,
} from '../support/factories';

const t = useTestApp();
let owner: Credentials;
let stranger: Credentials;
let customer: Credentials;
let otherCustomer: Credentials;

beforeAll(async () => {
  owner = await createPartner(t.current.app);
  stranger = await createPartner(t.current.app);
  await creditPartner(t.current.app, stranger, 100);
  customer = await createCustomer(t.current.app, owner);
  otherCustomer = await createCustomer(t.current.app, stranger);
});

interface RouteCase {
  method: 'GET' | 'POST';
  url: () => string;
  payload?: Record<string, unknown>;
}

const partnerRoutes = (cid: () => string): RouteCase[] => [
  { method: 'GET' as const, url: () => `/api/v1/partner/accounts/${cid()}` },
  { method: 'GET' as const, url: () => `/api/v1/partner/accounts/${cid()}/balance` },
  { method: 'GET' as const, url: () => `/api/v1/partner/accounts/${cid()}/transactions` },
  { method: 'POST' as const, url: () => `/api/v1/partner/accounts/${cid()}/suspend` },
  { method: 'POST' as const, url: () => `/api/v1/partner/accounts/${cid()}/activate` },
  {
    method: 'POST' as const,
    url: () => `/api/v1/partner/accounts/${cid()}/transfer-balance`,
    payload: { amount: 1, currency: 'INR' },
  },
];
const partnerWideRoutes: RouteCase[] = [
  { method: 'GET' as const, url: () => '/api/v1/partner/me' },
  { method: 'GET' as const, url: () => '/api/v1/partner/accounts' },
  { method: 'GET' as const, url: () => '/api/v1/partner/transactions' },
  {
    method: 'POST' as const,
    url: () => '/api/v1/partner/accounts',
    payload: { name: 'x', email: 'x@example.com', phone: '+919876543210', password: 'Pass123!x', country: 'IN' },
  },
];
const customerRoutes = (cid: () => string): RouteCase[] => [
  { method: 'GET' as const, url: () => `/api/v1/Account/${cid()}/balance/INR` },
  { method: 'GET' as const, url: () => `/api/v1/account/${cid()}/transactions` },
];

describe('tenant isolation', () => {
  const everyRoute = [...partnerRoutes(() => customer.authId), ...partnerWideRoutes, ...customerRoutes(() => customer.authId)];

  it.each(everyRoute.map((route) => [route.method, route]))('%s without credentials is 401', async (_m, route) => {
    const response = await t.current.app.inject({ method: route.method, url: route.url(), payload: route.payload });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'HTTPError', status_code: 401 });
  });

  it.each(everyRoute.map((route) => [route.method, route]))('%s with a wrong token is 401', async (_m, route) => {
    for (const authId of [owner.authId, customer.authId]) {
      const response = await t.current.app.inject({
        method: route.method, url: route.url(), payload: route.payload,
        headers: { 'x-auth-id': authId, 'x-auth-token': 'wrong-token' },
      });
      expect([401, 403]).toContain(response.statusCode);
      if (route.url().includes('/partner/') === authId.startsWith('PA_')) expect(response.statusCode).toBe(401);
    }
  });

  it.each(partnerRoutes(() => customer.authId).map((route) => [route.method, route]))(
    "%s on another partner's customer is 404", async (_m, route) => {
      const response = await t.current.app.inject({
        method: route.method, url: route.url(), payload: route.payload, headers: authHeaders(stranger),
      });
      expect(response.statusCode).toBe(404);
    });

  it('customer credentials on the partner API are 403, partner credentials on the customer API 403', async () => {
    for (const route of [...partnerRoutes(() => customer.authId), ...partnerWideRoutes]) {
      const response = await t.current.app.inject({
        method: route.method, url: route.url(), payload: route.payload, headers: authHeaders(customer),
      });
      expect(response.statusCode).toBe(403);
    }
    for (const route of customerRoutes(() => customer.authId)) {
      const response = await t.current.app.inject({ method: route.method, url: route.url(), headers: authHeaders(owner) });
      expect(response.statusCode).toBe(403);
    }
  });

  it("a customer reaching another customer's account is 404", async () => {
    for (const route of customerRoutes(() => otherCustomer.authId)) {
      const response = await t.current.app.inject({ method: route.method, url: route.url(), headers: authHeaders(customer) });
      expect(response.statusCode).toBe(404);
    }
  });

  it('a partner never sees another partner\'s money in its transactions', async () => {
    const response = await t.current.app.inject({ url: '/api/v1/partner/transactions', headers: authHeaders(owner) });
    expect(response.json().total).toBe(0);
  });

  it('an inactive partner is 403 and the admin API needs the operator token', async () => {
    const partner = await createPartner(t.current.app);
    const patch = await t.current.app.inject({
      method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`,
      headers: operatorHeaders, payload: { is_active: false },
    });
    expect(patch.json().is_active).toBe(false);
    const me = await t.current.app.inject({ url: '/api/v1/partner/me', headers: authHeaders(partner) });
    expect(me.statusCode).toBe(403);
    const admin = await t.current.app.inject({ url: '/api/v1/admin/partners', headers: authHeaders(partner) });
    expect(admin.statusCode).toBe(401);
    const bearer = await t.current.app.inject({ url: '/api/v1/admin/partners', headers: { authorization: 'Bearer nope' } });
    expect(bearer.statusCode).toBe(401);
  });

  it('unknown routes are 404 JSON', async () => {
    const response = await t.current.app.inject({ url: '/api/v1/nowhere' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: 'HTTPError', status_code: 404 });
  });
});
