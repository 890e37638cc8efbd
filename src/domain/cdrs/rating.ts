/**
 * What a call costs under a pricing tier (`pricing_tier{rate_per_minute,
 * billing_increment_seconds, minimum_duration_seconds, ...}` in vobiz-api.md 2.3).
 *
 * Answered call with billsec > 0:
 *   billable = max(billsec, minimum_duration_seconds) rounded UP to a multiple of
 *   billing_increment_seconds (60/60 is per-minute billing: 61 s bills 120 s);
 *   cost = rate_per_minute * billable / 60, rounded half up to 5 decimals.
 * Answered call with billsec = 0: billable 0, cost 0. The callee picked up and the call ended
 *   within the first second (a fax probe, a misdial hung up at once); charging a minimum for it
 *   produces disputes worth more than the revenue. Carriers that bill such calls are the minority.
 * Unanswered call: billable 0; cost is non_connected_call_fee when charge_non_connected_calls,
 *   else 0. Its billsec is ignored: some carriers count early-media seconds on unanswered calls.
 *
 * Money is bigint units of 10^-5 (money.ts) throughout; no float touches a rate or a cost.
 */
import assert from 'node:assert/strict';
import { MONEY_SCALE, formatMoney, parseMoney } from '../money';

/** 1 s to 1 h: per-second to per-hour billing; longer increments are not telephony pricing. */
export const BILLING_INCREMENT_SECONDS_MIN = 1;
export const BILLING_INCREMENT_SECONDS_MAX = 3_600;
/** Minimum billed duration: none up to one hour. */
export const MINIMUM_DURATION_SECONDS_MAX = 3_600;
/** Per-minute rates above this are a typo (premium-rate numbers cost ~100 INR/min). */
export const RATE_PER_MINUTE_MAX = '10000';
/** A flat fee for an unanswered call above this is a typo. */
export const NON_CONNECTED_CALL_FEE_MAX = '1000';
/** Longest call rated: a day. Longer billsec is a broken CDR, not a call. */
export const BILLSEC_MAX = 86_400;

const SECONDS_PER_MINUTE = 60n;

export interface PricingTier {
  name: string;
  /** Decimal text, at most 5 decimals, in `currency`. */
  rate_per_minute: string;
  billing_increment_seconds: number;
  minimum_duration_seconds: number;
  currency: string;
  charge_non_connected_calls: boolean;
  non_connected_call_fee: string;
}

export type RatingTier = Omit<PricingTier, 'name' | 'currency'>;

export const DEFAULT_PRICING_TIER: Readonly<PricingTier> = Object.freeze({
  name: 'Platform default',
  rate_per_minute: '0.50',
  billing_increment_seconds: 60,
  minimum_duration_seconds: 60,
  currency: 'INR',
  charge_non_connected_calls: false,
  non_connected_call_fee: '0',
});

export interface CallRating {
  billable_seconds: number;
  /** Decimal text with exactly 5 decimals. */
  cost: string;
}

/** Why a tier is refused (each problem names its field), empty when it is acceptable. */
export function findPricingTierProblems(tier: RatingTier): string[] {
  const problems: string[] = [];
  checkAmount('rate_per_minute', tier.rate_per_minute, RATE_PER_MINUTE_MAX, problems);
  checkAmount('non_connected_call_fee', tier.non_connected_call_fee, NON_CONNECTED_CALL_FEE_MAX,
    problems);
  checkSeconds('billing_increment_seconds', tier.billing_increment_seconds,
    BILLING_INCREMENT_SECONDS_MIN, BILLING_INCREMENT_SECONDS_MAX, problems);
  checkSeconds('minimum_duration_seconds', tier.minimum_duration_seconds,
    0, MINIMUM_DURATION_SECONDS_MAX, problems);
  if (typeof tier.charge_non_connected_calls !== 'boolean') {
    problems.push('charge_non_connected_calls must be true or false');
  }
  return problems;
}

function checkAmount(field: string, text: string, maxText: string, problems: string[]): void {
  const units = typeof text === 'string' ? parseMoney(text) : undefined;
  if (units === undefined) {
    problems.push(`${field} must be a decimal string with at most ${MONEY_SCALE} decimals`);
  } else if (units < 0n || units > parseMoney(maxText)!) {
    problems.push(`${field} must be from 0 to ${maxText}`);
  }
}

function checkSeconds(
  field: string,
  value: number,
  min: number,
  max: number,
  problems: string[],
): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    problems.push(`${field} must be a whole number from ${min} to ${max}`);
  }
}

export interface CallToRate {
  /** Seconds from answer to hangup, whole. */
  billsec: number;
  answered: boolean;
  tier: RatingTier;
}

/**
 * Rates one call. The tier must have passed findPricingTierProblems and billsec must be a whole
 * number of seconds in 0..BILLSEC_MAX: both are asserted, as a bad value here is a bug upstream.
 */
export function rateCall({ billsec, answered, tier }: CallToRate): CallRating {
  assert.ok(Number.isSafeInteger(billsec), 'billsec is whole seconds');
  assert.ok(billsec >= 0 && billsec <= BILLSEC_MAX, 'billsec is within 0..BILLSEC_MAX');
  assert.deepEqual(findPricingTierProblems(tier), [], 'the tier was validated');

  if (!answered) {
    const fee = tier.charge_non_connected_calls ? parseMoney(tier.non_connected_call_fee)! : 0n;
    return { billable_seconds: 0, cost: formatMoney(fee) };
  }
  const billableSeconds = billableSecondsOf(billsec, tier);
  const cost = costUnits(parseMoney(tier.rate_per_minute)!, billableSeconds);
  return { billable_seconds: billableSeconds, cost: formatMoney(cost) };
}

function billableSecondsOf(billsec: number, tier: RatingTier): number {
  if (billsec === 0) return 0;
  const increment = tier.billing_increment_seconds;
  const seconds = Math.max(billsec, tier.minimum_duration_seconds);
  const billable = seconds + ((increment - (seconds % increment)) % increment);
  assert.ok(billable % increment === 0, 'billable is whole increments');
  assert.ok(billable >= seconds && billable - seconds < increment, 'rounded up by < 1 increment');
  return billable;
}

/** rate * seconds / 60, rounded half up to whole units: floor((rate * seconds + 30) / 60). */
function costUnits(rateUnits: bigint, billableSeconds: number): bigint {
  const numerator = rateUnits * BigInt(billableSeconds);
  return (numerator + SECONDS_PER_MINUTE / 2n) / SECONDS_PER_MINUTE;
}
