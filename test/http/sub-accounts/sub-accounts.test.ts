/**
 * Sub-account CRUD (vobiz-sdk-surface.md 2): the exact envelopes and types the SDK declares,
 * kyc_mode rules, the parent-only scope, and tenant isolation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';
import { SUB_ACCOUNTS_PER_ACCOUNT_MAX } from '../../../src/limits';

const t = useTestApp();
let partner: Credentials;
let parent: Credentials;
let stranger: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
  parent = await createCustomer(t.current.app, partner);
  stranger = await createCustomer(t.current.app, await createPartner(t.current.app));
});

const request = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: Credentials, payload?: object) =>
  t.current.app.inject({ method, url, headers: authHeaders(who), ...(payload ? { payload } : {}) });

describe('create', () => {
  it('returns the create envelope with SA_ credentials shown once', async () => {
    const created = await createSubAccount(t.current.app, parent, { email: 'ops@sub.test' });
    const { body } = created;
    expect(body.message).toEqual(expect.any(String));
    expect(created.authId).toMatch(/^SA_[A-Z0-9]{8}$/);
    expect(created.token.length).toBeGreaterThanOrEqual(40);
    expect(body.sub_account).toMatchObject({
      auth_id: created.authId, auth_token: created.token, name: 'Support team',
      parent_auth_id: parent.authId, enabled: true, is_active: true, email: 'ops@sub.test',
      kyc_mode: 'personal_use', rate_limit: expect.any(Number), email_verified: false,
      phone: null, description: null, last_used: null,
    });
    for (const key of ['id', 'parent_account_id', 'api_id', 'created', 'modified', 'account', 'resource_uri']) {
      expect(typeof body.sub_account[key], key).toBe('string');
    }
    expect(body.tokens).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    const again = await request('GET', subAccountsUrl(parent, `/${created.authId}`), parent);
    expect(again.statusCode).toBe(200);
    expect(again.json().auth_token).not.toBe(created.token);
  });

  it('defaults to personal_use, inheriting the parent\'s (pending) KYC', async () => {
    const { body } = await createSubAccount(t.current.app, parent);
    expect(body.sub_account).toMatchObject({ kyc_mode: 'personal_use', kyc_calls_blocked: true });
  });

  it('a new customer_use sub-account comes back with kyc_calls_blocked true', async () => {
    const { body } = await createSubAccount(t.current.app, parent, {
      kyc_mode: 'customer_use', email: 'kyc@sub.test', business_type: 'private_limited',
    });
    expect(body.sub_account).toMatchObject({
      kyc_mode: 'customer_use', business_type: 'private_limited', kyc_calls_blocked: true,
      kyc_status: 'not_started', permissions: { cdr: true, calls: false },
    });
  });

  it('customer_use without email is 400', async () => {
    const response = await request('POST', subAccountsUrl(parent), parent, {
      name: 'x', kyc_mode: 'customer_use',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'HTTPError', status_code: 400 });
  });

  it.each([
    [{}, 'name'],
    [{ name: '' }, 'name'],
    [{ name: 'x', kyc_mode: 'business' }, 'kyc_mode'],
    [{ name: 'x', business_type: 'corp' }, 'business_type'],
    [{ name: 'x', email: 'not-an-email' }, 'email'],
    [{ name: 'x', password: 'short' }, 'password'],
    [{ name: 'x'.repeat(256) }, 'name'],
  ])('%j is 422 naming %s', async (payload, field) => {
    const response = await request('POST', subAccountsUrl(parent), parent, payload);
    expect(response.statusCode, response.body).toBe(422);
    expect(JSON.stringify(response.json().details)).toContain(field);
  });

  it('serves the path with and without the trailing slash', async () => {
    const withSlash = await request('GET', subAccountsUrl(parent, '/'), parent);
    const without = await request('GET', subAccountsUrl(parent, ''), parent);
    expect(withSlash.statusCode).toBe(200);
    expect(without.statusCode).toBe(200);
    expect(without.json().total).toBe(withSlash.json().total);
  });

  it(`refuses more than ${SUB_ACCOUNTS_PER_ACCOUNT_MAX} live sub-accounts, even concurrently`, async () => {
    const crowded = await createCustomer(t.current.app, partner);
    const attempts = await Promise.all(Array.from({ length: SUB_ACCOUNTS_PER_ACCOUNT_MAX + 5 }, (_, i) =>
      request('POST', subAccountsUrl(crowded), crowded, { name: `s${i}` })));
    const statuses = attempts.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(SUB_ACCOUNTS_PER_ACCOUNT_MAX);
    expect(statuses.filter((status) => status === 409)).toHaveLength(5);
  });
});

describe('list, retrieve, update, delete', () => {
  it('lists newest first with {sub_accounts, total, page, size}', async () => {
    const owner = await createCustomer(t.current.app, partner);
    const first = await createSubAccount(t.current.app, owner, { name: 'first' });
    const second = await createSubAccount(t.current.app, owner, { name: 'second' });
    const response = await request('GET', subAccountsUrl(owner, '/?page=1&size=1'), owner);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ total: 2, page: 1, size: 1 });
    expect(response.json().sub_accounts.map((s: { auth_id: string }) => s.auth_id)).toEqual([second.authId]);
    const page2 = await request('GET', subAccountsUrl(owner, '/?page=2&size=1'), owner);
    expect(page2.json().sub_accounts[0].auth_id).toBe(first.authId);
    expect(page2.json().sub_accounts[0].permissions).toEqual({ cdr: true, calls: false });
  });

  it('updates name and enabled; promoting to customer_use needs an email (400)', async () => {
    const plain = await createSubAccount(t.current.app, parent);
    const url = subAccountsUrl(parent, `/${plain.authId}`);
    const renamed = await request('PUT', url, parent, { name: 'Renamed', enabled: false });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Renamed', enabled: false, is_active: false });
    const promoted = await request('PUT', url, parent, { kyc_mode: 'customer_use' });
    expect(promoted.statusCode).toBe(400);
    const withEmail = await createSubAccount(t.current.app, parent, { email: 'a@sub.test' });
    const ok = await request('PUT', subAccountsUrl(parent, `/${withEmail.authId}`), parent, {
      kyc_mode: 'customer_use',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ kyc_mode: 'customer_use', kyc_calls_blocked: true });
  });

  it('delete answers {message}, then the sub-account is gone (404) and out of the list', async () => {
    const doomed = await createSubAccount(t.current.app, parent);
    const url = subAccountsUrl(parent, `/${doomed.authId}`);
    const deleted = await request('DELETE', url, parent);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toEqual({ message: expect.any(String) });
    expect((await request('GET', url, parent)).statusCode).toBe(404);
    expect((await request('DELETE', url, parent)).statusCode).toBe(404);
    expect((await request('PUT', url, parent, { name: 'x' })).statusCode).toBe(404);
    const list = await request('GET', subAccountsUrl(parent, '/?size=100'), parent);
    expect(list.json().sub_accounts.map((s: { auth_id: string }) => s.auth_id)).not.toContain(doomed.authId);
  });

  it('a malformed sub-account id is 422; an unknown one 404', async () => {
    expect((await request('GET', subAccountsUrl(parent, '/nope'), parent)).statusCode).toBe(422);
    expect((await request('GET', subAccountsUrl(parent, '/SA_ZZZZZZZZ'), parent)).statusCode).toBe(404);
  });
});

describe('security', () => {
  let mine: Credentials;
  beforeAll(async () => {
    mine = await createSubAccount(t.current.app, parent);
  });
  const routes = () => [
    ['GET', subAccountsUrl(parent)],
    ['POST', subAccountsUrl(parent)],
    ['GET', subAccountsUrl(parent, `/${mine.authId}`)],
    ['PUT', subAccountsUrl(parent, `/${mine.authId}`)],
    ['DELETE', subAccountsUrl(parent, `/${mine.authId}`)],
  ] as const;

  it('no credentials and a wrong token are 401', async () => {
    for (const [method, url] of routes()) {
      const bare = await t.current.app.inject({ method, url, payload: { name: 'x' } });
      expect(bare.statusCode, `${method} ${url}`).toBe(401);
      const wrong = await t.current.app.inject({
        method, url, payload: { name: 'x' },
        headers: { 'x-auth-id': parent.authId, 'x-auth-token': 'wrong' },
      });
      expect(wrong.statusCode).toBe(401);
    }
  });

  it('another customer is 404, on its own path or on the owner\'s', async () => {
    for (const [method, url] of routes()) {
      const response = await request(method, url, stranger, { name: 'x' });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    const own = await request('GET', subAccountsUrl(stranger, `/${mine.authId}`), stranger);
    expect(own.statusCode).toBe(404);
    expect((await request('DELETE', subAccountsUrl(stranger, `/${mine.authId}`), stranger)).statusCode)
      .toBe(404);
  });

  it('partner credentials and the sub-account\'s own are 403', async () => {
    for (const [method, url] of routes()) {
      expect((await request(method, url, partner, { name: 'x' })).statusCode).toBe(403);
    }
    const self = await request('GET', subAccountsUrl(mine), mine);
    expect(self.statusCode).toBe(403);
    const asChild = await t.current.app.inject({
      method: 'GET', url: subAccountsUrl(parent), headers: authHeaders(mine),
    });
    expect(asChild.statusCode).toBe(404);
  });
});
