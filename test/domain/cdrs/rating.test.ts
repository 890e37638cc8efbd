import { describe, expect, it } from 'vitest';
import {
  BILLSEC_MAX,
  DEFAULT_PRICING_TIER,
  type RatingTier,
  findPricingTierProblems,
  rateCall,
} from '../../../src/domain/cdrs/rating';

function tier(change: Partial<RatingTier> = {}): RatingTier {
  return { ...DEFAULT_PRICING_TIER, ...change };
}

describe('DEFAULT_PRICING_TIER', () => {
  it('is the platform default', () => {
    expect(DEFAULT_PRICING_TIER).toEqual({
      name: 'Platform default', rate_per_minute: '0.50', billing_increment_seconds: 60,
      minimum_duration_seconds: 60, currency: 'INR', charge_non_connected_calls: false,
      non_connected_call_fee: '0',
    });
    expect(Object.isFrozen(DEFAULT_PRICING_TIER)).toBe(true);
    expect(findPricingTierProblems(DEFAULT_PRICING_TIER)).toEqual([]);
  });
});

describe('rateCall, answered, default tier (0.50/min, 60/60)', () => {
  it.each([
    [0, 0, '0.00000'],
    [1, 60, '0.50000'],
    [59, 60, '0.50000'],
    [60, 60, '0.50000'],
    [61, 120, '1.00000'],
    [119, 120, '1.00000'],
    [120, 120, '1.00000'],
    [121, 180, '1.50000'],
    [3600, 3600, '30.00000'],
    [7200, 7200, '60.00000'],
    [BILLSEC_MAX, BILLSEC_MAX, '720.00000'],
  ])('billsec %i bills %i s for %s', (billsec, billable, cost) => {
    expect(rateCall({ billsec, answered: true, tier: tier() }))
      .toEqual({ billable_seconds: billable, cost });
  });
});

describe('rateCall, answered, other tiers', () => {
  it.each([
    // per-second billing, no minimum: 0.60/min = 0.01/s
    [{ billing_increment_seconds: 1, minimum_duration_seconds: 0, rate_per_minute: '0.60' },
      37, 37, '0.37000'],
    // 6-second increments (Indian "6/6" plans) with a 30 s minimum
    [{ billing_increment_seconds: 6, minimum_duration_seconds: 30, rate_per_minute: '0.60' },
      1, 30, '0.30000'],
    [{ billing_increment_seconds: 6, minimum_duration_seconds: 30, rate_per_minute: '0.60' },
      31, 36, '0.36000'],
    // 30/6: 30 s minimum, then 6 s steps
    [{ billing_increment_seconds: 6, minimum_duration_seconds: 30 }, 30, 30, '0.25000'],
    // minimum not a multiple of the increment: max first, then round up
    [{ billing_increment_seconds: 60, minimum_duration_seconds: 30 }, 10, 60, '0.50000'],
    [{ billing_increment_seconds: 1, minimum_duration_seconds: 3600 }, 5, 3600, '30.00000'],
    [{ billing_increment_seconds: 3600, minimum_duration_seconds: 0 }, 1, 3600, '30.00000'],
    // free calls
    [{ rate_per_minute: '0' }, 125, 180, '0.00000'],
    // rounding half up at the 5th decimal: 0.00001/min * 30 s = 0.000005 -> 0.00001
    [{ rate_per_minute: '0.00001', billing_increment_seconds: 1, minimum_duration_seconds: 0 },
      30, 30, '0.00001'],
    [{ rate_per_minute: '0.00001', billing_increment_seconds: 1, minimum_duration_seconds: 0 },
      29, 29, '0.00000'],
    // 1.23457/min for 7 s = 0.1440331... -> 0.14403
    [{ rate_per_minute: '1.23457', billing_increment_seconds: 1, minimum_duration_seconds: 0 },
      7, 7, '0.14403'],
    // 0.99999/min for 1 s = 0.0166665 -> 0.01667 (half up)
    [{ rate_per_minute: '0.99999', billing_increment_seconds: 1, minimum_duration_seconds: 0 },
      1, 1, '0.01667'],
    // a large rate over a day, exact where a double would drift
    [{ rate_per_minute: '9999.99999', billing_increment_seconds: 1, minimum_duration_seconds: 0 },
      BILLSEC_MAX, BILLSEC_MAX, '14399999.98560'],
  ])('%j billsec %i -> %i s, %s', (change, billsec, billable, cost) => {
    expect(rateCall({ billsec, answered: true, tier: tier(change) }))
      .toEqual({ billable_seconds: billable, cost });
  });

  it('bills a zero-second answered call nothing, whatever the minimum', () => {
    const strict = tier({ minimum_duration_seconds: 3600, rate_per_minute: '10' });
    expect(rateCall({ billsec: 0, answered: true, tier: strict }))
      .toEqual({ billable_seconds: 0, cost: '0.00000' });
  });

  it('never bills less than billsec nor a full increment more than needed', () => {
    for (const increment of [1, 6, 30, 60, 61]) {
      for (const minimum of [0, 30, 60]) {
        for (let billsec = 1; billsec <= 200; billsec += 1) {
          const { billable_seconds: billable } = rateCall({
            billsec, answered: true,
            tier: tier({ billing_increment_seconds: increment, minimum_duration_seconds: minimum }),
          });
          expect(billable % increment).toBe(0);
          expect(billable).toBeGreaterThanOrEqual(Math.max(billsec, minimum));
          expect(billable - Math.max(billsec, minimum)).toBeLessThan(increment);
        }
      }
    }
  });
});

