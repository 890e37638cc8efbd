/**
 * The kyc_verifications record of a sub-account, shared by live and test-mode headless KYC:
 * write one verification (or finish a pending one) and recompute the sub-account's kyc_status,
 * in one transaction that holds the sub-account's row lock, so concurrent steps serialize and
 * the aggregate always matches the rows.
 */
import type { Database, DatabaseTransaction, Executor } from '../../db/database';
import type {
  KycVerificationStatus,
  KycVerificationType,
  SubAccountKycStatus,
} from '../../db/schema';
import { notFound } from '../errors';
import type { AccountPrincipal } from '../principals';
import { isKycCallsBlocked } from '../sub-accounts/call-admission';
import { getSubAccount } from '../sub-accounts/sub-accounts';
import type { SubAccountRow } from '../sub-accounts/sub-accounts.queries';
import { aggregateKycStatus, KYC_VERIFICATION_TYPES, type LatestVerifications } from './kyc-verification-rules';

export interface VerificationInput {
  type: KycVerificationType;
  status: KycVerificationStatus;
  isMock: boolean;
  documentMasked?: string | null;
  failureReason?: string | null;
  accessRequestId?: string | null;
}

export interface VerificationResult {
  verification_type: KycVerificationType;
  status: KycVerificationStatus;
  overall_status: SubAccountRow['kyc_status'];
  kyc_calls_blocked: boolean;
  failure_reason: string | null;
  mock?: true;
}

/** Runs `write` with the live sub-account locked, recomputes its kyc_status, returns the result. */
export async function withVerification(
  db: Database,
  parent: AccountPrincipal,
  subAuthId: string,
  now: Date,
  write: (trx: DatabaseTransaction, subAccount: SubAccountRow) => Promise<VerificationInput>,
): Promise<VerificationResult> {
  const subAccount = await getSubAccount(db, parent, subAuthId);
  return db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('sub_accounts').select('id')
      .where('id', '=', subAccount.id).where('deleted_at', 'is', null)
      .forUpdate().executeTakeFirst();
    if (!locked) throw notFound('Sub-account');
    const verification = await write(trx, subAccount);
    const kycStatus = await recomputeKycStatus(trx, subAccount.id, now);
    return {
      verification_type: verification.type,
      status: verification.status,
      overall_status: kycStatus,
      kyc_calls_blocked: isKycCallsBlocked({ ...subAccount, kyc_status: kycStatus }),
      failure_reason: verification.failureReason ?? null,
      ...(verification.isMock ? { mock: true as const } : {}),
    };
  });
}

/** Sets the sub-account's kyc_status from its verifications; the caller holds its row lock. */
export async function recomputeKycStatus(
  trx: DatabaseTransaction,
  subAccountId: string,
  now: Date,
): Promise<SubAccountKycStatus> {
  const { business_type: businessType } = await trx.selectFrom('sub_accounts')
    .select('business_type').where('id', '=', subAccountId).executeTakeFirstOrThrow();
  const kycStatus = aggregateKycStatus(businessType, await latestVerifications(trx, subAccountId));
  await trx.updateTable('sub_accounts').set({ kyc_status: kycStatus, updated_at: now })
    .where('id', '=', subAccountId).execute();
  return kycStatus;
}

/**
 * A sub-account's hosted KYC session ended (in the transition's transaction): completed, each
 * step the widget verified becomes a verification; failed, the step it failed at does. Then
 * kyc_status is recomputed, so the widget and the headless API share one record.
 */
export async function recordHostedKycOutcome(
  trx: DatabaseTransaction,
  session: {
    sub_account_id: string;
    kyc_type: string | null;
    verified_data: unknown;
    failure_reason: string | null;
  },
  outcome: 'verified' | 'failed',
  now: Date,
): Promise<void> {
  await trx.selectFrom('sub_accounts').select('id').where('id', '=', session.sub_account_id)
    .forUpdate().executeTakeFirstOrThrow();
  const data = (session.verified_data ?? {}) as HostedVerifiedData;
  const steps: KycVerificationType[] = session.kyc_type === 'company' ? ['pan', 'gst'] : ['pan', 'aadhaar'];
  const completed = steps.filter((step) => data.completed_steps?.includes(step));
  for (const type of completed) {
    await insertVerification(trx, session.sub_account_id, {
      type, status: 'verified', isMock: false, documentMasked: maskedDocumentOf(type, data),
    }, now);
  }
  const failedAt = steps.find((step) => !completed.includes(step));
  if (outcome === 'failed' && failedAt !== undefined) {
    await insertVerification(trx, session.sub_account_id, {
      type: failedAt, status: 'failed', isMock: false, failureReason: session.failure_reason ?? 'failed',
    }, now);
  }
  await recomputeKycStatus(trx, session.sub_account_id, now);
}

