/**
 * /api/v1/partner/pricing-tiers (CRUD, one default) and POST /accounts/{cid}/pricing-tier.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, operatorHeaders, type Credentials } from '../../support/factories';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const t = useTestApp();
let partner: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
});

const send = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object, who: Credentials = partner) =>
  t.current.app.inject({ method, url: `/api/v1/partner${url}`, headers: authHeaders(who), payload });

async function createTier(fields: Record<string, unknown> = {}, who: Credentials = partner) {
  const response = await send('POST', '/pricing-tiers', { name: `Tier ${randomUUID().slice(0, 8)}`, rate_per_minute: 0.4, ...fields }, who);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

describe('POST /pricing-tiers', () => {
  it('creates a tier with the documented defaults, amounts exact', async () => {
    const response = await send('POST', '/pricing-tiers', { name: 'Standard', rate_per_minute: 0.35 });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), name: 'Standard', currency: 'INR',
      rate_per_minute: 0.35, billing_increment_seconds: 60, minimum_duration_seconds: 60,
      charge_non_connected_calls: false, non_connected_call_fee: 0, streaming_rate_per_minute: 0,
      is_active: true, is_default: false, partner_id: expect.any(String), description: '',
    });
  });

  it.each([
    [{ rate_per_minute: -1 }, 'rate_per_minute'],
    [{ rate_per_minute: '10000.00001' }, 'rate_per_minute'],
    [{ rate_per_minute: '0.123456' }, 'rate_per_minute'],
    [{ billing_increment_seconds: 0 }, 'billing_increment_seconds'],
    [{ billing_increment_seconds: 3601 }, 'billing_increment_seconds'],
    [{ minimum_duration_seconds: -1 }, 'minimum_duration_seconds'],
    [{ non_connected_call_fee: '1000.01' }, 'non_connected_call_fee'],
    [{ is_default: true, is_active: false }, 'is_active'],
    [{ name: '' }, 'name'],
  ])('refuses %j with 422 naming the field', async (fields, field) => {
    const response = await send('POST', '/pricing-tiers', { name: 'Bad', rate_per_minute: 0.5, ...fields });
    expect(response.statusCode).toBe(422);
    expect(response.json().details.map((detail: { loc: string[] }) => detail.loc.at(-1))).toContain(field);
  });

  it('accepts the bounds: rate 0 and 10000, increments 1 and 3600, minimum 0 and 3600', async () => {
    await createTier({ rate_per_minute: 0, billing_increment_seconds: 1, minimum_duration_seconds: 0 });
    await createTier({ rate_per_minute: 10000, billing_increment_seconds: 3600, minimum_duration_seconds: 3600 });
  });

  it('refuses a duplicate name with 409', async () => {
    await createTier({ name: 'Twice' });
    const again = await send('POST', '/pricing-tiers', { name: 'Twice', rate_per_minute: 1 });
    expect(again.statusCode).toBe(409);
  });

  it('keeps one default: a new default takes the flag', async () => {
    const own = await createPartner(t.current.app);
    const first = await createTier({ is_default: true }, own);
    const second = await createTier({ is_default: true }, own);
    const list = (await send('GET', '/pricing-tiers', undefined, own)).json();
    const defaults = list.pricing_tiers.filter((tier: { is_default: boolean }) => tier.is_default);
    expect(defaults.map((tier: { id: string }) => tier.id)).toEqual([second.id]);
    expect((await send('GET', `/pricing-tiers/${first.id}`, undefined, own)).json().is_default).toBe(false);
  });

  it('is 403 when the partner may not create pricing tiers', async () => {
    const restricted = await createPartner(t.current.app);
    const patch = await t.current.app.inject({
      method: 'PATCH', url: `/api/v1/admin/partners/${restricted.authId}`, headers: operatorHeaders,
      payload: { can_create_pricing_tiers: false },
    });
    expect(patch.statusCode).toBe(200);
    const response = await send('POST', '/pricing-tiers', { name: 'No', rate_per_minute: 1 }, restricted);
    expect(response.statusCode).toBe(403);
  });
});

describe('GET, PATCH, DELETE /pricing-tiers/{id}', () => {
  it('reads, lists and changes a tier', async () => {
    const tier = await createTier({ name: 'Change me' });
    const changed = await send('PATCH', `/pricing-tiers/${tier.id}`, { rate_per_minute: '0.75', billing_increment_seconds: 6, description: 'six-second' });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ rate_per_minute: 0.75, billing_increment_seconds: 6, description: 'six-second', name: 'Change me' });
    const list = await send('GET', '/pricing-tiers?per_page=1');
    expect(list.json()).toMatchObject({ page: 1, per_page: 1, total: expect.any(Number) });
    expect(list.json().pricing_tiers).toHaveLength(1);
  });

  it('refuses to stop the default being the default, or to delete it', async () => {
    const own = await createPartner(t.current.app);
    const tier = await createTier({ is_default: true }, own);
    expect((await send('PATCH', `/pricing-tiers/${tier.id}`, { is_default: false }, own)).statusCode).toBe(409);
    expect((await send('PATCH', `/pricing-tiers/${tier.id}`, { is_active: false }, own)).statusCode).toBe(422);
    expect((await send('DELETE', `/pricing-tiers/${tier.id}`, undefined, own)).statusCode).toBe(409);
  });

  it('deletes an unassigned tier, refuses an assigned one', async () => {
    const free = await createTier();
    const deleted = await send('DELETE', `/pricing-tiers/${free.id}`);
    expect(deleted.json()).toEqual({ id: free.id, deleted: true });
    expect((await send('GET', `/pricing-tiers/${free.id}`)).statusCode).toBe(404);
    const assigned = await createTier();
    const customer = await createCustomer(t.current.app, partner);
    await send('POST', `/accounts/${customer.authId}/pricing-tier`, { pricing_tier_id: assigned.id });
    expect((await send('DELETE', `/pricing-tiers/${assigned.id}`)).statusCode).toBe(409);
  });

  it("another partner's tier is 404 on every route; a malformed id is 422", async () => {
    const tier = await createTier();
    const stranger = await createPartner(t.current.app);
    for (const [method, payload] of [['GET'], ['PATCH', { rate_per_minute: 1 }], ['DELETE']] as const) {
      expect((await send(method, `/pricing-tiers/${tier.id}`, payload, stranger)).statusCode).toBe(404);
    }
    expect((await send('GET', '/pricing-tiers/nope')).statusCode).toBe(422);
    expect((await send('GET', '/pricing-tiers', undefined, stranger)).json().total).toBe(0);
  });
});

describe('POST /accounts/{cid}/pricing-tier', () => {
  it('assigns a tier (shown in the account object) and unassigns it', async () => {
    const tier = await createTier({ rate_per_minute: '0.42' });
    const customer = await createCustomer(t.current.app, partner);
    const assigned = await send('POST', `/accounts/${customer.authId}/pricing-tier`, { pricing_tier_id: tier.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({
      auth_id: customer.authId, pricing_tier_id: tier.id,
      pricing_tier: { id: tier.id, rate_per_minute: 0.42, currency: 'INR', is_default: false },
    });
    const account = await send('GET', `/accounts/${customer.authId}`);
    expect(account.json().pricing_tier_id).toBe(tier.id);
    const cleared = await send('POST', `/accounts/${customer.authId}/pricing-tier`, { pricing_tier_id: null });
    // No tier of its own and no partner default: the platform default rates its calls.
    expect(cleared.json()).toMatchObject({
      pricing_tier_id: '',
      pricing_tier: { id: '', name: 'Platform default', rate_per_minute: 0.5, partner_id: null },
    });
  });

  it("refuses another partner's tier or customer (404), an inactive tier and another currency (400)", async () => {
    const stranger = await createPartner(t.current.app);
    const theirs = await createTier({}, stranger);
    const customer = await createCustomer(t.current.app, partner);
    const foreignTier = await send('POST', `/accounts/${customer.authId}/pricing-tier`, { pricing_tier_id: theirs.id });
    expect(foreignTier.statusCode).toBe(404);
    expect(foreignTier.json().message).toBe('Pricing tier not found');
    const ours = await createTier();
    const foreignCustomer = await send('POST', `/accounts/${customer.authId}/pricing-tier`, { pricing_tier_id: ours.id }, stranger);
    expect(foreignCustomer.statusCode).toBe(404);
    const inactive = await createTier({ is_active: false });
    expect((await send('POST', `/accounts/${customer.authId}/pricing-tier`, { pricing_tier_id: inactive.id })).statusCode).toBe(400);
    const dollars = await createTier({ currency: 'USD' });
    const mismatch = await send('POST', `/accounts/${customer.authId}/pricing-tier`, { pricing_tier_id: dollars.id });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().message).toMatch(/currency \(USD\) differs from the account's \(INR\)/);
  });
});

describe('OpenAPI', () => {
  it('documents what the pricing tier routes answer', async () => {
    const document = await openApiDocument(t.current.app);
    const tier = await createTier();
    const customer = await createCustomer(t.current.app, partner);
    const cases: [string, string, () => ReturnType<typeof send>][] = [
      ['POST', '/api/v1/partner/pricing-tiers', () => send('POST', '/pricing-tiers', { name: 'Doc', rate_per_minute: 1 })],
      ['POST', '/api/v1/partner/pricing-tiers', () => send('POST', '/pricing-tiers', { name: 'Doc', rate_per_minute: 1 })],
      ['GET', '/api/v1/partner/pricing-tiers', () => send('GET', '/pricing-tiers')],
      ['GET', '/api/v1/partner/pricing-tiers/{tier_id}', () => send('GET', `/pricing-tiers/${tier.id}`)],
      ['GET', '/api/v1/partner/pricing-tiers/{tier_id}', () => send('GET', `/pricing-tiers/${randomUUID()}`)],
      ['PATCH', '/api/v1/partner/pricing-tiers/{tier_id}', () => send('PATCH', `/pricing-tiers/${tier.id}`, { rate_per_minute: 2 })],
      ['POST', '/api/v1/partner/accounts/{cid}/pricing-tier', () => send('POST', `/accounts/${customer.authId}/pricing-tier`, { pricing_tier_id: tier.id })],
      ['DELETE', '/api/v1/partner/pricing-tiers/{tier_id}', () => send('DELETE', `/pricing-tiers/${tier.id}`)],
    ];
    for (const [method, path, request] of cases) expectDocumented(document, method, path, await request());
  });
});
