/**
 * The console's security at the HTTP level: sessions (fixation, logout, suspension), CSRF,
 * tenancy, the login limit, escaping, and a double-submitted transfer moving money once.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { ConsoleClient } from '../support/console';
import {
  authHeaders, createCustomer, createPartner, creditPartner, newAccountFields,
} from '../support/factories';

const t = useTestApp();

async function balanceOf(authId: string, partner: { authId: string; token: string }) {
  const response = await t.current.app.inject({
    method: 'GET', url: `/api/v1/partner/accounts/${authId}/balance`, headers: authHeaders(partner),
  });
  return response.json().cash_credits as string;
}

async function partnerWithCustomer(fields: Record<string, unknown> = {}) {
  const partner = await createPartner(t.current.app);
  await creditPartner(t.current.app, partner, '10000');
  const customer = await createCustomer(t.current.app, partner, fields);
  const client = new ConsoleClient(t.current.app);
  await client.loginOk('partner', partner.authId, partner.token);
  return { partner, customer, client };
}

describe('console sessions', () => {
  it('issues a new session id at login and answers pages with a strict CSP', async () => {
    const partner = await createPartner(t.current.app);
    const client = new ConsoleClient(t.current.app);
    const page = await client.get('/console/login');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['set-cookie']).toMatch(/HttpOnly; SameSite=Lax/);
    const anonymous = client.cookie;
    const login = await client.post('/console/login', { kind: 'partner', identifier: partner.authId, secret: partner.token });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/console/partner');
    expect(client.cookie).not.toBe(anonymous);
    expect((await client.get('/console/partner')).statusCode).toBe(200);
  });

  it('ends the session at logout: the old cookie opens nothing', async () => {
    const { client } = await partnerWithCustomer();
    const cookie = client.cookie;
    await client.get('/console/partner');
    expect((await client.post('/console/logout')).statusCode).toBe(303);
    client.cookie = cookie;
    const after = await client.get('/console/partner');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/console/login');
  });

  it('signs a customer out at its next request once the partner suspends it', async () => {
    const { partner, customer } = await partnerWithCustomer();
    const own = new ConsoleClient(t.current.app);
    await own.loginOk('customer', customer.authId, customer.token);
    expect((await own.get('/console/account')).statusCode).toBe(200);
    await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/suspend`, headers: authHeaders(partner),
    });
    expect((await own.get('/console/account')).headers.location).toBe('/console/login');
  });

  it('lets a customer sign in with e-mail and password, and a partner user as staff without tokens', async () => {
    const fields = newAccountFields();
    const { customer, client } = await partnerWithCustomer(fields);
    const own = new ConsoleClient(t.current.app);
    await own.loginOk('customer', fields.email.toUpperCase(), fields.password);
    expect((await own.get('/console/account')).body).toContain('Balance');

    await client.get('/console/partner/settings');
    const created = await client.post('/console/partner/settings/users',
      { email: 'staff@partner.test', password: 'Staff-pass-123', role: 'staff' });
    expect(created.statusCode, created.body).toBe(303);
    const staff = new ConsoleClient(t.current.app);
    await staff.loginOk('partner', 'staff@partner.test', 'Staff-pass-123');
    const page = await staff.get(`/console/partner/customers/${customer.authId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(customer.token);
    expect((await client.get(`/console/partner/customers/${customer.authId}`)).body).toContain(customer.token);
    expect((await staff.post('/console/partner/settings/users',
      { email: 'x@partner.test', password: 'Staff-pass-123', role: 'owner' })).statusCode).toBe(404);
  });

  it('refuses wrong logins with one message, then limits attempts per login name', async () => {
    const partner = await createPartner(t.current.app);
    const client = new ConsoleClient(t.current.app);
    const wrongToken = await client.login('partner', partner.authId, 'wrong');
    const unknownId = await client.login('partner', 'PA_NOSUCH00', partner.token);
    expect(wrongToken.statusCode).toBe(401);
    const message = (body: string) => /<div class="error-summary" role="alert"><p>([^<]+)/.exec(body)?.[1];
    expect(message(wrongToken.body)).toBe(message(unknownId.body));
    for (let i = 0; i < 4; i += 1) await client.login('partner', partner.authId, 'wrong');
    const limited = await client.login('partner', partner.authId, partner.token);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers.location).toBeUndefined();
  });
});

describe('console forms', () => {
  it('refuses a POST without the CSRF token (403) and changes nothing', async () => {
    const { partner, customer, client } = await partnerWithCustomer();
    await client.get(`/console/partner/customers/${customer.authId}`);
    const before = await balanceOf(customer.authId, partner);
    const forged = await client.post(`/console/partner/customers/${customer.authId}/transfer`,
      { _csrf: '', idempotency_key: 'k1', amount: '5', description: '' });
    expect(forged.statusCode).toBe(403);
    const suspend = await client.post(`/console/partner/customers/${customer.authId}/suspend`, { _csrf: 'forged' });
    expect(suspend.statusCode).toBe(403);
    expect(await balanceOf(customer.authId, partner)).toBe(before);
    const page = await client.get(`/console/partner/customers/${customer.authId}`);
    expect(page.body).toContain('<strong id="customer-state">active</strong>');
  });

  it("answers another partner's customer with the 404 page", async () => {
    const { client } = await partnerWithCustomer();
    const other = await createPartner(t.current.app);
    const theirs = await createCustomer(t.current.app, other);
    expect((await client.get(`/console/partner/customers/${theirs.authId}`)).statusCode).toBe(404);
    await client.get('/console/partner/customers');
    expect((await client.post(`/console/partner/customers/${theirs.authId}/suspend`)).statusCode).toBe(404);
    expect((await client.get('/console/account')).statusCode).toBe(404);
  });

  it('moves money once when the same transfer form is submitted twice at once', async () => {
    const { partner, customer, client } = await partnerWithCustomer();
    await client.get(`/console/partner/customers/${customer.authId}`);
    const fields = { idempotency_key: 'form-render-1', amount: '500.10', description: 'April' };
    const url = `/console/partner/customers/${customer.authId}/transfer`;
    const answers = await Promise.all([client.post(url, fields), client.post(url, fields)]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([303, 303]);
    expect(await balanceOf(customer.authId, partner)).toBe('500.10000');
    expect((await client.post(url, fields)).statusCode).toBe(303);
    expect(await balanceOf(customer.authId, partner)).toBe('500.10000');
    const again = await client.post(url, { ...fields, amount: '1' });
    expect(again.statusCode).toBe(422);
    expect(await balanceOf(customer.authId, partner)).toBe('500.10000');
  });

  it('shows the API rule next to a bad amount, and an insufficient balance as a message', async () => {
    const { customer, client } = await partnerWithCustomer();
    const url = `/console/partner/customers/${customer.authId}/transfer`;
    await client.get(`/console/partner/customers/${customer.authId}`);
    const bad = await client.post(url, { idempotency_key: 'a', amount: '1.234', description: '' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('amount must be a number with at most 2 decimal places');
    const poor = await client.post(url, { idempotency_key: 'b', amount: '999999', description: '' });
    expect(poor.body).toContain('is insufficient for this transfer');
  });

  it('renders a customer named like a script as text in the list and on its page', async () => {
    const name = '<script>alert(1)</script>';
    const { customer, client } = await partnerWithCustomer({ name });
    for (const url of ['/console/partner/customers', `/console/partner/customers/${customer.authId}`]) {
      const page = await client.get(url);
      expect(page.body).not.toContain(name);
      expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('creates a customer from the form and shows field errors in the API words', async () => {
    const { client } = await partnerWithCustomer();
    await client.get('/console/partner/customers/new');
    const bad = await client.post('/console/partner/customers', {
      name: 'Asha', email: 'not-an-email', phone: '+919876543210', country: 'IN', company: '', password: 'SecurePass123!',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('value is not a valid email address');
    const fields = newAccountFields({ name: 'Asha Verma' });
    const made = await client.post('/console/partner/customers', { ...fields, company: '' } as Record<string, string>);
    expect(made.statusCode, made.body).toBe(303);
    const page = await client.get(made.headers.location as string);
    expect(page.body).toContain('The customer was created.');
  });
});