interface HostedVerifiedData {
  completed_steps?: string[];
  pan_number?: string;
  masked_aadhaar?: string;
}

function maskedDocumentOf(type: KycVerificationType, data: HostedVerifiedData): string | null {
  if (type === 'pan') return data.pan_number ?? null;
  if (type === 'aadhaar') return data.masked_aadhaar ?? null;
  return null;
}

/** Inserts one verification row. */
export async function insertVerification(
  trx: DatabaseTransaction,
  subAccountId: string,
  input: VerificationInput,
  now: Date,
): Promise<VerificationInput> {
  await trx.insertInto('kyc_verifications').values({
    sub_account_id: subAccountId,
    verification_type: input.type,
    status: input.status,
    is_mock: input.isMock,
    document_masked: input.documentMasked ?? null,
    failure_reason: input.failureReason ?? null,
    access_request_id: input.accessRequestId ?? null,
    created_at: now,
    updated_at: now,
  }).execute();
  return input;
}

/**
 * Finishes the most recent pending verification of `type` (optionally the one waiting on
 * `accessRequestId`, and only mocks or only live ones). Undefined when there is none.
 */
export async function finishPendingVerification(
  trx: DatabaseTransaction,
  subAccountId: string,
  match: { type: KycVerificationType; isMock: boolean; accessRequestId?: string },
  outcome: { status: KycVerificationStatus; failureReason: string | null; documentMasked?: string },
  now: Date,
): Promise<VerificationInput | undefined> {
  let pending = trx.selectFrom('kyc_verifications').select('id')
    .where('sub_account_id', '=', subAccountId)
    .where('verification_type', '=', match.type)
    .where('is_mock', '=', match.isMock)
    .where('status', '=', 'pending');
  if (match.accessRequestId !== undefined) {
    pending = pending.where('access_request_id', '=', match.accessRequestId);
  }
  const latest = await pending.orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!latest) return undefined;
  const row = await trx.updateTable('kyc_verifications')
    .set({
      status: outcome.status,
      failure_reason: outcome.failureReason,
      ...(outcome.documentMasked === undefined ? {} : { document_masked: outcome.documentMasked }),
      updated_at: now,
    })
    .where('id', '=', latest.id)
    .returning(['verification_type', 'status', 'is_mock', 'failure_reason', 'access_request_id'])
    .executeTakeFirstOrThrow();
  return {
    type: row.verification_type, status: row.status, isMock: row.is_mock,
    failureReason: row.failure_reason, accessRequestId: row.access_request_id,
  };
}

/** The latest status of each verification type (one index range per type). */
async function latestVerifications(db: Executor, subAccountId: string): Promise<LatestVerifications> {
  const rows = await db.selectFrom('kyc_verifications')
    .distinctOn('verification_type')
    .select(['verification_type', 'status'])
    .where('sub_account_id', '=', subAccountId)
    .orderBy('verification_type').orderBy('id', 'desc')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.verification_type, row.status]));
}

/** GET …/kyc/status: the aggregate and each type's latest status. Errors: not_found. */
export async function getSubAccountKycStatus(db: Executor, parent: AccountPrincipal, subAuthId: string) {
  const subAccount = await getSubAccount(db, parent, subAuthId);
  const latest = await latestVerifications(db, subAccount.id);
  return {
    sub_account_id: subAccount.auth_id,
    kyc_mode: subAccount.kyc_mode,
    // The clients type it `string` when present: an unset business type is left out, not null.
    ...(subAccount.business_type === null ? {} : { business_type: subAccount.business_type }),
    overall_status: subAccount.kyc_status,
    kyc_calls_blocked: isKycCallsBlocked(subAccount),
    verifications: Object.fromEntries(KYC_VERIFICATION_TYPES.map((type) =>
      [type, latest[type] ?? 'not_started'])) as Record<KycVerificationType, SubAccountKycStatus>,
  };
}
