/**
 * Pure rules of headless KYC: which documents a business type needs, how the latest result of
 * each verification type aggregates into the sub-account's kyc_status, and what test mode's
 * magic inputs (vobiz-sdk-surface.md 4) mean.
 */
import type {
  BusinessType,
  KycVerificationStatus,
  KycVerificationType,
  SubAccountKycStatus,
} from '../../db/schema';

export const KYC_VERIFICATION_TYPES = ['pan', 'gst', 'cin', 'aadhaar'] as const;

export type LatestVerifications = Partial<Record<KycVerificationType, KycVerificationStatus>>;

/** Proprietors and HUFs verify as the individual behind them (PAN + Aadhaar). */
const INDIVIDUAL_BUSINESS_TYPES: readonly (BusinessType | null)[] = [
  null, 'individual', 'proprietorship', 'huf',
];

/**
 * What must be verified, as groups of which one member suffices: individuals need PAN and
 * Aadhaar; companies PAN and either GSTIN or CIN (Vobiz: "companies verify PAN plus GSTIN"; CIN
 * serves companies without a GST registration).
 */
export function requiredVerifications(businessType: BusinessType | null): KycVerificationType[][] {
  return INDIVIDUAL_BUSINESS_TYPES.includes(businessType)
    ? [['pan'], ['aadhaar']]
    : [['pan'], ['gst', 'cin']];
}

const RANK: Record<SubAccountKycStatus, number> = { not_started: 0, failed: 1, pending: 2, verified: 3 };

/**
 * The aggregate: not_started until anything required was tried; failed while a required group's
 * best result is a failure; verified once every group is; pending otherwise.
 */
export function aggregateKycStatus(
  businessType: BusinessType | null,
  latest: LatestVerifications,
): SubAccountKycStatus {
  const groups = requiredVerifications(businessType).map((group) => group
    .map((type): SubAccountKycStatus => latest[type] ?? 'not_started')
    .reduce((best, status) => (RANK[status] > RANK[best] ? status : best), 'not_started'));
  if (groups.every((status) => status === 'not_started')) return 'not_started';
  if (groups.includes('failed')) return 'failed';
  if (groups.every((status) => status === 'verified')) return 'verified';
  return 'pending';
}

/** Test-mode outcomes; `error` is the simulated provider failure (HTTP 500, nothing written). */
export type MockOutcome = KycVerificationStatus | 'error';

/**
 * Magic inputs, matched on prefix (the SDK's GST example sends TESTSUCCESS0001GST). Pending
 * ones finalize through finalize-pending; TESTPENDING001 is documented to end verified and
 * TESTPENDING_FAIL failed, but the finalize call names the outcome.
 */
const MOCK_INPUTS: readonly [prefix: string, outcome: MockOutcome][] = [
  ['TESTSUCCESS0001', 'verified'],
  ['TESTFAIL0001', 'failed'],
  ['TESTERROR0001', 'error'],
  ['TESTPENDING001', 'pending'],
  ['TESTPENDING_FAIL', 'pending'],
];

export const MOCK_INPUT_PREFIXES = MOCK_INPUTS.map(([prefix]) => prefix);

/** The outcome of a test-mode PAN or GSTIN; undefined for an input that is not magic. */
export function mockOutcomeOf(input: string): MockOutcome | undefined {
  const text = input.trim().toUpperCase();
  return MOCK_INPUTS.find(([prefix]) => text.startsWith(prefix))?.[1];
}

/** Test-mode CIN confirmation succeeds for CINs starting with this. */
export const MOCK_CIN_PREFIX = 'U72900KA2024PTC123456';
/** Test-mode DigiLocker: initiate hands out MOCK_AR_SUCCESS; verify knows these two. */
export const MOCK_ACCESS_REQUEST_OUTCOMES: Readonly<Record<string, KycVerificationStatus>> = {
  MOCK_AR_SUCCESS: 'verified',
  MOCK_AR_FAIL: 'failed',
};
export const MOCK_ACCESS_REQUEST_ID = 'MOCK_AR_SUCCESS';
/** Test-mode company search: fixed fake matches, the first one confirms. */
export const MOCK_COMPANY_CANDIDATES = [
  { cin: MOCK_CIN_PREFIX, company_name: 'VOBIZ TEST PRIVATE LIMITED', status: 'Active' },
  { cin: 'U72900KA2024PTC654321', company_name: 'VOBIZ TEST SERVICES PRIVATE LIMITED', status: 'Active' },
] as const;
