/** Small, named queries over KYC sessions; use cases in kyc-sessions.ts and the widget's. */
import type { Executor } from '../../db/database';
import type { KycReminderRule } from '../../db/schema';
import { DAY_MS } from '../clock';
import { digestToken } from '../secrets';

/** A session with its account's public id (every wire shape and webhook carries it). */
/** Sessions joined to their account, before any columns are chosen. */
export function sessionsWithAccounts(db: Executor) {
  return db.selectFrom('kyc_sessions as s').innerJoin('accounts as a', 'a.id', 's.account_id');
}

export function sessionRows(db: Executor) {
  return sessionsWithAccounts(db).selectAll('s').select('a.auth_id as account_auth_id');
}

export type KycSessionRow = Awaited<
  ReturnType<ReturnType<typeof sessionRows>['executeTakeFirstOrThrow']>
>;

/** The partner's account, locked: creating sessions for one account is serialized by it. */
export async function lockAccountOfPartner(db: Executor, partnerId: string, authId: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'auth_id', 'name'])
    .where('partner_id', '=', partnerId)
    .where('auth_id', '=', authId)
    .forUpdate()
    .executeTakeFirst();
}

export async function findActiveSessionIdOfAccount(db: Executor, accountId: string) {
  const row = await db
    .selectFrom('kyc_sessions')
    .select('id')
    .where('account_id', '=', accountId)
    .where('status', 'in', ['email_sent', 'link_ready', 'opened', 'in_progress'])
    .executeTakeFirst();
  return row?.id;
}

export async function insertSessionToken(
  db: Executor,
  sessionId: string,
  token: string,
  now: Date,
) {
  await db
    .insertInto('kyc_session_tokens')
    .values({ token_digest: digestToken(token), kyc_session_id: sessionId, created_at: now })
    .execute();
}

/** The session a widget token opens, whatever its status; undefined for an unknown token. */
export async function findSessionByToken(db: Executor, token: string) {
  return sessionRows(db)
    .innerJoin('kyc_session_tokens as t', 't.kyc_session_id', 's.id')
    .where('t.token_digest', '=', digestToken(token))
    .executeTakeFirst();
}

/** One row per reminder, due `value` days before expiry. */
export async function insertReminders(
  db: Executor,
  sessionId: string,
  rules: readonly KycReminderRule[],
  expiresAt: Date,
) {
  if (rules.length === 0) return;
  await db
    .insertInto('kyc_reminders')
    .values(rules.map((rule) => ({
      kyc_session_id: sessionId,
      days_before_expiry: rule.value,
      due_at: new Date(expiresAt.getTime() - rule.value * DAY_MS),
    })))
    .execute();
}
