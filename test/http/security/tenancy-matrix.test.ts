/**
 * The tenant-isolation matrix over every route of the OpenAPI document, so a route added later
 * is covered without anyone listing it: no credentials, a wrong token, the wrong role (customer
 * on partner routes, partner on customer routes, either on operator routes, the operator token
 * on tenant routes but the few an admin may call for an account, listed below), a suspended
 * customer, a deactivated partner, and another tenant's ids (another partner's customer, another
 * customer's account), which are 404, never 403 or 2xx.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import {
  authHeaders,
  createCustomer,
  createPartner,
  operatorHeaders,
  type Credentials,
} from '../../support/factories';
import { valueFor, type JsonSchema } from '../../support/fuzz';

interface Operation {
  parameters?: { name: string; in: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  security?: Record<string, string[]>[];
}

/**
 * The tenant routes the operator token may call, for the account their path names (Vobiz:
 * "admins may act for other accounts"; sub-account KYC: "the owning parent, or an admin").
 * Everywhere else on tenant routes the operator token is refused.
 */
const OPERATOR_ROUTES = [
  'GET /api/v1/Account/{auth_id}/concurrency',
  'GET /api/v1/accounts/{auth_id}/channel-pricing-preview',
  'POST /api/v1/accounts/{auth_id}/channel-subscriptions',
  'GET /api/v1/sub-accounts/{sub_auth_id}/kyc/status',
  ...['verify-pan', 'verify-gst', 'cin/search', 'cin/confirm', 'digilocker/initiate',
    'digilocker/verify'].map((step) => `POST /api/v1/sub-accounts/{sub_auth_id}/kyc/${step}`),
  ...['verify-pan', 'verify-gst', 'cin/search', 'cin/confirm', 'digilocker/initiate',
    'digilocker/verify', 'finalize-pending']
    .map((step) => `POST /api/v1/sub-accounts/test/{sub_auth_id}/kyc/${step}`),
  'POST /api/v1/sub-accounts/{sub_auth_id}/kyc-sessions',
];
const isOperatorRoute = (route: { method: string; path: string }) =>
  OPERATOR_ROUTES.includes(`${route.method} ${route.path}`);

const t = useTestApp();
let routes: { method: string; path: string; operation: Operation }[] = [];
let partner: Credentials;
let customer: Credentials;
let otherPartner: Credentials;
let otherCustomer: Credentials;
let suspended: Credentials;
let deactivated: Credentials;
let deactivatedCustomer: Credentials;

beforeAll(async () => {
  const app = t.current.app;
  const document = (await app.inject({ url: '/openapi.json' })).json() as {
    paths: Record<string, Record<string, Operation>>;
  };
  routes = Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, methods]) => Object.entries(methods)
      .map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })));
  partner = await createPartner(app);
  customer = await createCustomer(app, partner);
  suspended = await createCustomer(app, partner);
  otherPartner = await createPartner(app);
  otherCustomer = await createCustomer(app, otherPartner);
  deactivated = await createPartner(app);
  deactivatedCustomer = await createCustomer(app, deactivated);
  const suspend = await app.inject({
    method: 'POST', url: `/api/v1/partner/accounts/${suspended.authId}/suspend`,
    headers: authHeaders(partner),
  });
  expect(suspend.statusCode, suspend.body).toBe(200);
  const deactivate = await app.inject({
    method: 'PATCH', url: `/api/v1/admin/partners/${deactivated.authId}`,
    headers: operatorHeaders, payload: { is_active: false },
  });
  expect(deactivate.statusCode, deactivate.body).toBe(200);
}, 120_000);

type Scope = 'admin' | 'internal' | 'partner' | 'customer';

function scopeOf(path: string): Scope {
  const lower = path.toLowerCase();
  if (lower.startsWith('/api/v1/admin')) return 'admin';
  if (lower.startsWith('/api/v1/internal')) return 'internal';
  if (lower.startsWith('/api/v1/partner')) return 'partner';
  return 'customer';
}

/** A body the schema accepts as far as a plausible sample goes (seeded: reproducible). */
function bodyOf(operation: Operation): string | undefined {
  const schema = operation.requestBody?.content['application/json']?.schema;
  if (!schema) return undefined;
  const [sample] = fc.sample(valueFor(schema), { seed: 17, numRuns: 1 });
  return JSON.stringify(sample);
}

/** The route's URL with `ids` in its path (a placeholder id of the right shape otherwise). */
function urlOf(path: string, ids: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_all, name: string) =>
    encodeURIComponent(ids[name] ?? '00000000-0000-4000-8000-000000000000'));
}

async function send(
  route: { method: string; path: string; operation: Operation },
  headers: Record<string, string>,
  ids: Record<string, string>,
) {
  const payload = bodyOf(route.operation);
  return t.current.app.inject({
    method: route.method as 'GET',
    url: urlOf(route.path, ids),
    headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(payload === undefined ? {} : { payload }),
  });
}

