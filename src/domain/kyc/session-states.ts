/**
 * The KYC session status machine, in one place (vobiz-api.md 1.9):
 *
 *   email_sent | link_ready -> opened -> in_progress -> kyc_completed | kyc_failed
 *   any of the four active statuses -> revoked | expired
 *
 * Every status change goes through transitionSession: one conditional UPDATE
 * (`WHERE status = ANY(allowed sources)`), so two concurrent changes cannot both win and a
 * terminal status is never overwritten. The database trigger kyc_sessions_check_transition
 * holds the same table a second time. Side effects ride in the same transaction: the webhook
 * event of a terminal status and, on kyc_completed, the account's kyc_status. A sub-account's
 * session also reports kyc.submitted (in_progress) and records its outcome as the
 * sub-account's KYC verifications instead of touching the parent's kyc_status.
 */
import assert from 'node:assert/strict';
import type { DatabaseTransaction } from '../../db/database';
import type { KycSessionStatus, KycWidgetStep, WebhookEventType } from '../../db/schema';
import { recordWebhookEvent } from '../webhooks/webhook-events';
import { recordHostedKycOutcome } from './kyc-verifications';
import { type KycSessionRow, sessionRows } from './kyc-sessions.queries';

export const ACTIVE_KYC_STATUSES = ['email_sent', 'link_ready', 'opened', 'in_progress'] as const;
export const TERMINAL_KYC_STATUSES = ['kyc_completed', 'kyc_failed', 'revoked', 'expired'] as const;
export const KYC_SESSION_STATUSES = [...ACTIVE_KYC_STATUSES, ...TERMINAL_KYC_STATUSES] as const;

/** For each status, the statuses a session may enter it from. Entry statuses have none. */
export const KYC_TRANSITIONS: Readonly<Record<KycSessionStatus, readonly KycSessionStatus[]>> = {
  email_sent: [],
  link_ready: [],
  opened: ['email_sent', 'link_ready'],
  in_progress: ['opened'],
  kyc_completed: ['in_progress'],
  kyc_failed: ['in_progress'],
  revoked: ACTIVE_KYC_STATUSES,
  expired: ACTIVE_KYC_STATUSES,
};

const EVENT_OF_STATUS: Partial<Record<KycSessionStatus, WebhookEventType>> = {
  kyc_completed: 'kyc.completed',
  kyc_failed: 'kyc.failed',
  revoked: 'kyc.session_revoked',
  expired: 'kyc.session_expired',
};

/** An ended session keeps nothing it needed only to continue. */
const ENDED_COLUMNS = {
  pan_sealed: null, digilocker_request_id: null, widget_step: 'finished' as const,
};

export function isTerminal(status: KycSessionStatus): boolean {
  return (TERMINAL_KYC_STATUSES as readonly string[]).includes(status);
}

export function canTransition(from: KycSessionStatus, to: KycSessionStatus): boolean {
  return KYC_TRANSITIONS[to].includes(from);
}

/** Columns a step may write besides the status (JSON values are serialized here). */
export interface SessionChanges {
  kyc_type?: 'individual' | 'company';
  verified_data?: Record<string, unknown>;
  widget_step?: KycWidgetStep;
  pan_sealed?: string | null;
  digilocker_request_id?: string | null;
  digilocker_masked_mobile?: string | null;
  failure_reason?: string;
  revoke_reason?: string | null;
}

export interface SessionGuard {
  sessionId: string;
  now: Date;
  /** Only this partner's session (API calls). */
  partnerId?: string;
  /** Only from this widget step: a stale page or a double post finds nothing. */
  fromStep?: KycWidgetStep;
  /** 'due': only once expires_at has passed (expiry); 'live': only before (customer steps). */
  expiry?: 'due' | 'live';
}

export type TransitionResult =
  | { ok: true; session: KycSessionRow }
  | { ok: false; current: KycSessionStatus | undefined };

function toColumns(changes: SessionChanges) {
  const { verified_data: verified, ...rest } = changes;
  return verified === undefined ? rest : { ...rest, verified_data: JSON.stringify(verified) };
}

/** An UPDATE of the guarded session; the caller adds .set() and its status condition. */
function guarded(trx: DatabaseTransaction, guard: SessionGuard) {
  let update = trx.updateTable('kyc_sessions').where('id', '=', guard.sessionId);
  if (guard.partnerId !== undefined) update = update.where('partner_id', '=', guard.partnerId);
  if (guard.fromStep !== undefined) update = update.where('widget_step', '=', guard.fromStep);
  if (guard.expiry === 'due') update = update.where('expires_at', '<=', guard.now);
  if (guard.expiry === 'live') update = update.where('expires_at', '>', guard.now);
  return update;
}

/**
 * Moves a session to `to` if its current status allows it (and the guard holds). On a
 * terminal status: ended_at is set, the sealed PAN and DigiLocker ids are erased, and the
 * webhook event is recorded with its delivery; on kyc_completed the account's kyc_status
 * becomes `completed`. All in `trx`. When nothing matched, `current` says why (undefined:
 * no such session for this guard).
 */
