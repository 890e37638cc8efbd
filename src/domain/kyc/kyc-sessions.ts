/**
 * KYC sessions of a partner (vobiz-api.md 1.9): create (auto-revoking the account's active
 * session), read, list, resend the e-mail, revoke. Every query is scoped by the partner, so
 * another partner's account or session is "not found".
 */
import type { Database, DatabaseTransaction, Executor } from '../../db/database';
import type { KycSessionStatus } from '../../db/schema';
import {
  KYC_EXPIRES_IN_DAYS_DEFAULT,
  KYC_RESEND_COOLDOWN_SECONDS,
} from '../../limits';
import { type Clock, DAY_MS } from '../clock';
import { DomainError, notFound } from '../errors';
import { isUuid } from '../ids';
import { queueEmail } from '../mail/outbound-emails';
import type { PartnerPrincipal } from '../principals';
import { upsertWebhookEndpoint } from '../webhooks/webhook-events';
import {
  findActiveSessionIdOfAccount,
  insertReminders,
  type KycSessionRow,
  lockAccountOfPartner,
  sessionRows,
  sessionsWithAccounts,
  SUBJECT_AUTH_ID,
} from './kyc-sessions.queries';
import { mintWidgetLink } from './kyc-links';
import {
  type CreateKycSessionInput,
  findKycSessionProblems,
  type UrlCheckOptions,
} from './kyc-session-rules';
import { ACTIVE_KYC_STATUSES, isTerminal, transitionSession } from './session-states';

export interface KycSessionContext extends UrlCheckOptions {
  clock: Clock;
  publicBaseUrl: string;
}

export interface CreatedKycSession {
  session: KycSessionRow;
  /** Redirect flow only: the link to send the customer's browser to (shown once). */
  widgetUrl: string | null;
}

export const SUPERSEDED_REASON = 'superseded by a newer session for the same account';

/**
 * Creates a session. Email flow: queues the invite (sent by a job) and starts the resend
 * cooldown. Redirect flow: mints the widget link. An active session of the same account is
 * revoked in the same transaction (its kyc.session_revoked webhook too); the account row lock
 * serializes concurrent creates. Errors: validation_failed, not_found (account).
 */
export async function createKycSession(
  db: Database,
  context: KycSessionContext,
  partner: PartnerPrincipal,
  input: CreateKycSessionInput,
): Promise<CreatedKycSession> {
  await assertValidSessionInput(input, context);
  return db.transaction().execute(async (trx) => {
    const account = await lockAccountOfPartner(trx, partner.id, input.account_auth_id);
    if (!account) throw notFound('Account');
    const subject = { partnerId: partner.id, accountId: account.id, subAccountId: null };
    return openKycSession(trx, context, subject, input);
  });
}

export async function assertValidSessionInput(
  input: CreateKycSessionInput,
  context: KycSessionContext,
): Promise<void> {
  const problems = await findKycSessionProblems(input, context);
  if (problems.length > 0) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, problems);
  }
}

/** Whose KYC a session runs: an account, or one of its sub-accounts. */
export interface KycSubject {
  partnerId: string;
  accountId: string;
  subAccountId: string | null;
}

/**
 * The session itself, in the caller's transaction (which holds the subject's row lock): the
 * subject's active session revoked, the new row, its webhook endpoint, invite or widget link.
 */
