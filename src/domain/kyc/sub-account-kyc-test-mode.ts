/**
 * Test mode of headless KYC (vobiz-sdk-surface.md 4): never calls the provider, answers from
 * the magic inputs of kyc-verification-rules.ts, and still writes real kyc_verifications rows
 * (is_mock) and recomputes kyc_status, so an integration exercises the whole path. The
 * simulated provider error (TESTERROR0001) is decided before any write: each of the client's
 * retries answers 500 again and none leaves a row.
 */
import type { Database, Executor } from '../../db/database';
import type { KycVerificationStatus, KycVerificationType } from '../../db/schema';
import { DomainError, notFound } from '../errors';
import { assertRedirectUrl } from '../net/url-fields';
import type { AccountPrincipal } from '../principals';
import { getSubAccount } from '../sub-accounts/sub-accounts';
import {
  MOCK_ACCESS_REQUEST_ID,
  MOCK_ACCESS_REQUEST_OUTCOMES,
  MOCK_CIN_PREFIX,
  MOCK_COMPANY_CANDIDATES,
  MOCK_INPUT_PREFIXES,
  mockOutcomeOf,
} from './kyc-verification-rules';
import {
  finishPendingVerification,
  insertVerification,
  type VerificationResult,
  withVerification,
} from './kyc-verifications';

const MOCK_FAILURE_REASON = 'mock_failure';

/**
 * A mock PAN or GSTIN check by its magic prefix. Errors: bad_request (not a magic input),
 * provider_error (TESTERROR0001, nothing written), not_found.
 */
export async function mockVerifyDocument(
  db: Database,
  parent: AccountPrincipal,
  subAuthId: string,
  input: { type: 'pan' | 'gst'; document: string; now: Date },
): Promise<VerificationResult> {
  const outcome = mockOutcomeOf(input.document);
  if (outcome === undefined) {
    throw new DomainError('bad_request',
      `Test mode accepts only the magic inputs: ${MOCK_INPUT_PREFIXES.join(', ')}`);
  }
  await getSubAccount(db, parent, subAuthId);
  if (outcome === 'error') {
    throw new DomainError('provider_error', 'Simulated provider error (TESTERROR0001)');
  }
  return recordMock(db, parent, subAuthId, input.now, {
    type: input.type, status: outcome, documentMasked: input.document.slice(0, 32),
  });
}

function recordMock(
  db: Database,
  parent: AccountPrincipal,
  subAuthId: string,
  now: Date,
  mock: { type: KycVerificationType; status: KycVerificationStatus; documentMasked?: string; accessRequestId?: string },
): Promise<VerificationResult> {
  return withVerification(db, parent, subAuthId, now, (trx, row) =>
    insertVerification(trx, row.id, {
      ...mock,
      isMock: true,
      failureReason: mock.status === 'failed' ? MOCK_FAILURE_REASON : null,
    }, now));
}

/** Fixed fake matches, whatever the name. Errors: not_found. */
export async function mockSearchCompanies(
  db: Executor,
  parent: AccountPrincipal,
  subAuthId: string,
  companyName: string,
) {
  await getSubAccount(db, parent, subAuthId);
  return { company_name: companyName, companies: [...MOCK_COMPANY_CANDIDATES], mock: true as const };
}

/** Verified when the CIN starts with MOCK_CIN_PREFIX, failed otherwise. Errors: not_found. */
export async function mockConfirmCin(
  db: Database,
  parent: AccountPrincipal,
  subAuthId: string,
  input: { cin: string; now: Date },
): Promise<VerificationResult> {
  const status = input.cin.trim().toUpperCase().startsWith(MOCK_CIN_PREFIX) ? 'verified' : 'failed';
  return recordMock(db, parent, subAuthId, input.now, {
    type: 'cin', status, documentMasked: input.cin.slice(0, 32),
  });
}

/**
 * A pending mock aadhaar verification waiting on the fixed access request id. Errors:
 * validation_failed (malformed redirect URL), not_found.
 */
export async function mockStartDigiLocker(
  db: Database,
  parent: AccountPrincipal,
  subAuthId: string,
  input: { redirectUrl: string; now: Date },
) {
  assertRedirectUrl(['body', 'redirect_url'], input.redirectUrl);
  const result = await recordMock(db, parent, subAuthId, input.now, {
    type: 'aadhaar', status: 'pending', accessRequestId: MOCK_ACCESS_REQUEST_ID,
  });
  const authorizationUrl = new URL(input.redirectUrl);
  authorizationUrl.searchParams.set('access_request_id', MOCK_ACCESS_REQUEST_ID);
  return { ...result, access_request_id: MOCK_ACCESS_REQUEST_ID, authorization_url: authorizationUrl.toString() };
}

/**
 * MOCK_AR_SUCCESS verifies, MOCK_AR_FAIL fails: the latest pending mock aadhaar row is finished,
 * or a new row written when none waits. Errors: bad_request (another id), not_found.
 */
export async function mockCompleteDigiLocker(
  db: Database,
  parent: AccountPrincipal,
  subAuthId: string,
  input: { accessRequestId: string; now: Date },
): Promise<VerificationResult> {
  const status = MOCK_ACCESS_REQUEST_OUTCOMES[input.accessRequestId];
  if (status === undefined) {
    throw new DomainError('bad_request', 'Test mode access_request_id is MOCK_AR_SUCCESS or MOCK_AR_FAIL');
  }
  const failureReason = status === 'failed' ? MOCK_FAILURE_REASON : null;
  return withVerification(db, parent, subAuthId, input.now, async (trx, row) =>
    await finishPendingVerification(trx, row.id, { type: 'aadhaar', isMock: true },
      { status, failureReason }, input.now)
    ?? insertVerification(trx, row.id, {
      type: 'aadhaar', status, isMock: true, failureReason, accessRequestId: input.accessRequestId,
    }, input.now));
}

/**
 * Moves the most recent pending mock of `type` to `outcome` (the asynchronous path without
 * webhooks). Errors: not_found (no pending mock of that type).
 */
export async function finalizePendingMock(
  db: Database,
  parent: AccountPrincipal,
  subAuthId: string,
  input: { type: KycVerificationType; outcome: 'verified' | 'failed'; now: Date },
): Promise<VerificationResult> {
  return withVerification(db, parent, subAuthId, input.now, async (trx, row) => {
    const finished = await finishPendingVerification(trx, row.id, { type: input.type, isMock: true },
      { status: input.outcome, failureReason: input.outcome === 'failed' ? MOCK_FAILURE_REASON : null },
      input.now);
    if (!finished) throw notFound(`Pending mock ${input.type} verification`);
    return finished;
  });
}
