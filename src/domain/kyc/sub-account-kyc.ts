/**
 * Headless KYC of a sub-account (vobiz-sdk-surface.md 3), called by its parent account: the
 * same IdentityProvider as the widget. Each step calls the provider outside any transaction
 * (a network call must not hold a row lock), then writes its kyc_verifications row and the
 * recomputed kyc_status in one. A provider failure (an exception) writes nothing and answers
 * provider_error (500), so the client's retry starts clean.
 */
import type { Database, Executor } from '../../db/database';
import { KYC_COMPANY_CANDIDATES_MAX } from '../../limits';
import { DomainError, notFound } from '../errors';
import { assertRedirectUrl } from '../net/url-fields';
import type { AccountPrincipal } from '../principals';
import { getSubAccount } from '../sub-accounts/sub-accounts';
import { maskGstin, maskPan, parseCin, parseGstin, parsePan } from './identifiers';
import type { IdentityProvider } from './identity-providers';
import {
  finishPendingVerification,
  insertVerification,
  type VerificationResult,
  withVerification,
} from './kyc-verifications';

export interface HeadlessKycContext {
  db: Database;
  provider: IdentityProvider;
  now: Date;
}

/** The provider's answer, or provider_error (500) carrying the failure as its cause. */
async function askProvider<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    const error = new DomainError('provider_error', 'The identity provider is unavailable; try again');
    throw Object.assign(error, { cause });
  }
}

/** Errors: bad_request (not a PAN), not_found, provider_error. */
export async function verifySubAccountPan(
  context: HeadlessKycContext,
  parent: AccountPrincipal,
  subAuthId: string,
  panText: string,
): Promise<VerificationResult> {
  const parsed = parsePan(panText);
  if (!parsed) throw new DomainError('bad_request', 'pan must be 10 characters: AAAAA9999A');
  const subAccount = await getSubAccount(context.db, parent, subAuthId);
  // Headless KYC has no separate holder name: the sub-account's name is matched.
  const result = await askProvider(() =>
    context.provider.verifyPan({ pan: parsed.pan, name: subAccount.name }));
  return withVerification(context.db, parent, subAuthId, context.now, (trx, row) =>
    insertVerification(trx, row.id, {
      type: 'pan', isMock: false, documentMasked: maskPan(parsed.pan),
      status: result.ok ? 'verified' : 'failed', failureReason: result.ok ? null : result.reason,
    }, context.now));
}

/** The GSTIN's own PAN (characters 3-12) is the holder's. Errors as verifySubAccountPan. */
export async function verifySubAccountGst(
  context: HeadlessKycContext,
  parent: AccountPrincipal,
  subAuthId: string,
  gstinText: string,
): Promise<VerificationResult> {
  const gstin = parseGstin(gstinText);
  if (!gstin) throw new DomainError('bad_request', 'gstin must be a valid 15-character GSTIN');
  const subAccount = await getSubAccount(context.db, parent, subAuthId);
  const result = await askProvider(() => context.provider.verifyGstin({
    gstin, pan: gstin.slice(2, 12), legalName: subAccount.name,
  }));
  return withVerification(context.db, parent, subAuthId, context.now, (trx, row) =>
    insertVerification(trx, row.id, {
      type: 'gst', isMock: false, documentMasked: maskGstin(gstin),
      status: result.ok ? 'verified' : 'failed', failureReason: result.ok ? null : result.reason,
    }, context.now));
}

/** Candidate companies for a name (no verification is written). Errors: not_found, provider_error. */
export async function searchSubAccountCompanies(
  context: { db: Executor; provider: IdentityProvider },
  parent: AccountPrincipal,
  subAuthId: string,
  companyName: string,
) {
  await getSubAccount(context.db, parent, subAuthId);
  const companies = await askProvider(() =>
    context.provider.searchCompanies({ name: companyName, limit: KYC_COMPANY_CANDIDATES_MAX }));
  return { company_name: companyName, companies: companies.slice(0, KYC_COMPANY_CANDIDATES_MAX) };
}

/** Errors: bad_request (not a CIN), not_found, provider_error. */
export async function confirmSubAccountCin(
  context: HeadlessKycContext,
  parent: AccountPrincipal,
  subAuthId: string,
  input: { companyName: string; cin: string },
): Promise<VerificationResult> {
  const cin = parseCin(input.cin);
  if (!cin) throw new DomainError('bad_request', 'selected_cin must be a 21-character CIN');
  await getSubAccount(context.db, parent, subAuthId);
  const result = await askProvider(() =>
    context.provider.verifyCin({ cin, companyName: input.companyName }));
  return withVerification(context.db, parent, subAuthId, context.now, (trx, row) =>
    insertVerification(trx, row.id, {
      type: 'cin', isMock: false, documentMasked: cin,
      status: result.ok ? 'verified' : 'failed', failureReason: result.ok ? null : result.reason,
    }, context.now));
}

/**
 * Starts DigiLocker consent: a pending aadhaar verification waits on the access request id.
 * Errors: validation_failed (malformed redirect URL), not_found, provider_error.
 */
export async function startSubAccountDigiLocker(
  context: HeadlessKycContext,
  parent: AccountPrincipal,
  subAuthId: string,
  input: { redirectUrl: string; state?: string | undefined },
) {
  assertRedirectUrl(['body', 'redirect_url'], input.redirectUrl);
  await getSubAccount(context.db, parent, subAuthId);
  const consent = await askProvider(() => context.provider.startDigiLockerConsent(input));
  const result = await withVerification(context.db, parent, subAuthId, context.now, (trx, row) =>
    insertVerification(trx, row.id, {
      type: 'aadhaar', isMock: false, status: 'pending', accessRequestId: consent.accessRequestId,
    }, context.now));
  return { ...result, access_request_id: consent.accessRequestId, authorization_url: consent.authUrl };
}

/**
 * Reads the consent's outcome and finishes the pending aadhaar verification waiting on it (a
 * consent still pending leaves it pending). Errors: not_found (no such pending request of this
 * sub-account), provider_error.
 */
export async function completeSubAccountDigiLocker(
  context: HeadlessKycContext,
  parent: AccountPrincipal,
  subAuthId: string,
  accessRequestId: string,
): Promise<VerificationResult> {
  const subAccount = await getSubAccount(context.db, parent, subAuthId);
  const waiting = await context.db.selectFrom('kyc_verifications').select('id')
    .where('sub_account_id', '=', subAccount.id).where('access_request_id', '=', accessRequestId)
    .where('status', '=', 'pending').where('is_mock', '=', false).executeTakeFirst();
  if (!waiting) throw notFound('Pending DigiLocker request');
  const result = await askProvider(() => context.provider.completeDigiLockerConsent({ accessRequestId }));
  if (!result.ok && result.reason === 'consent_pending') {
    return withVerification(context.db, parent, subAuthId, context.now, async () => ({
      type: 'aadhaar', isMock: false, status: 'pending', accessRequestId,
    }));
  }
  return withVerification(context.db, parent, subAuthId, context.now, async (trx, row) => {
    const finished = await finishPendingVerification(trx, row.id,
      { type: 'aadhaar', isMock: false, accessRequestId },
      result.ok
        ? { status: 'verified', failureReason: null, documentMasked: `XXXXXXXX${result.aadhaarLastFour}` }
        : { status: 'failed', failureReason: result.reason },
      context.now);
    if (!finished) throw notFound('Pending DigiLocker request');
    return finished;
  });
}
