import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, newAccountFields } from '../../support/factories';

const t = useTestApp();

async function postAccount(partner: { authId: string; token: string }, fields: Record<string, unknown>) {
  return t.current.app.inject({
    method: 'POST',
    url: '/api/v1/partner/accounts',
    headers: authHeaders(partner),
    payload: fields,
  });
}

describe('POST /api/v1/partner/accounts', () => {
  it('creates a customer with MA_ credentials, pending KYC and an INR wallet', async () => {
    const partner = await createPartner(t.current.app);
    const response = await postAccount(partner, newAccountFields({ company: 'Acme Corp' }));
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.auth_id).toMatch(/^MA_[A-Z0-9]{8}$/);
    expect(body.auth_token.length).toBeGreaterThanOrEqual(32);
    expect(body).toMatchObject({ status: 'active', balance: 0, currency: 'INR', country: 'IN', kyc_status: 'pending' });

    const read = await t.current.app.inject({
      url: `/api/v1/partner/accounts/${body.auth_id}`,
      headers: authHeaders(partner),
    });
    expect(read.json()).toMatchObject({
      auth_id: body.auth_id, auth_token: body.auth_token, company: 'Acme Corp',
      cash_credits: '0.00000', kyc_status: 'pending', resource_uri: `/v1/Account/${body.auth_id}/`,
    });
    expect(read.json().password).toBeUndefined();
    expect(read.json().password_hash).toBeUndefined();
  });

  it('stores the password only as a slow hash and the token only digested and sealed', async () => {
    const partner = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, partner, { password: 'Sup3r$ecret' });
    const row = await t.current.database.handle.db.selectFrom('accounts').selectAll()
      .where('auth_id', '=', customer.authId).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(row)).not.toContain('Sup3r$ecret');
    expect(JSON.stringify(row)).not.toContain(customer.token);
  });

  it.each([
    ['a phone without +', { phone: '919876543210' }, 'phone'],
    ['an impossible phone', { phone: '+91123' }, 'phone'],
    ['a short password', { password: 'Ab1!' }, 'password'],
    ['a password without a digit', { password: 'Password!!' }, 'password'],
    ['a password without a special character', { password: 'Password12' }, 'password'],
    ['an unknown country', { country: 'XX' }, 'country'],
    ['a bad email', { email: 'not-an-email' }, 'email'],
    ['a missing name', { name: undefined }, 'name'],
    ['a number as name', { name: 42 }, 'name'],
    ['a gst_status outside the enum', { gst_status: 'maybe' }, 'gst_status'],
  ])('rejects %s with 422 naming the field', async (_name, override, field) => {
    const partner = await createPartner(t.current.app);
    const response = await postAccount(partner, newAccountFields(override));
    expect(response.statusCode, response.body).toBe(422);
    const body = response.json();
    expect(body.error).toBe('ValidationError');
    expect(body.details.map((d: { loc: string[] }) => d.loc.at(-1))).toContain(field);
    expect(response.body).not.toContain('SecurePass123!');
  });

  it('rejects a duplicate email, in any case, across partners with 409', async () => {
    const first = await createPartner(t.current.app);
    const second = await createPartner(t.current.app);
    const fields = newAccountFields();
    expect((await postAccount(first, fields)).statusCode).toBe(201);
    const again = await postAccount(second, { ...fields, email: fields.email.toUpperCase() });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ error: 'HTTPError', status_code: 409 });
  });

  it('answers 403 when can_create_accounts is false', async () => {
    const partner = await createPartner(t.current.app, { can_create_accounts: false });
    expect((await postAccount(partner, newAccountFields())).statusCode).toBe(403);
  });

  it('never lets concurrent creations pass max_accounts', async () => {
    const partner = await createPartner(t.current.app, { max_accounts: 3 });
    const responses = await Promise.all(
      Array.from({ length: 8 }, () => postAccount(partner, newAccountFields())),
    );
    expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(3);
    expect(responses.filter((r) => r.statusCode === 403)).toHaveLength(5);
  });
});

describe('GET /api/v1/partner/accounts', () => {
  it('pages and searches by name or email, echoing per_page as size', async () => {
    const partner = await createPartner(t.current.app);
    await createCustomer(t.current.app, partner, { name: 'Asha Rao' });
    await createCustomer(t.current.app, partner, { name: 'Vikram Shah' });
    await createCustomer(t.current.app, partner, { name: 'Asha Menon' });
    const list = await t.current.app.inject({
      url: '/api/v1/partner/accounts?search=asha&per_page=1&page=2',
      headers: authHeaders(partner),
    });
    const body = list.json();
    expect(body).toMatchObject({ total: 2, page: 2, size: 1 });
    expect(body.accounts).toHaveLength(1);
    expect(body.accounts[0].name).toMatch(/^Asha/);
    // Vobiz's list items carry each customer's auth_token, as GET {cid} does.
    expect(body.accounts[0].auth_token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  it.each(['per_page=101', 'per_page=0', 'page=0', 'page=abc'])('rejects %s with 422', async (query) => {
    const partner = await createPartner(t.current.app);
    const response = await t.current.app.inject({
      url: `/api/v1/partner/accounts?${query}`,
      headers: authHeaders(partner),
    });
    expect(response.statusCode).toBe(422);
  });
});

describe('pricing tier in the account and partner profile', () => {
  it('shows the assigned tier on the account and the default tier on /me', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    const customer = await createCustomer(app, partner);
    const tier = await app.inject({
      method: 'POST', url: '/api/v1/partner/pricing-tiers', headers: authHeaders(partner),
      payload: { name: 'Retail', rate_per_minute: 0.65, is_default: true },
    });
    expect(tier.statusCode, tier.body).toBe(201);
    const tierId = tier.json().id;
    const assigned = await app.inject({
      method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/pricing-tier`,
      headers: authHeaders(partner), payload: { pricing_tier_id: tierId },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);

    const read = await app.inject({ url: `/api/v1/partner/accounts/${customer.authId}`, headers: authHeaders(partner) });
    expect(read.json()).toMatchObject({ pricing_tier_id: tierId, pricing_tier: { id: tierId, name: 'Retail', is_default: true } });
    const listed = await app.inject({ url: '/api/v1/partner/accounts', headers: authHeaders(partner) });
    expect(listed.json().accounts[0].pricing_tier.id).toBe(tierId);
    const me = await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(partner) });
    expect(me.json().default_pricing_tier_id).toBe(tierId);
  });
});
