/**
 * Whether a sub-account's calls may be admitted. `kyc_calls_blocked` is derived, never stored:
 * a `personal_use` sub-account rides on its parent's KYC, a `customer_use` one needs its own,
 * so a change of mode or of either KYC state applies to the very next call.
 */
import type { KycMode, SubAccountKycStatus } from '../../db/schema';

export interface KycStanding {
  kyc_mode: KycMode;
  /** The sub-account's own aggregate KYC status. */
  kyc_status: SubAccountKycStatus;
  /** The parent account's KYC status (accounts.kyc_status). */
  parent_kyc_status: 'pending' | 'completed';
}

/**
 * True while KYC keeps the sub-account from calling: the API's `kyc_calls_blocked`. The edge
 * enforces the same derivation in SQL, edge.call_refusal (migration 0145), beside the account's
 * and the sub-account's other states; test/http/sub-accounts/call-admission.test.ts holds
 * them equal.
 */
export function isKycCallsBlocked(standing: KycStanding): boolean {
  if (standing.kyc_mode === 'personal_use') return standing.parent_kyc_status !== 'completed';
  return standing.kyc_status !== 'verified';
}
