/**
 * A partner's console users: e-mail + password logins, owner or staff. Staff work the console
 * but cannot see or rotate tokens and secrets. Every query is scoped by the partner.
 */
import type { Executor } from '../../db/database';
import type { ConsoleRole } from '../../db/schema';
import { isUniqueViolation } from '../../db/errors';
import { findPasswordProblem, isEmailAddress } from '../accounts/account-rules';
import { DomainError, type FieldProblem, notFound } from '../errors';
import { isUuid } from '../ids';
import type { PartnerPrincipal } from '../principals';
import { hashPassword } from '../secrets';

export interface PartnerUserInput {
  email: string;
  password: string;
  role: ConsoleRole;
}

function findUserProblems(input: PartnerUserInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isEmailAddress(input.email)) {
    const msg = 'value is not a valid email address';
    problems.push({ loc: ['body', 'email'], msg, input: input.email });
  }
  const passwordProblem = findPasswordProblem(input.password);
  if (passwordProblem) problems.push({ loc: ['body', 'password'], msg: passwordProblem });
  return problems;
}

/** Errors: validation_failed (e-mail, password), conflict (the e-mail has a login already). */
export async function createPartnerUser(
  db: Executor,
  partner: PartnerPrincipal,
  input: PartnerUserInput,
) {
  const problems = findUserProblems(input);
  if (problems.length > 0) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, problems);
  }
  try {
    return await db.insertInto('partner_users')
      .values({
        partner_id: partner.id,
        email: input.email,
        password_hash: await hashPassword(input.password),
        role: input.role,
      })
      .returning(['id', 'email', 'role', 'created_at'])
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error, 'partner_users_email_unique')) {
      throw new DomainError('conflict', 'A console user with this email already exists');
    }
    throw error;
  }
}

/** All of them: a partner has a handful (no page needed, but bounded by the caller's limit). */
export function listPartnerUsers(db: Executor, partner: PartnerPrincipal, limit: number) {
  return db.selectFrom('partner_users')
    .select(['id', 'email', 'role', 'created_at'])
    .where('partner_id', '=', partner.id)
    .orderBy('created_at').orderBy('id')
    .limit(limit)
    .execute();
}

/** Its sessions end with it (FK cascade). Errors: not_found. */
export async function deletePartnerUser(db: Executor, partner: PartnerPrincipal, id: string) {
  const deleted = isUuid(id)
    ? await db.deleteFrom('partner_users')
      .where('id', '=', id).where('partner_id', '=', partner.id)
      .returning('id').executeTakeFirst()
    : undefined;
  if (!deleted) throw notFound('Console user');
}
