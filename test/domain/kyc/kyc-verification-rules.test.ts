import { describe, expect, it } from 'vitest';
import {
  aggregateKycStatus,
  mockOutcomeOf,
  requiredVerifications,
} from '../../../src/domain/kyc/kyc-verification-rules';
import { isKycCallsBlocked } from '../../../src/domain/sub-accounts/call-admission';

describe('requiredVerifications', () => {
  it('individuals, proprietors and HUFs need PAN and Aadhaar; companies PAN and GSTIN or CIN', () => {
    for (const type of [null, 'individual', 'proprietorship', 'huf'] as const) {
      expect(requiredVerifications(type)).toEqual([['pan'], ['aadhaar']]);
    }
    for (const type of ['private_limited', 'llp', 'public_limited', 'trust', 'government'] as const) {
      expect(requiredVerifications(type)).toEqual([['pan'], ['gst', 'cin']]);
    }
  });
});

describe('aggregateKycStatus', () => {
  it.each([
    [{}, 'not_started'],
    [{ gst: 'verified' as const }, 'not_started'],
    [{ pan: 'verified' as const }, 'pending'],
    [{ pan: 'pending' as const, aadhaar: 'pending' as const }, 'pending'],
    [{ pan: 'verified' as const, aadhaar: 'failed' as const }, 'failed'],
    [{ pan: 'verified' as const, aadhaar: 'verified' as const }, 'verified'],
  ])('individual %j -> %s', (latest, expected) => {
    expect(aggregateKycStatus('individual', latest)).toBe(expected);
  });

  it.each([
    [{ pan: 'verified' as const, gst: 'failed' as const, cin: 'verified' as const }, 'verified'],
    [{ pan: 'verified' as const, gst: 'failed' as const }, 'failed'],
    [{ pan: 'verified' as const, gst: 'failed' as const, cin: 'pending' as const }, 'pending'],
    [{ pan: 'verified' as const, aadhaar: 'verified' as const }, 'pending'],
  ])('company %j -> %s', (latest, expected) => {
    expect(aggregateKycStatus('private_limited', latest)).toBe(expected);
  });
});

describe('mockOutcomeOf', () => {
  it.each([
    ['TESTSUCCESS0001', 'verified'], ['TESTSUCCESS0001GST', 'verified'], ['testfail0001', 'failed'],
    ['TESTERROR0001', 'error'], ['TESTPENDING001', 'pending'], ['TESTPENDING_FAIL', 'pending'],
    ['TESTPENDING0001', undefined], ['TESTSUCCESS', undefined], ['AAAPZ0000S', undefined], ['', undefined],
  ])('%s -> %s', (input, outcome) => {
    expect(mockOutcomeOf(input)).toBe(outcome);
  });
});

describe('isKycCallsBlocked', () => {
  it('personal_use follows the parent; customer_use its own KYC', () => {
    const base = { kyc_status: 'not_started' as const, parent_kyc_status: 'pending' as const };
    expect(isKycCallsBlocked({ ...base, kyc_mode: 'personal_use' })).toBe(true);
    expect(isKycCallsBlocked({ ...base, kyc_mode: 'personal_use', parent_kyc_status: 'completed' })).toBe(false);
    expect(isKycCallsBlocked({ ...base, kyc_mode: 'customer_use', parent_kyc_status: 'completed' })).toBe(true);
    for (const status of ['pending', 'failed'] as const) {
      expect(isKycCallsBlocked({ ...base, kyc_mode: 'customer_use', kyc_status: status })).toBe(true);
    }
    expect(isKycCallsBlocked({ ...base, kyc_mode: 'customer_use', kyc_status: 'verified' })).toBe(false);
  });
});
