/**
 * Whose CDRs a principal may read: a partner one of its customers (by auth id) or all of them;
 * a customer its own; a sub-account only the calls attributed to it.
 */
import type { Executor } from '../../db/database';
import { notFound } from '../errors';
import type { AccountPrincipal, PartnerPrincipal } from '../principals';
import type { CdrScope } from './cdr-filters';

export function accountCdrScope(account: AccountPrincipal): CdrScope {
  return account.subAccount
    ? { accountId: account.id, subAccountId: account.subAccount.id }
    : { accountId: account.id };
}

/** The partner's customer `authId` as a CDR scope. Errors: not_found (absent or not theirs). */
export async function getPartnerAccountScope(
  db: Executor,
  partner: PartnerPrincipal,
  authId: string,
) {
  const account = await db.selectFrom('accounts').select(['id', 'auth_id'])
    .where('auth_id', '=', authId).where('partner_id', '=', partner.id).executeTakeFirst();
  if (!account) throw notFound('Account');
  return { accountId: account.id, authId: account.auth_id };
}
