/** The edge's pure rules: E.164, SIP codes, call budgets. */
import { describe, expect, it } from 'vitest';
import { callBudget, longestCallBudget } from '../../../src/domain/edge/call-budgets';
import { parseMoney } from '../../../src/domain/money';
import { hangupCauseOfSipCode, toE164 } from '../../../src/domain/edge/sip-outcomes';
import { DEFAULT_PRICING_TIER } from '../../../src/domain/cdrs/rating';
import { EDGE_CALL_DURATION_MAX_SECONDS } from '../../../src/limits';

describe('numbers and causes', () => {
  it.each([
    ['+919876543210', '+919876543210'],
    ['919876543210', '+919876543210'],
    ['09876543210', '+919876543210'],
    ['00919876543210', '+919876543210'],
    ['9876543210', '+919876543210'],
  ])('normalises %s to E.164', (text, e164) => expect(toE164(text, 'IN')).toBe(e164));

  it.each(['', 'anonymous', '123', '+1', 'sip:x'])('finds no number in %j', (text) =>
    expect(toE164(text, 'IN')).toBeUndefined());

  it.each([
    [200, 'NORMAL_CLEARING'], [486, 'USER_BUSY'], [487, 'ORIGINATOR_CANCEL'],
    [404, 'UNALLOCATED_NUMBER'], [408, 'NO_ANSWER'], [503, 'SWITCH_CONGESTION'],
    [403, 'CALL_REJECTED'], [484, 'INVALID_NUMBER'], [599, 'SERVICE_UNAVAILABLE'],
  ] as const)('maps SIP %i to %s', (code, cause) => expect(hangupCauseOfSipCode(code)).toBe(cause));
});

describe('call budgets', () => {
  const perSecond = { ...DEFAULT_PRICING_TIER, rate_per_minute: '60', billing_increment_seconds: 1,
    minimum_duration_seconds: 0 };

  it('gives the longest duration the balance pays for, and its cost', () => {
    expect(callBudget(perSecond, 250_000n)).toEqual({ maxDurationSeconds: 2, reservedCost: '2.00000' });
  });

  it('gives nothing when not one increment is affordable, the cap when all of it is', () => {
    expect(callBudget(DEFAULT_PRICING_TIER, 49_999n).maxDurationSeconds).toBe(0);
    expect(callBudget(DEFAULT_PRICING_TIER, 50_000n).maxDurationSeconds).toBe(60);
    expect(callBudget(DEFAULT_PRICING_TIER, 10n ** 12n).maxDurationSeconds)
      .toBe(EDGE_CALL_DURATION_MAX_SECONDS);
  });

  it('prices the longest call as a wallet holding exactly its cost would be budgeted', () => {
    for (const tier of [DEFAULT_PRICING_TIER, perSecond]) {
      const longest = longestCallBudget(tier);
      expect(longest.maxDurationSeconds).toBe(EDGE_CALL_DURATION_MAX_SECONDS);
      expect(callBudget(tier, parseMoney(longest.reservedCost)!)).toEqual(longest);
      expect(callBudget(tier, parseMoney(longest.reservedCost)! - 1n).maxDurationSeconds)
        .toBeLessThan(EDGE_CALL_DURATION_MAX_SECONDS);
    }
    expect(longestCallBudget(DEFAULT_PRICING_TIER).reservedCost).toBe('30.00000');
  });
});
