/**
 * Server-side console sessions. The browser holds a random token; the row holds its SHA-256
 * digest, so a database read does not yield a usable cookie. A session ends at logout, after
 * CONSOLE_SESSION_IDLE_MINUTES without a request, CONSOLE_SESSION_LIFETIME_HOURS after login,
 * and at the first request after its partner is deactivated or its customer suspended.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { ConsoleRole } from '../../db/schema';
import {
  CONSOLE_SESSION_IDLE_MINUTES,
  CONSOLE_SESSION_LIFETIME_HOURS,
  CONSOLE_SESSION_TOUCH_SECONDS,
} from '../../limits';
import { findAccountById, findPartnerById } from '../auth/credentials';
import { newConsoleSessionToken } from '../ids';
import type { AccountPrincipal, PartnerPrincipal } from '../principals';
import { digestToken } from '../secrets';

const IDLE = sql`make_interval(mins => ${CONSOLE_SESSION_IDLE_MINUTES})`;
const LIFETIME = sql`make_interval(hours => ${CONSOLE_SESSION_LIFETIME_HOURS})`;
const TOUCH = sql`make_interval(secs => ${CONSOLE_SESSION_TOUCH_SECONDS})`;

export type SessionSubject =
  | { kind: 'partner'; partnerId: string; partnerUserId?: string; role: ConsoleRole }
  | { kind: 'account'; accountId: string }
  | { kind: 'operator' };

export type ConsolePrincipal =
  | { kind: 'partner'; partner: PartnerPrincipal; role: ConsoleRole }
  | { kind: 'account'; account: AccountPrincipal }
  | { kind: 'operator' };

export interface ConsoleSession {
  id: string;
  principal: ConsolePrincipal;
}

/** Starts a session for a verified subject; returns the cookie's token (never stored). */
export async function startConsoleSession(db: Executor, subject: SessionSubject): Promise<string> {
  const token = newConsoleSessionToken();
  await db.insertInto('console_sessions')
    .values({
      token_digest: digestToken(token),
      principal_kind: subject.kind,
      partner_id: subject.kind === 'partner' ? subject.partnerId : null,
      partner_user_id: subject.kind === 'partner' ? subject.partnerUserId ?? null : null,
      account_id: subject.kind === 'account' ? subject.accountId : null,
      // Only partner users can be staff; every other login is the owner of what it sees.
      role: subject.kind === 'partner' ? subject.role : 'owner',
    })
    .execute();
  return token;
}

async function principalOf(
  db: Executor,
  row: {
    principal_kind: string;
    partner_id: string | null;
    account_id: string | null;
    role: ConsoleRole;
  },
): Promise<ConsolePrincipal | undefined> {
  if (row.principal_kind === 'operator') return { kind: 'operator' };
  if (row.principal_kind === 'partner') {
    const partner = await findPartnerById(db, row.partner_id!);
    return partner?.isActive ? { kind: 'partner', partner, role: row.role } : undefined;
  }
  const account = await findAccountById(db, row.account_id!);
  return account?.isActive ? { kind: 'account', account } : undefined;
}

/**
 * The live session this token opens, or undefined. A session past its idle or absolute limit,
 * or whose principal is no longer active, is deleted here: the next request is signed out.
 */
export async function findConsoleSession(
  db: Executor,
  token: string,
): Promise<ConsoleSession | undefined> {
  const row = await db.selectFrom('console_sessions')
    .select(['id', 'principal_kind', 'partner_id', 'account_id', 'role'])
    .select(sql<boolean>`last_seen_at > now() - ${IDLE} and created_at > now() - ${LIFETIME}`
      .as('is_live'))
    .select(sql<boolean>`last_seen_at < now() - ${TOUCH}`.as('is_stale'))
    .where('token_digest', '=', digestToken(token))
    .executeTakeFirst();
  if (!row) return undefined;
  const principal = row.is_live ? await principalOf(db, row) : undefined;
  if (!principal) {
    await db.deleteFrom('console_sessions').where('id', '=', row.id).execute();
    return undefined;
  }
  if (row.is_stale) {
    await db.updateTable('console_sessions').set({ last_seen_at: sql<Date>`now()` })
      .where('id', '=', row.id).execute();
  }
  return { id: row.id, principal };
}

export async function endConsoleSession(db: Executor, token: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_digest', '=', digestToken(token)).execute();
}

/**
 * The CSRF token of the forms a browser holding `cookieToken` is shown: derived, not stored,
 * and useless without the cookie (a one-way function of a secret the attacker lacks).
 */
export function csrfTokenFor(cookieToken: string): string {
  return createHash('sha256').update(`console-csrf\0${cookieToken}`).digest('base64url');
}
