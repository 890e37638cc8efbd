/**
 * The rating table end to end: a call ingested for a customer on a given pricing tier is stored
 * with the billable seconds and cost the tier implies, and its wallet is debited exactly that.
 * (rating.ts's own table is test/domain/cdrs/rating.test.ts; this is the same rules through
 * the ingestion path, tier selection included.)
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { findLedgerViolations, isLedgerSound } from '../../../src/domain/ledger/invariants';
import { useTestApp } from '../../support/app';
import { CDR_TEST_NOW, type CallShape, cdrRow, fundCustomer, ingestOk } from '../../support/cdrs';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let partner: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
});

async function customerOnTier(tier: Record<string, unknown> | undefined) {
  const customer = await createCustomer(t.current.app, partner);
  await fundCustomer(t.current.app, partner, customer, '1000.00');
  if (tier) {
    const created = await t.current.app.inject({
      method: 'POST', url: '/api/v1/partner/pricing-tiers', headers: authHeaders(partner),
      payload: { name: `Tier ${randomUUID().slice(0, 8)}`, ...tier },
    });
    expect(created.statusCode, created.body).toBe(201);
    const assigned = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/pricing-tier`,
      headers: authHeaders(partner), payload: { pricing_tier_id: created.json().id },
    });
    expect(assigned.statusCode, assigned.body).toBe(200);
  }
  return customer;
}

/** Ingests one call and returns its stored billable seconds, cost, and the wallet's change. */
async function rate(customer: Credentials, call: CallShape) {
  const row = cdrRow({ account: customer, ...call });
  const body = await ingestOk(t.current.app, [row]);
  expect(body.accepted).toBe(1);
  const cdr = await t.current.app.inject({
    url: `/api/v1/Account/${customer.authId}/cdr/${row.uuid}`, headers: authHeaders(customer),
  });
  const { billable_seconds: billable, cost } = cdr.json().data;
  return { billable, cost, debited: body.charges[0]?.amount ?? '0' };
}

describe('the platform default tier (INR 0.50/min, 60/60) when the customer has no tier', () => {
  const cases: [CallShape, number, number, string][] = [
    [{ talk: 1 }, 60, 0.5, '0.50000'],
    [{ talk: 60 }, 60, 0.5, '0.50000'],
    [{ talk: 61 }, 120, 1, '1.00000'],
    [{ talk: 3_599 }, 3_600, 30, '30.00000'],
    [{ talk: 0 }, 0, 0, '0'],
    [{ talk: null }, 0, 0, '0'],
    [{ talk: null, cause: 'USER_BUSY' }, 0, 0, '0'],
  ];
  it.each(cases)('%j bills %i s for %d', async (call, billable, cost, debited) => {
    const customer = await customerOnTier(undefined);
    expect(await rate(customer, call)).toEqual({ billable, cost, debited });
  });
});

describe("a partner's tier assigned to the customer", () => {
  const cases: [Record<string, unknown>, CallShape, number, number][] = [
    // per-second billing, no minimum
    [{ rate_per_minute: '0.60', billing_increment_seconds: 1, minimum_duration_seconds: 0 }, { talk: 37 }, 37, 0.37],
    // 6/6 with a 30 s minimum
    [{ rate_per_minute: '0.60', billing_increment_seconds: 6, minimum_duration_seconds: 30 }, { talk: 1 }, 30, 0.3],
    [{ rate_per_minute: '0.60', billing_increment_seconds: 6, minimum_duration_seconds: 30 }, { talk: 31 }, 36, 0.36],
    // a minimum that is not a multiple of the increment: max first, then round up
    [{ rate_per_minute: '0.50', billing_increment_seconds: 60, minimum_duration_seconds: 30 }, { talk: 10 }, 60, 0.5],
    // rounding half up at the fifth decimal: 0.00001/min for 30 s is 0.000005
    [{ rate_per_minute: '0.00001', billing_increment_seconds: 1, minimum_duration_seconds: 0 }, { talk: 30 }, 30, 0.00001],
    [{ rate_per_minute: '0.00001', billing_increment_seconds: 1, minimum_duration_seconds: 0 }, { talk: 29 }, 29, 0],
    // a free tier
    [{ rate_per_minute: 0 }, { talk: 300 }, 300, 0],
    // zero talk time bills nothing, minimum or not
    [{ rate_per_minute: 2, minimum_duration_seconds: 60 }, { talk: 0 }, 0, 0],
    // unanswered: free unless the tier charges non-connected calls
    [{ rate_per_minute: 1 }, { talk: null }, 0, 0],
    [{ rate_per_minute: 1, charge_non_connected_calls: true, non_connected_call_fee: '0.15' }, { talk: null }, 0, 0.15],
    [{ rate_per_minute: 1, charge_non_connected_calls: true, non_connected_call_fee: '0.15' }, { talk: null, cause: 'USER_BUSY' }, 0, 0.15],
  ];
  it.each(cases)('%j rates %j as %i s for %d', async (tier, call, billable, cost) => {
    const customer = await customerOnTier(tier);
    const rated = await rate(customer, call);
    expect({ billable: rated.billable, cost: rated.cost }).toEqual({ billable, cost });
  });

  it("falls back to the partner's default tier, and a later change rates only later calls", async () => {
    const own = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, own);
    await fundCustomer(t.current.app, own, customer, '100.00');
    const tier = await t.current.app.inject({
      method: 'POST', url: '/api/v1/partner/pricing-tiers', headers: authHeaders(own),
      payload: { name: 'Default', rate_per_minute: 1, billing_increment_seconds: 1, minimum_duration_seconds: 0, is_default: true },
    });
    expect((await rate(customer, { talk: 90 })).cost).toBe(1.5);
    await t.current.app.inject({
      method: 'PATCH', url: `/api/v1/partner/pricing-tiers/${tier.json().id}`, headers: authHeaders(own),
      payload: { rate_per_minute: 2 },
    });
    expect((await rate(customer, { talk: 90 })).cost).toBe(3);
    const list = await t.current.app.inject({ url: `/api/v1/Account/${customer.authId}/cdr`, headers: authHeaders(customer) });
    expect(list.json().data.map((row: { cost: number }) => row.cost).sort()).toEqual([1.5, 3]);
    expect(isLedgerSound(await findLedgerViolations(t.current.database.handle.db))).toBe(true);
  });
});
