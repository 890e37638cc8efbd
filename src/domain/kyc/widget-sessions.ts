/**
 * The hosted widget's view of a session, reached by its token. This module loads a live
 * session (unknown token -> not found; ended or past expiry -> gone, expiring it on the spot so
 * the link dies exactly at expires_at), opens it on first load, and says which page the
 * customer is on. The steps that move it forward are in widget-steps.ts.
 */
import type { Database } from '../../db/database';
import { KYC_OTP_ATTEMPTS_MAX } from '../../limits';
import type { Clock } from '../clock';
import { KYC_SESSION_TOKEN_PATTERN } from '../ids';
import type { Sealer } from '../secrets';
import type { IdentityProvider } from './identity-providers';
import { findSessionByToken, type KycSessionRow } from './kyc-sessions.queries';
import { redirectBackUrl } from './kyc-links';
import { isTerminal, transitionSession } from './session-states';

export interface WidgetContext {
  db: Database;
  sealer: Sealer;
  clock: Clock;
  provider: IdentityProvider;
}

export const KYC_FAILURE_REASONS = [
  'name_mismatch', 'invalid_document', 'otp_invalid', 'too_many_attempts',
] as const;
export type KycFailureReason = (typeof KYC_FAILURE_REASONS)[number];

export type WidgetPage =
  | { step: 'pan'; error?: string; pan?: string }
  | { step: 'unsupported_pan'; maskedPan: string }
  | {
    step: 'individual_details';
    maskedPan: string;
    error?: string;
    errorField?: 'name' | 'dateOfBirth';
    values?: { name?: string; dateOfBirth?: string };
  }
  | { step: 'digilocker_consent'; error?: string }
  | { step: 'otp'; maskedMobile: string; attemptsLeft: number; error?: string }
  | {
    step: 'company_details';
    maskedPan: string;
    error?: string;
    errorField?: 'legalName' | 'gstin';
    values?: { legalName?: string; gstin?: string };
  };

export type WidgetOutcome =
  | { kind: 'not_found' }
  /** The session ended earlier (or just expired): the link no longer works. */
  | { kind: 'gone'; status: 'expired' | 'revoked' | 'completed' }
  | { kind: 'gone_failed'; reason: KycFailureReason; redirectUrl?: string }
  /** This request ended it. Redirect flow: redirectUrl is where the browser goes now. */
  | {
    kind: 'finished';
    status: 'kyc_completed' | 'kyc_failed';
    reason?: KycFailureReason;
    redirectUrl?: string;
  }
  /** Progress saved: show the current step (post/redirect/get). */
  | { kind: 'advance' }
  /** A page to show; `invalid` when it re-asks after bad input. */
  | { kind: 'page'; page: WidgetPage; invalid?: boolean };

export interface WidgetResult {
  outcome: WidgetOutcome;
  /** The partner's redirect_url, whose origin the page's CSP must allow as a form target. */
  redirectUrl?: string;
}

export type LiveSession = { session: KycSessionRow } | { result: WidgetResult };

const TOKEN_REGEX = new RegExp(KYC_SESSION_TOKEN_PATTERN);

function failureReasonOf(session: KycSessionRow): KycFailureReason {
  const stored = KYC_FAILURE_REASONS.find((reason) => reason === session.failure_reason);
  return stored ?? 'invalid_document';
}

export function withRedirect(session: KycSessionRow, outcome: WidgetOutcome): WidgetResult {
  return session.redirect_url ? { outcome, redirectUrl: session.redirect_url } : { outcome };
}

function goneResult(session: KycSessionRow): WidgetResult {
  if (session.status === 'kyc_failed') {
    const back = session.redirect_url ? redirectBackUrl(session.redirect_url, session) : undefined;
    const reason = failureReasonOf(session);
    const outcome = {
      kind: 'gone_failed' as const, reason, ...(back ? { redirectUrl: back } : {}),
    };
    return withRedirect(session, outcome);
  }
  const status = session.status === 'kyc_completed'
    ? 'completed'
    : session.status === 'revoked' ? 'revoked' : 'expired';
  return withRedirect(session, { kind: 'gone', status });
}

/** The session behind `token` if it can still be used; otherwise what to show instead. */
export async function loadLiveSession(context: WidgetContext, token: string): Promise<LiveSession> {
  const notFound: LiveSession = { result: { outcome: { kind: 'not_found' } } };
  if (!TOKEN_REGEX.test(token)) return notFound;
  const session = await findSessionByToken(context.db, token);
  if (!session) return notFound;
  if (isTerminal(session.status)) return { result: goneResult(session) };
  const now = context.clock();
  if (session.expires_at <= now) {
    // The sweep may not have run yet; the link must die at expires_at all the same.
    await context.db.transaction().execute((trx) =>
      transitionSession(trx, { sessionId: session.id, now, expiry: 'due' }, 'expired'));
    const ended = await findSessionByToken(context.db, token);
    return { result: goneResult(ended ?? session) };
  }
  return { session };
}

/** After a guarded update found nothing: the session moved on; show where it is now. */
export async function reloadResult(context: WidgetContext, token: string): Promise<WidgetResult> {
  const live = await loadLiveSession(context, token);
  return 'result' in live ? live.result : withRedirect(live.session, { kind: 'advance' });
}

/** GET /kyc/verify: marks the session opened on first load, then shows its current page. */
export async function openWidget(context: WidgetContext, token: string): Promise<WidgetResult> {
  const live = await loadLiveSession(context, token);
  if ('result' in live) return live.result;
  let { session } = live;
  if (session.status === 'email_sent' || session.status === 'link_ready') {
    const now = context.clock();
    const opened = await context.db.transaction().execute((trx) =>
      transitionSession(trx, { sessionId: session.id, now, expiry: 'live' }, 'opened'));
    // A concurrent first load may have opened it already; its page is the same either way.
    if (opened.ok) session = opened.session;
  }
  return withRedirect(session, { kind: 'page', page: currentPage(session) });
}

export function maskedPanOf(session: KycSessionRow): string {
  const masked = session.verified_data?.pan_number;
  return typeof masked === 'string' ? masked : 'XXXXXXXXXX';
}

/** The page of the session's widget step. */
export function currentPage(session: KycSessionRow): WidgetPage {
  switch (session.widget_step) {
    case 'individual_details':
      return { step: 'individual_details', maskedPan: maskedPanOf(session) };
    case 'digilocker_consent':
      return { step: 'digilocker_consent' };
    case 'otp':
      return {
        step: 'otp',
        maskedMobile: session.digilocker_masked_mobile ?? '',
        attemptsLeft: Math.max(0, KYC_OTP_ATTEMPTS_MAX - session.otp_attempts),
      };
    case 'company_details':
      return { step: 'company_details', maskedPan: maskedPanOf(session) };
    default:
      return { step: 'pan' };
  }
}

/** The outcome of the request that ended the session. */
export function finishedResult(session: KycSessionRow, reason?: KycFailureReason): WidgetResult {
  const status = session.status === 'kyc_completed' ? 'kyc_completed' : 'kyc_failed';
  const redirectUrl = session.redirect_url
    ? redirectBackUrl(session.redirect_url, session)
    : undefined;
  return withRedirect(session, {
    kind: 'finished',
    status,
    ...(reason ? { reason } : {}),
    ...(redirectUrl ? { redirectUrl } : {}),
  });
}
