/**
 * GET /auth/me with SA_ credentials: the sub-account's own identity and KYC standing, beside its
 * parent's account row, whose limits it draws on and whose pricing tier rates its calls.
 */
import assert from 'node:assert/strict';
import type { Executor } from '../../db/database';
import { getOwnAccountWithoutToken } from '../accounts/accounts';
import { notFound } from '../errors';
import type { AccountPrincipal } from '../principals';
import { subAccountRows } from './sub-accounts.queries';

/**
 * `account` must be a sub-account's principal. Errors: not_found (deleted since the request
 * was authenticated).
 */
export async function getSubAccountProfile(db: Executor, account: AccountPrincipal) {
  assert(account.subAccount, 'a sub-account principal');
  const [parent, subAccount] = await Promise.all([
    getOwnAccountWithoutToken(db, account),
    subAccountRows(db, account.id).where('sa.id', '=', account.subAccount.id).executeTakeFirst(),
  ]);
  if (!subAccount) throw notFound('Sub-account');
  return { parent, subAccount };
}