/** Every route answered with one of `statuses`, each failure listed as "METHOD path: status". */
async function expectEvery(
  scopes: Scope[],
  headersFor: (scope: Scope) => Record<string, string>,
  ids: (scope: Scope) => Record<string, string>,
  statuses: number[],
  only: (route: { method: string; path: string }) => boolean = () => true,
) {
  const failures: string[] = [];
  const covered = routes.filter((route) =>
    scopes.includes(scopeOf(route.path)) && only(route));
  expect(covered.length).toBeGreaterThan(0);
  for (const route of covered) {
    const scope = scopeOf(route.path);
    const response = await send(route, headersFor(scope), ids(scope));
    const leaked = response.body.includes(otherCustomer.authId);
    if (!statuses.includes(response.statusCode) || leaked) {
      const answer = `${response.statusCode} ${response.body.slice(0, 120)}`;
      failures.push(`${route.method} ${route.path}: ${answer}`);
    }
  }
  expect(failures).toEqual([]);
}

const ownIds = (scope: Scope): Record<string, string> =>
  scope === 'customer' ? { auth_id: customer.authId } : { cid: customer.authId };

describe('tenant isolation over every route of the OpenAPI document', () => {
  it('covers every API route', () => {
    expect(routes.length).toBeGreaterThan(60);
  });

  it('without credentials: 401', async () => {
    await expectEvery(['admin', 'internal', 'partner', 'customer'], () => ({}), ownIds, [401]);
  });

  it('with a wrong token: 401', async () => {
    await expectEvery(['partner', 'customer'], (scope) => ({
      'x-auth-id': scope === 'partner' ? partner.authId : customer.authId,
      'x-auth-token': 'wrong-token',
    }), ownIds, [401]);
    await expectEvery(['admin', 'internal'], () => ({ authorization: 'Bearer wrong' }), ownIds,
      [401]);
  });

  it('with the wrong role: refused', async () => {
    await expectEvery(['partner'], () => authHeaders(customer), ownIds, [401, 403]);
    await expectEvery(['customer'], () => authHeaders(partner), ownIds, [401, 403]);
    await expectEvery(['admin', 'internal'], () => authHeaders(partner), ownIds, [401]);
    await expectEvery(['admin', 'internal'], () => authHeaders(customer), ownIds, [401]);
    await expectEvery(['partner', 'customer'], () => operatorHeaders, ownIds, [401, 403],
      (route) => !isOperatorRoute(route));
  });

  it('the operator token on the routes an admin may call: never refused', async () => {
    const sampleSubAccount = (await t.current.app.inject({
      method: 'POST', url: `/api/v1/accounts/${customer.authId}/sub-accounts/`,
      headers: authHeaders(customer), payload: { name: 'Matrix team' },
    })).json().auth_credentials.auth_id as string;
    const failures: string[] = [];
    for (const route of routes.filter(isOperatorRoute)) {
      const response = await send(route, operatorHeaders,
        { auth_id: customer.authId, sub_auth_id: sampleSubAccount });
      // 400/422: the sampled body refused; 404: a test-mode step with nothing pending.
      if ([401, 403].includes(response.statusCode) || response.statusCode >= 500) {
        failures.push(`${route.method} ${route.path}: ${response.statusCode} ${response.body}`);
      }
    }
    expect(failures).toEqual([]);
    expect(routes.filter(isOperatorRoute).map((route) => `${route.method} ${route.path}`).sort())
      .toEqual([...OPERATOR_ROUTES].sort());
  });

  it('the OpenAPI document lists the operator token on exactly those tenant routes', () => {
    const documented = routes.filter((route) => scopeOf(route.path) !== 'admin'
      && scopeOf(route.path) !== 'internal'
      && (route.operation.security ?? []).some((scheme) => 'operatorToken' in scheme));
    expect(documented.map((route) => `${route.method} ${route.path}`).sort())
      .toEqual([...OPERATOR_ROUTES].sort());
  });

  it('a suspended customer and a deactivated partner: 403', async () => {
    await expectEvery(['customer'], () => authHeaders(suspended),
      () => ({ auth_id: suspended.authId }), [403]);
    await expectEvery(['partner'], () => authHeaders(deactivated),
      () => ({ cid: deactivatedCustomer.authId }), [403]);
  });

  // 400 and 422 are the sampled body refused before any look-up; none names the other tenant.
  it("another tenant's ids: 404, never 403 or 2xx, and never echoed", async () => {
    const withCustomerId = ({ path }: { path: string }) => path.includes('{cid}');
    await expectEvery(['partner'], () => authHeaders(partner),
      () => ({ cid: otherCustomer.authId }), [400, 404, 422], withCustomerId);
    // A route without the account in its path (/auth/me) answers the caller's own account.
    const withAccountId = ({ path }: { path: string }) => path.includes('{auth_id}');
    await expectEvery(['customer'], () => authHeaders(customer),
      () => ({ auth_id: otherCustomer.authId }), [400, 404, 422], withAccountId);
  });
});
