/** A customer's view of its own wallet. */
import type { Executor } from '../../db/database';
import { notFound } from '../errors';
import type { AccountPrincipal } from '../principals';

/** The account's wallet in `currency`; not_found for any other currency. */
export async function getAccountWallet(db: Executor, account: AccountPrincipal, currency: string) {
  const wallet = await db
    .selectFrom('wallets as w')
    .innerJoin('accounts as a', 'a.id', 'w.account_id')
    .select(['w.balance_id', 'w.currency', 'w.balance', 'w.updated_at', 'a.created_at'])
    .where('w.account_id', '=', account.id)
    .where('w.currency', '=', currency)
    .executeTakeFirst();
  if (!wallet) throw notFound(`Balance in ${currency}`);
  return wallet;
}
