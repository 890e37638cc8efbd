/**
 * GET /api/v1/partner/dashboard and /analytics (vobiz-api.md 1.2) over the hand-built scenario
 * (test/support/cdrs.ts): every figure below is computed by hand from the twelve calls.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { useTestApp } from '../../support/app';
import { CDR_TEST_NOW, createTrunk, fundCustomer, ingestOk, scenarioCalls } from '../../support/cdrs';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let partner: Credentials;
let alice: Credentials;
let bob: Credentials;
let defaultTierId: string;

beforeAll(async () => {
  partner = await createPartner(t.current.app, { name: 'Dash Partner' });
  alice = await createCustomer(t.current.app, partner, { name: 'Alice' });
  bob = await createCustomer(t.current.app, partner, { name: 'Bob' });
  await fundCustomer(t.current.app, partner, alice, '100.00');
  await fundCustomer(t.current.app, partner, bob, '5.00');
  const trunks = { t1: await createTrunk(t.current.app, alice, 'T1'), t2: await createTrunk(t.current.app, alice, 'T2') };
  await ingestOk(t.current.app, [...scenarioCalls(alice, trunks).values()]);
  const tier = await t.current.app.inject({
    method: 'POST', url: '/api/v1/partner/pricing-tiers', headers: authHeaders(partner),
    payload: { name: 'Default', rate_per_minute: '0.50', is_default: true },
  });
  defaultTierId = tier.json().id;
});

const get = (url: string, who: Credentials = partner) =>
  t.current.app.inject({ url: `/api/v1/partner${url}`, headers: authHeaders(who) });

describe('GET /partner/dashboard', () => {
  it('covers the last 30 days by default, from the daily roll-ups', async () => {
    const response = await get('/dashboard');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.period).toEqual({ from: '2026-06-21', to: '2026-07-20' });
    expect(body.partner).toMatchObject({
      auth_id: partner.authId, name: 'Dash Partner', balance: null, default_pricing_tier_id: defaultTierId,
      can_view_cdrs: true, account_count: 2,
    });
    expect(body.accounts).toMatchObject({ total: 2, active: 2 });
    expect(body.accounts.customers.map((c: { auth_id: string }) => c.auth_id)).toEqual([bob.authId, alice.authId]);
    expect(body.accounts.customers[0]).toEqual({
      auth_id: bob.authId, name: 'Bob', email: expect.any(String), phone: '+919876543210', is_active: true,
      created_at: expect.any(String),
    });
    // Alice's 100.00 less her twelve calls' 8.50, plus Bob's 5.00.
    expect(body).toMatchObject({ total_balance: '96.50', currency: 'INR' });
    // In the period: calls 1-10. Answered 1, 3, 7, 8, 9: 30 + 120 + 600 + 5 + 45 = 800 s.
    expect(body.calls).toEqual({ total_calls: 10, answered_calls: 5, total_minutes: 13.33, total_cost: '7.50' });
    expect(body.traffic).toEqual({
      inbound: { total_calls: 4, answered_calls: 2, total_minutes: 2.08, total_cost: '1.50' },
      outbound: { total_calls: 6, answered_calls: 3, total_minutes: 11.25, total_cost: '6.00' },
    });
    expect(body.by_product).toEqual({
      sip_trunking: { total_calls: 8, answered_calls: 3, total_minutes: 3.25, total_cost: '2.00' },
      voice_api: { total_calls: 2, answered_calls: 2, total_minutes: 10.08, total_cost: '5.50' },
    });
    expect(body.time_series).toHaveLength(30);
    const day = (date: string) => body.time_series.find((entry: { date: string }) => entry.date === date);
    expect(day('2026-06-21')).toEqual({
      date: '2026-06-21', total_calls: 0, answered_calls: 0, total_minutes: 0, total_cost: '0.00',
      inbound: { total_calls: 0, answered_calls: 0, total_minutes: 0 },
      outbound: { total_calls: 0, answered_calls: 0, total_minutes: 0 },
    });
    expect(day('2026-06-30')).toMatchObject({ total_calls: 1, answered_calls: 1, total_minutes: 0.75, total_cost: '0.50' });
    expect(day('2026-07-02')).toEqual({
      date: '2026-07-02', total_calls: 2, answered_calls: 1, total_minutes: 2, total_cost: '1.00',
      inbound: { total_calls: 2, answered_calls: 1, total_minutes: 2 },
      outbound: { total_calls: 0, answered_calls: 0, total_minutes: 0 },
    });
  });

  it("another partner sees only its own (empty) figures", async () => {
    const stranger = await createPartner(t.current.app);
    const body = (await get('/dashboard', stranger)).json();
    expect(body.accounts).toEqual({ total: 0, active: 0, customers: [] });
    expect(body.calls).toEqual({ total_calls: 0, answered_calls: 0, total_minutes: 0, total_cost: '0.00' });
    expect(body.total_balance).toBe('0.00');
  });
});

describe('GET /partner/analytics', () => {
  it('takes from_date and to_date', async () => {
    const body = (await get('/analytics?from_date=2026-05-01&to_date=2026-07-31')).json();
    expect(body.period).toEqual({ from: '2026-05-01', to: '2026-07-31' });
    expect(body.time_series).toHaveLength(92);
    // All twelve calls; answered billsec 30 + 120 + 600 + 5 + 45 + 61 = 861 s.
    expect(body.calls).toEqual({ total_calls: 12, answered_calls: 6, total_minutes: 14.35, total_cost: '8.50' });
    const sum = body.time_series.reduce((total: number, day: { total_calls: number }) => total + day.total_calls, 0);
    expect(sum).toBe(12);
  });

  it('defaults the missing end of the period to 30 days', async () => {
    expect((await get('/analytics?from_date=2026-07-01')).json().period).toEqual({ from: '2026-07-01', to: '2026-07-30' });
    expect((await get('/analytics?to_date=2026-07-01')).json().period).toEqual({ from: '2026-06-02', to: '2026-07-01' });
  });

  it('accepts one day and 366 days; refuses a reversed or longer period with 422', async () => {
    expect((await get('/analytics?from_date=2026-07-02&to_date=2026-07-02')).json().calls.total_calls).toBe(2);
    expect((await get('/analytics?from_date=2025-07-21&to_date=2026-07-21')).statusCode).toBe(200);
    for (const query of ['from_date=2025-07-20&to_date=2026-07-21', 'from_date=2026-07-02&to_date=2026-07-01',
      'from_date=2026-02-30', 'to_date=yesterday']) {
      const response = await get(`/analytics?${query}`);
      expect(response.statusCode, query).toBe(422);
      expect(response.json().error).toBe('ValidationError');
    }
  });

  it('is documented as it answers', async () => {
    const document = await openApiDocument(t.current.app);
    expectDocumented(document, 'GET', '/api/v1/partner/dashboard', await get('/dashboard'));
    expectDocumented(document, 'GET', '/api/v1/partner/analytics', await get('/analytics?from_date=2026-07-01&to_date=2026-07-31'));
    expectDocumented(document, 'GET', '/api/v1/partner/analytics', await get('/analytics?from_date=2026-07-02&to_date=2026-07-01'));
  });
});