describe('rateCall, unanswered', () => {
  it.each([
    [false, '5.00', 0, '0.00000'],
    [false, '5.00', 45, '0.00000'],
    [true, '0.10', 0, '0.10000'],
    [true, '0.12345', 0, '0.12345'],
    [true, '0', 0, '0.00000'],
    [true, '0.10', 45, '0.10000'],
  ])('charge=%s fee=%s billsec=%i costs %s', (charge, fee, billsec, cost) => {
    const result = rateCall({
      billsec, answered: false,
      tier: tier({ charge_non_connected_calls: charge, non_connected_call_fee: fee }),
    });
    expect(result).toEqual({ billable_seconds: 0, cost });
  });
});

describe('findPricingTierProblems', () => {
  it.each([
    [{ billing_increment_seconds: 1 }],
    [{ billing_increment_seconds: 3600 }],
    [{ minimum_duration_seconds: 0 }],
    [{ minimum_duration_seconds: 3600 }],
    [{ rate_per_minute: '0' }],
    [{ rate_per_minute: '10000' }],
    [{ rate_per_minute: '0.00001' }],
    [{ non_connected_call_fee: '1000' }],
  ])('accepts %j', (change) => {
    expect(findPricingTierProblems(tier(change))).toEqual([]);
  });

  it.each([
    [{ billing_increment_seconds: 0 }, /billing_increment_seconds must be a whole number from 1/],
    [{ billing_increment_seconds: 3601 }, /billing_increment_seconds/],
    [{ billing_increment_seconds: -60 }, /billing_increment_seconds/],
    [{ billing_increment_seconds: 1.5 }, /billing_increment_seconds/],
    [{ billing_increment_seconds: Number.NaN }, /billing_increment_seconds/],
    [{ minimum_duration_seconds: -1 }, /minimum_duration_seconds must be a whole number from 0/],
    [{ minimum_duration_seconds: 3601 }, /minimum_duration_seconds/],
    [{ minimum_duration_seconds: 0.5 }, /minimum_duration_seconds/],
    [{ rate_per_minute: '-0.01' }, /rate_per_minute must be from 0 to 10000/],
    [{ rate_per_minute: '10000.00001' }, /rate_per_minute must be from 0/],
    [{ rate_per_minute: '0.000001' }, /rate_per_minute must be a decimal string/],
    [{ rate_per_minute: '1e-3' }, /rate_per_minute must be a decimal/],
    [{ rate_per_minute: '' }, /rate_per_minute must be a decimal/],
    [{ rate_per_minute: 0.5 as unknown as string }, /rate_per_minute must be a decimal/],
    [{ non_connected_call_fee: '1000.01' }, /non_connected_call_fee must be from 0 to 1000/],
    [{ non_connected_call_fee: 'free' }, /non_connected_call_fee must be a decimal/],
    [{ charge_non_connected_calls: 'yes' as unknown as boolean }, /charge_non_connected_calls/],
  ])('rejects %j', (change, message) => {
    const problems = findPricingTierProblems(tier(change));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('lists every problem', () => {
    expect(findPricingTierProblems(tier({
      rate_per_minute: 'x', billing_increment_seconds: 0, minimum_duration_seconds: -1,
    }))).toHaveLength(3);
  });
});

describe('rateCall preconditions (programmer errors)', () => {
  it.each([-1, 1.5, Number.NaN, BILLSEC_MAX + 1])('asserts billsec %s', (billsec) => {
    expect(() => rateCall({ billsec, answered: true, tier: tier() })).toThrow(/billsec/);
  });

  it('asserts a validated tier', () => {
    const broken = tier({ billing_increment_seconds: 0 });
    expect(() => rateCall({ billsec: 10, answered: true, tier: broken })).toThrow(/tier/);
  });
});
