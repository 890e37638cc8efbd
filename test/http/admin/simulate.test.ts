/**
 * POST /api/v1/admin/simulate: generated traffic goes through ingestion (rated, charged, rolled
 * up), a seed makes it repeatable (a rerun is all duplicates), and the ledger stays sound.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, manualClock } from '../../../src/domain/clock';
import { findLedgerViolations, isLedgerSound } from '../../../src/domain/ledger/invariants';
import { useTestApp } from '../../support/app';
import { CDR_TEST_NOW, type WireCdr, createTrunk, fundCustomer } from '../../support/cdrs';
import { authHeaders, createCustomer, createPartner, operatorHeaders, type Credentials } from '../../support/factories';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let partner: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
});

const simulate = (payload: Record<string, unknown>, headers: Record<string, string> = operatorHeaders) =>
  t.current.app.inject({ method: 'POST', url: '/api/v1/admin/simulate', headers, payload });

describe('POST /api/v1/admin/simulate', () => {
  it("stores, rates and charges a customer's calls; the same seed adds nothing", async () => {
    const customer = await createCustomer(t.current.app, partner);
    await fundCustomer(t.current.app, partner, customer, '1000.00');
    const trunk = await createTrunk(t.current.app, customer, 'Main');
    const response = await simulate({ account_id: customer.authId, calls: 600, days: 7, seed: 42 });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      account_id: customer.authId, seed: 42, calls: 600, accepted: 600, duplicates: 0, rejected: 0,
      total_shortfall: '0.00000', currency: 'INR',
    });
    const balance = (await t.current.app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}/balance`, headers: authHeaders(partner),
    })).json().cash_credits;
    expect(Number(balance) + Number(body.total_charged)).toBeCloseTo(1000, 5);

    const list = (await t.current.app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}/cdrs?per_page=100`, headers: authHeaders(partner),
    })).json();
    expect(list.summary.totalCalls).toBe(600);
    expect(list.summary.total_cost).toBeCloseTo(Number(body.total_charged), 5);
    // Realistic shape: about 70 % answered, both directions, the customer's own trunk.
    expect(list.summary.answerRate).toBeGreaterThan(55);
    expect(list.summary.answerRate).toBeLessThan(85);
    expect(new Set(list.data.map((row: WireCdr) => row.call_direction))).toEqual(new Set(['inbound', 'outbound']));
    expect(new Set(list.data.map((row: WireCdr) => row.trunk_id))).toEqual(new Set([trunk]));
    const starts = list.data.map((row: WireCdr) => Date.parse(row.start_time));
    expect(Math.min(...starts)).toBeGreaterThanOrEqual(CDR_TEST_NOW.getTime() - 7 * DAY_MS);

    const again = (await simulate({ account_id: customer.authId, calls: 600, days: 7, seed: 42 })).json();
    expect(again).toMatchObject({ accepted: 0, duplicates: 600, total_charged: '0.00000' });
    const dashboard = (await t.current.app.inject({ url: '/api/v1/partner/dashboard', headers: authHeaders(partner) })).json();
    expect(dashboard.calls.total_calls).toBe(600);
    expect(isLedgerSound(await findLedgerViolations(t.current.database.handle.db))).toBe(true);
  });

  it('without a seed, each run makes new calls; an empty wallet records shortfalls', async () => {
    const customer = await createCustomer(t.current.app, partner);
    const first = (await simulate({ account_id: customer.authId, calls: 50 })).json();
    const second = (await simulate({ account_id: customer.authId, calls: 50 })).json();
    expect(first.seed).not.toBe(second.seed);
    expect(first.accepted + second.accepted).toBe(100);
    expect(first.total_charged).toBe('0.00000');
    expect(Number(first.total_shortfall)).toBeGreaterThan(0);
  });

  it('needs the operator token; refuses unknown accounts and out-of-range sizes', async () => {
    const customer = await createCustomer(t.current.app, partner);
    expect((await simulate({ account_id: customer.authId, calls: 1 }, authHeaders(partner))).statusCode).toBe(401);
    expect((await simulate({ account_id: 'MA_ZZZZZZZZ', calls: 1 })).statusCode).toBe(404);
    for (const change of [{ calls: 0 }, { calls: 100_001 }, { days: 0 }, { days: 367 }, { seed: -1 }, { account_id: 'PA_ABCDEFGH' }]) {
      const response = await simulate({ account_id: customer.authId, calls: 1, ...change });
      expect(response.statusCode, JSON.stringify(change)).toBe(422);
    }
  });

  it('is documented as it answers', async () => {
    const document = await openApiDocument(t.current.app);
    const customer = await createCustomer(t.current.app, partner);
    expectDocumented(document, 'POST', '/api/v1/admin/simulate', await simulate({ account_id: customer.authId, calls: 5, days: 1 }));
    expectDocumented(document, 'POST', '/api/v1/admin/simulate', await simulate({ account_id: 'MA_ZZZZZZZZ', calls: 5 }));
    expectDocumented(document, 'POST', '/api/v1/admin/simulate', await simulate({ account_id: customer.authId, calls: 0 }));
  });
});
