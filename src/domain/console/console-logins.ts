/**
 * Who a console login names. Partners sign in with their auth id + token or as one of their
 * console users (e-mail + password); customers with their e-mail + password or auth id + token;
 * the operator with the operator token. Each finder answers undefined for every kind of wrong
 * (unknown name, wrong secret, inactive), so the page cannot tell which part was wrong, and
 * failures count towards a per-name and a per-IP limit.
 */
import { timingSafeEqual } from 'node:crypto';
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import {
  CONSOLE_LOGIN_FAILURES_IP_MAX,
  CONSOLE_LOGIN_FAILURES_MAX,
  CONSOLE_LOGIN_WINDOW_MINUTES,
} from '../../limits';
import { findAccountByCredentials, findPartnerByCredentials } from '../auth/credentials';
import { digestToken, hashPassword, verifyPassword } from '../secrets';
import type { SessionSubject } from './console-sessions';

const WINDOW = sql`make_interval(mins => ${CONSOLE_LOGIN_WINDOW_MINUTES})`;

export type LoginKind = 'partner' | 'customer' | 'operator';

export interface LoginAttempt {
  kind: LoginKind;
  /** Auth id or e-mail; ignored for the operator. */
  identifier: string;
  /** Token or password. */
  secret: string;
}

/**
 * A hash of nothing anyone knows: an unknown e-mail still costs one scrypt, so timing does not
 * tell which e-mails have a login.
 */
const decoyHash = hashPassword(`decoy-${Date.now()}-${Math.random()}`);

async function passwordMatches(password: string, stored: string | undefined): Promise<boolean> {
  const matches = await verifyPassword(password, stored ?? (await decoyHash));
  return matches && stored !== undefined;
}

async function findPartnerSubject(
  db: Executor,
  attempt: LoginAttempt,
): Promise<SessionSubject | undefined> {
  if (attempt.identifier.startsWith('PA_')) {
    const partner = await findPartnerByCredentials(db, attempt.identifier, attempt.secret);
    if (!partner?.isActive) return undefined;
    return { kind: 'partner', partnerId: partner.id, role: 'owner' };
  }
  const user = await db.selectFrom('partner_users as u')
    .innerJoin('partners as p', 'p.id', 'u.partner_id')
    .select(['u.id', 'u.partner_id', 'u.role', 'u.password_hash', 'p.is_active'])
    .where((eb) => eb(eb.fn('lower', ['u.email']), '=', attempt.identifier.toLowerCase()))
    .executeTakeFirst();
  const matches = await passwordMatches(attempt.secret, user?.password_hash);
  if (!matches || !user?.is_active) return undefined;
  return { kind: 'partner', partnerId: user.partner_id, partnerUserId: user.id, role: user.role };
}

async function findCustomerSubject(
  db: Executor,
  attempt: LoginAttempt,
): Promise<SessionSubject | undefined> {
  if (attempt.identifier.startsWith('MA_')) {
    const account = await findAccountByCredentials(db, attempt.identifier, attempt.secret);
    return account?.isActive ? { kind: 'account', accountId: account.id } : undefined;
  }
  const row = await db.selectFrom('accounts as a')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .select(['a.id', 'a.password_hash', 'a.status', 'p.is_active'])
    .where((eb) => eb(eb.fn('lower', ['a.email']), '=', attempt.identifier.toLowerCase()))
    .executeTakeFirst();
  if (!(await passwordMatches(attempt.secret, row?.password_hash))) return undefined;
  if (row?.status !== 'active' || !row.is_active) return undefined;
  return { kind: 'account', accountId: row.id };
}

/** The subject these credentials name, or undefined (for any reason). */
export async function findLoginSubject(
  db: Executor,
  operatorTokenDigest: Buffer,
  attempt: LoginAttempt,
): Promise<SessionSubject | undefined> {
  switch (attempt.kind) {
    case 'partner':
      return findPartnerSubject(db, attempt);
    case 'customer':
      return findCustomerSubject(db, attempt);
    case 'operator':
      return timingSafeEqual(digestToken(attempt.secret), operatorTokenDigest)
        ? { kind: 'operator' }
        : undefined;
  }
}

function subjectsOf(attempt: LoginAttempt, ip: string): { name: string; ip: string } {
  const who = attempt.kind === 'operator' ? 'operator' : attempt.identifier.toLowerCase();
  return { name: `login:${attempt.kind}:${who}`, ip: `ip:${ip}` };
}

/**
 * True while the name or the IP has had too many failures within the window: the attempt is
 * refused before any secret is checked. Two racing attempts may both pass the check; the limit
 * is a brake on guessing, not an exact count.
 */
export async function isLoginThrottled(
  db: Executor,
  attempt: LoginAttempt,
  ip: string,
): Promise<boolean> {
  const subjects = subjectsOf(attempt, ip);
  const { rows } = await sql<{ by_name: string; by_ip: string }>`
    select count(*) filter (where subject = ${subjects.name})::text as by_name,
           count(*) filter (where subject = ${subjects.ip})::text as by_ip
    from console_login_failures
    where subject in (${subjects.name}, ${subjects.ip})
      and failed_at > now() - ${WINDOW}`.execute(db);
  const counts = rows[0]!;
  return Number(counts.by_name) >= CONSOLE_LOGIN_FAILURES_MAX
    || Number(counts.by_ip) >= CONSOLE_LOGIN_FAILURES_IP_MAX;
}

/**
 * Counts a failure against the name and the IP. Failures past the window are ignored by
 * isLoginThrottled and deleted in bounded batches by the console_sessions_sweep job.
 */
export async function recordLoginFailure(
  db: Executor,
  attempt: LoginAttempt,
  ip: string,
): Promise<void> {
  const subjects = subjectsOf(attempt, ip);
  await db.insertInto('console_login_failures')
    .values([{ subject: subjects.name }, { subject: subjects.ip }])
    .execute();
}

/** A success forgives the name's earlier failures (not the IP's). */
export async function clearLoginFailures(
  db: Executor,
  attempt: LoginAttempt,
  ip: string,
): Promise<void> {
  await db.deleteFrom('console_login_failures')
    .where('subject', '=', subjectsOf(attempt, ip).name)
    .execute();
}
