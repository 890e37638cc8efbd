/** Small, named queries over KYC sessions; use cases in kyc-sessions.ts and the widget's. */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { KycReminderRule } from '../../db/schema';
import { DAY_MS } from '../clock';
import { digestToken } from '../secrets';

/** Sessions joined to their account (and sub-account), before any columns are chosen. */
export function sessionsWithAccounts(db: Executor) {
  return db.selectFrom('kyc_sessions as s').innerJoin('accounts as a', 'a.id', 's.account_id')
    .leftJoin('sub_accounts as sa', 'sa.id', 's.sub_account_id');
}

/**
 * The session subject's public id (every wire shape and webhook carries it): the sub-account's
 * SA_ id for a sub-account's session, else the account's MA_ id.
 */
export const SUBJECT_AUTH_ID = sql<string>`coalesce(sa.auth_id, a.auth_id)`.as('account_auth_id');

export function sessionRows(db: Executor) {
  return sessionsWithAccounts(db).selectAll('s').select(SUBJECT_AUTH_ID);
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

/** The active session of the account itself (`subAccountId` null) or of one of its sub-accounts. */
export async function findActiveSessionIdOfAccount(
  db: Executor,
  accountId: string,
  subAccountId: string | null = null,
) {
  const row = await db
    .selectFrom('kyc_sessions')
    .select('id')
    .where('account_id', '=', accountId)
    .where('sub_account_id', subAccountId === null ? 'is' : '=', subAccountId)
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