export async function transitionSession(
  trx: DatabaseTransaction,
  guard: SessionGuard,
  to: KycSessionStatus,
  changes: SessionChanges = {},
): Promise<TransitionResult> {
  const allowed = KYC_TRANSITIONS[to];
  assert.ok(allowed.length > 0, `${to} is an entry status, not a transition target`);
  const now = guard.now;
  const ending = isTerminal(to);
  const values = {
    ...toColumns(changes),
    status: to,
    updated_at: now,
    ...(to === 'opened' ? { first_opened_at: now } : {}),
    ...(to === 'kyc_completed' ? { completed_at: now } : {}),
    ...(ending ? ENDED_COLUMNS : {}),
    ...(ending ? { ended_at: now } : {}),
  };
  const updated = await guarded(trx, guard)
    .set(values)
    .where('status', 'in', allowed)
    .returning('id')
    .executeTakeFirst();
  if (!updated) return { ok: false, current: await currentStatus(trx, guard) };
  const session = await sessionRows(trx).where('s.id', '=', updated.id).executeTakeFirstOrThrow();
  assert.equal(session.status, to);
  const subAccountId = session.sub_account_id;
  if (subAccountId !== null && (to === 'kyc_completed' || to === 'kyc_failed')) {
    const outcome = to === 'kyc_completed' ? 'verified' : 'failed';
    await recordHostedKycOutcome(trx, { ...session, sub_account_id: subAccountId }, outcome, now);
  } else if (to === 'kyc_completed') {
    await trx.updateTable('accounts')
      .set({ kyc_status: 'completed', updated_at: now })
      .where('id', '=', session.account_id)
      .execute();
  }
  const event = subAccountId !== null && to === 'in_progress' ? 'kyc.submitted' : EVENT_OF_STATUS[to];
  if (event) await recordSessionEvent(trx, session, event, now);
  return { ok: true, session };
}

/**
 * The session's webhook event; a sub-account's is signed (X-Vobiz-Signature) with its parent's
 * auth token, as Vobiz signs sub-account KYC webhooks.
 */
export async function recordSessionEvent(
  trx: DatabaseTransaction,
  session: KycSessionRow,
  event: WebhookEventType,
  now: Date,
): Promise<void> {
  await recordWebhookEvent(trx, {
    partnerId: session.partner_id,
    type: event,
    kycSessionId: session.id,
    payload: toWebhookPayload(event, session, now),
    url: session.webhook_url,
    now,
    signingAccountId: session.sub_account_id === null ? null : session.account_id,
  });
}

/**
 * Records progress inside in_progress (a verified step, the next widget page) without a status
 * change. Undefined when the session is no longer in_progress at `fromStep`, or has expired.
 */
export async function updateSessionProgress(
  trx: DatabaseTransaction,
  guard: SessionGuard & { fromStep: KycWidgetStep },
  changes: SessionChanges,
): Promise<boolean> {
  const updated = await guarded(trx, { ...guard, expiry: 'live' })
    .set({ ...toColumns(changes), updated_at: guard.now })
    .where('status', '=', 'in_progress')
    .returning('id')
    .executeTakeFirst();
  return updated !== undefined;
}

/** Counts a wrong OTP; the new count, or undefined when the session left the OTP step. */
export async function countOtpAttempt(trx: DatabaseTransaction, guard: SessionGuard) {
  const row = await guarded(trx, { ...guard, fromStep: 'otp', expiry: 'live' })
    .set((eb) => ({ otp_attempts: eb('otp_attempts', '+', 1), updated_at: guard.now }))
    .where('status', '=', 'in_progress')
    .returning('otp_attempts')
    .executeTakeFirst();
  return row?.otp_attempts;
}

async function currentStatus(trx: DatabaseTransaction, guard: SessionGuard) {
  let query = trx.selectFrom('kyc_sessions').select('status').where('id', '=', guard.sessionId);
  if (guard.partnerId !== undefined) query = query.where('partner_id', '=', guard.partnerId);
  return (await query.executeTakeFirst())?.status;
}

/**
 * The superset of Vobiz's partner and sub-account webhook payloads (vobiz-api.md 1.9), so a
 * receiver written for either finds its fields. verified_data holds masked values only.
 */
export function toWebhookPayload(event: WebhookEventType, session: KycSessionRow, now: Date) {
  return {
    event,
    timestamp: now.toISOString(),
    session_id: session.id,
    account_auth_id: session.account_auth_id,
    customer_email: session.customer_email,
    kyc_type: session.kyc_type,
    status: session.status,
    session_status: session.status,
    reason: session.failure_reason ?? session.revoke_reason ?? null,
    metadata: session.metadata,
    verified_data: session.verified_data,
    created_at: session.created_at.toISOString(),
    updated_at: session.updated_at.toISOString(),
  };
}
