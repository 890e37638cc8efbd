/**
 * Sub-accounts of a customer account (vobiz-sdk-surface.md 2). The parent is the principal:
 * every query is scoped by its account id, so another customer's sub-account is not found.
 * A sub-account's token is shown once, at creation, and stored only as a digest; deleting the
 * sub-account removes the digest in the same UPDATE, so its credentials die at once.
 */
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { BusinessType, KycMode } from '../../db/schema';
import { PASSWORD_LENGTH_MIN, SUB_ACCOUNTS_PER_ACCOUNT_MAX } from '../../limits';
import { DomainError, notFound } from '../errors';
import { newAuthToken, newSubAccountAuthId } from '../ids';
import { retryOnAuthIdCollision } from '../partners/partners';
import type { AccountPrincipal } from '../principals';
import { digestToken, hashPassword } from '../secrets';
import { type SubAccountRow, subAccountRows } from './sub-accounts.queries';

export interface CreateSubAccountInput {
  name: string;
  email?: string | undefined;
  password?: string | undefined;
  kyc_mode?: KycMode | undefined;
  business_type?: BusinessType | undefined;
  enabled?: boolean | undefined;
}

export interface UpdateSubAccountInput {
  name?: string | undefined;
  enabled?: boolean | undefined;
  kyc_mode?: KycMode | undefined;
}

const EMAIL_REQUIRED = 'email is required when kyc_mode is customer_use';

/**
 * Creates a sub-account with fresh SA_ credentials. Guarantees: at most
 * SUB_ACCOUNTS_PER_ACCOUNT_MAX live sub-accounts per parent, also under concurrency (the parent
 * row is locked while counting). Errors: forbidden (a sub-account cannot create one), bad_request
 * (customer_use without email), validation_failed (short password), conflict (limit).
 */
export async function createSubAccount(
  db: Database,
  parent: AccountPrincipal,
  input: CreateSubAccountInput,
  now: Date,
): Promise<{ subAccount: SubAccountRow; authToken: string }> {
  assertIsParent(parent);
  const kycMode = input.kyc_mode ?? 'personal_use';
  if (kycMode === 'customer_use' && !input.email) throw new DomainError('bad_request', EMAIL_REQUIRED);
  if (input.password !== undefined && input.password.length < PASSWORD_LENGTH_MIN) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, [{
      loc: ['body', 'password'], msg: `password must have at least ${PASSWORD_LENGTH_MIN} characters`,
    }]);
  }
  const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
  const token = newAuthToken();
  const id = await retryOnAuthIdCollision('sub_accounts_auth_id_unique', () =>
    db.transaction().execute(async (trx) => {
      await assertParentHasRoom(trx, parent.id);
      const row = await trx.insertInto('sub_accounts').values({
        auth_id: newSubAccountAuthId(),
        account_id: parent.id,
        name: input.name,
        email: input.email ?? null,
        password_hash: passwordHash,
        kyc_mode: kycMode,
        business_type: input.business_type ?? null,
        is_enabled: input.enabled ?? true,
        auth_token_digest: digestToken(token),
        created_at: now,
        updated_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    }));
  const subAccount = await subAccountRows(db, parent.id).where('sa.id', '=', id).executeTakeFirstOrThrow();
  return { subAccount, authToken: token };
}

export function assertIsParent(principal: AccountPrincipal): void {
  if (principal.subAccount) {
    throw new DomainError('forbidden', 'Sub-account credentials cannot manage sub-accounts');
  }
}

async function assertParentHasRoom(trx: Executor, accountId: string): Promise<void> {
  await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate()
    .executeTakeFirstOrThrow();
  const { n } = await trx.selectFrom('sub_accounts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId).where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(n) >= SUB_ACCOUNTS_PER_ACCOUNT_MAX) {
    throw new DomainError('conflict',
      `Sub-account limit reached (at most ${SUB_ACCOUNTS_PER_ACCOUNT_MAX} per account)`);
  }
}

/** Newest first; `total` counts the live sub-accounts. */
export async function listSubAccounts(
  db: Executor,
  parent: AccountPrincipal,
  query: { page: number; size: number },
) {
  assertIsParent(parent);
  const rows = subAccountRows(db, parent.id);
  const [page, total] = await Promise.all([
    rows.orderBy('sa.created_at', 'desc').orderBy('sa.id', 'desc')
      .limit(query.size).offset((query.page - 1) * query.size).execute(),
    db.selectFrom('sub_accounts').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('account_id', '=', parent.id).where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return { rows: page, total: Number(total.n) };
}

/** Errors: not_found (unknown, deleted, or another account's). */
export async function getSubAccount(
  db: Executor,
  parent: AccountPrincipal,
  authId: string,
): Promise<SubAccountRow> {
  assertIsParent(parent);
  const row = await subAccountRows(db, parent.id).where('sa.auth_id', '=', authId).executeTakeFirst();
  if (!row) throw notFound('Sub-account');
  return row;
}

/**
 * Renames, enables/disables or changes kyc_mode (kyc_calls_blocked follows on the next read:
 * it is derived). Promoting to customer_use needs an email on file (the guard is in the UPDATE,
 * and the CHECK sub_accounts_customer_use_has_email holds it again). Errors: not_found,
 * bad_request (customer_use without email).
 */
export async function updateSubAccount(
  db: Executor,
  parent: AccountPrincipal,
  authId: string,
  input: UpdateSubAccountInput,
  now: Date,
): Promise<SubAccountRow> {
  const current = await getSubAccount(db, parent, authId);
  const updated = await db.updateTable('sub_accounts')
    .set({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.enabled === undefined ? {} : { is_enabled: input.enabled }),
      ...(input.kyc_mode === undefined ? {} : { kyc_mode: input.kyc_mode }),
      updated_at: now,
    })
    .where('id', '=', current.id)
    .where('deleted_at', 'is', null)
    .where((eb) => input.kyc_mode === 'customer_use' ? eb('email', 'is not', null) : sql<boolean>`true`)
    .returning('id')
    .executeTakeFirst();
  if (!updated) {
    if (input.kyc_mode === 'customer_use' && current.email === null) {
      throw new DomainError('bad_request', EMAIL_REQUIRED);
    }
    throw notFound('Sub-account');
  }
  return getSubAccount(db, parent, authId);
}