export async function openKycSession(
  trx: DatabaseTransaction,
  context: KycSessionContext,
  subject: KycSubject,
  input: CreateKycSessionInput,
): Promise<CreatedKycSession> {
  const flow = input.flow_type ?? 'email';
  const now = context.clock();
  const days = input.expires_in_days ?? KYC_EXPIRES_IN_DAYS_DEFAULT;
  const expiresAt = new Date(now.getTime() + days * DAY_MS);
  const reminders = input.reminder_schedule ?? [];
  const previousId = await findActiveSessionIdOfAccount(trx, subject.accountId, subject.subAccountId);
  if (previousId) {
    const guard = { sessionId: previousId, now };
    await transitionSession(trx, guard, 'revoked', { revoke_reason: SUPERSEDED_REASON });
  }
  const { id } = await trx.insertInto('kyc_sessions').values({
    partner_id: subject.partnerId,
    account_id: subject.accountId,
    sub_account_id: subject.subAccountId,
    flow_type: flow,
    customer_email: flow === 'email' ? input.customer_email! : null,
    redirect_url: flow === 'redirect' ? input.redirect_url! : null,
    webhook_url: input.webhook_url ?? null,
    status: flow === 'email' ? 'email_sent' : 'link_ready',
    expires_at: expiresAt,
    reminder_schedule: JSON.stringify(reminders),
    metadata: input.metadata === undefined ? null : JSON.stringify(input.metadata),
    last_email_sent_at: flow === 'email' ? now : null,
    created_at: now,
    updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  // Naming the URL again re-enables an endpoint that once answered 410.
  if (input.webhook_url) {
    await upsertWebhookEndpoint(trx, subject.partnerId, input.webhook_url, now, true);
  }
  let widgetUrl: string | null = null;
  if (flow === 'email') {
    // Reminders are e-mails, so the redirect flow (no address) keeps its schedule unsent.
    await insertReminders(trx, id, reminders, expiresAt);
    await queueEmail(trx, {
      partnerId: subject.partnerId, kycSessionId: id, kind: 'kyc_invite',
      to: input.customer_email!, now,
    });
  } else {
    widgetUrl = (await mintWidgetLink(trx, context.publicBaseUrl, id, now)).url;
  }
  const session = await sessionRows(trx).where('s.id', '=', id).executeTakeFirstOrThrow();
  return { session, widgetUrl };
}

/** Errors: not_found (unknown, malformed or another partner's id). */
export async function getKycSession(db: Executor, partner: PartnerPrincipal, sessionId: string) {
  const session = isUuid(sessionId)
    ? await sessionRows(db)
      .where('s.id', '=', sessionId)
      .where('s.partner_id', '=', partner.id)
      .executeTakeFirst()
    : undefined;
  if (!session) throw notFound('KYC session');
  return session;
}

export interface KycSessionQuery {
  page: number;
  size: number;
  status?: KycSessionStatus | undefined;
  accountAuthId?: string | undefined;
}

/** Newest first. */
export async function listKycSessions(
  db: Executor,
  partner: PartnerPrincipal,
  query: KycSessionQuery,
) {
  // One filtered query serves both the page and its total, so the two cannot disagree.
  let filtered = sessionsWithAccounts(db).where('s.partner_id', '=', partner.id);
  if (query.status) filtered = filtered.where('s.status', '=', query.status);
  if (query.accountAuthId) filtered = filtered.where('a.auth_id', '=', query.accountAuthId);
  const [page, total] = await Promise.all([
    filtered.selectAll('s').select(SUBJECT_AUTH_ID)
      .orderBy('s.created_at', 'desc').orderBy('s.id', 'desc')
      .limit(query.size).offset((query.page - 1) * query.size).execute(),
    filtered.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: page, total: Number(total.n) };
}

/**
 * Sends the invite again. The cooldown is claimed in SQL (one conditional UPDATE of
 * last_email_sent_at), so two concurrent resends send one e-mail. Errors: not_found,
 * bad_request (redirect flow), conflict (terminal or past expiry), rate_limited (cooldown,
 * with the exact seconds left).
 */
export async function resendKycEmail(
  db: Database,
  clock: Clock,
  partner: PartnerPrincipal,
  sessionId: string,
): Promise<KycSessionRow> {
  const session = await getKycSession(db, partner, sessionId);
  const now = clock();
  const cooldownStart = new Date(now.getTime() - KYC_RESEND_COOLDOWN_SECONDS * 1000);
  const sent = await db.transaction().execute(async (trx) => {
    const claimed = await trx.updateTable('kyc_sessions')
      .set({ last_email_sent_at: now, updated_at: now })
      .where('id', '=', session.id)
      .where('flow_type', '=', 'email')
      .where('status', 'in', ACTIVE_KYC_STATUSES)
      .where('expires_at', '>', now)
      .where((eb) => eb.or([
        eb('last_email_sent_at', 'is', null),
        eb('last_email_sent_at', '<=', cooldownStart),
      ]))
      .returning(['id', 'customer_email'])
      .executeTakeFirst();
    if (!claimed) return false;
    await queueEmail(trx, {
      partnerId: partner.id, kycSessionId: claimed.id, kind: 'kyc_invite',
      to: claimed.customer_email!, now,
    });
    return true;
  });
  if (sent) return getKycSession(db, partner, sessionId);
  throw await resendRefusal(db, partner, sessionId, now);
}

/** Why a resend was refused, read after the claim failed (the order is Vobiz's matrix). */
async function resendRefusal(
  db: Database,
  partner: PartnerPrincipal,
  sessionId: string,
  now: Date,
): Promise<DomainError> {
  const session = await getKycSession(db, partner, sessionId);
  if (session.flow_type === 'redirect') {
    return new DomainError('bad_request', 'Resend is not available for redirect-flow sessions - ' +
      'no email is associated with this session.');
  }
  // Past expires_at but not swept yet: it is expired all the same.
  const pastExpiry = session.expires_at <= now && !isTerminal(session.status);
  const status = pastExpiry ? 'expired' : session.status;
  if (isTerminal(status)) {
    return new DomainError('conflict', `Cannot resend: session is '${status}'`);
  }
  const lastSent = session.last_email_sent_at ?? now;
  const elapsedMs = now.getTime() - lastSent.getTime();
  const seconds = Math.max(1, Math.ceil(KYC_RESEND_COOLDOWN_SECONDS - elapsedMs / 1000));
  return new DomainError('rate_limited',
    `Email was sent recently. Please wait ${seconds} seconds before resending.`,
    { retry_after_seconds: seconds });
}

/**
 * Revokes an active session: its links stop working at once and kyc.session_revoked is
 * recorded. Errors: not_found; conflict when the session is already terminal.
 */
export async function revokeKycSession(
  db: Database,
  clock: Clock,
  partner: PartnerPrincipal,
  sessionId: string,
  reason: string | undefined,
): Promise<KycSessionRow> {
  if (!isUuid(sessionId)) throw notFound('KYC session');
  const now = clock();
  const result = await db.transaction().execute((trx) =>
    transitionSession(trx, { sessionId, now, partnerId: partner.id }, 'revoked', {
      revoke_reason: reason ?? null,
    }));
  if (result.ok) return result.session;
  if (result.current === undefined) throw notFound('KYC session');
  throw new DomainError('conflict', `Session is already in terminal status: '${result.current}'`);
}

