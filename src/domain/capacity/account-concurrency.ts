/**
 * An account's live calls against its concurrent-call limit (GET /Account/{id}/concurrency). A
 * sub-account has no limit of its own: it draws on its parent's, so its answer is its own live
 * calls against the parent's limit.
 */
import type { Executor } from '../../db/database';
import { accountLimitsOf } from '../accounts/account-limits';
import { countLiveCalls, countSubAccountLiveCalls } from '../calls/live-calls';
import type { AccountPrincipal } from '../principals';

export interface AccountConcurrency {
  concurrentCalls: number;
  maxConcurrent: number;
  /** Percent of the limit in use, 2 decimals; 0 when the limit is 0. */
  utilizationPct: number;
}

export async function getAccountConcurrency(
  db: Executor,
  account: AccountPrincipal,
): Promise<AccountConcurrency> {
  const row = await db.selectFrom('accounts')
    .select([
      'base_cps_limit', 'base_concurrent_calls_limit', 'allocated_cps',
      'allocated_concurrent_calls', 'purchased_cps', 'purchased_concurrent_calls',
    ])
    .where('id', '=', account.id).executeTakeFirstOrThrow();
  const maxConcurrent = accountLimitsOf(row).concurrent_calls_limit;
  const concurrentCalls = account.subAccount
    ? await countSubAccountLiveCalls(db, account.id, account.subAccount.id)
    : await countLiveCalls(db, account.id);
  const utilizationPct = maxConcurrent === 0
    ? 0
    : Math.round((concurrentCalls / maxConcurrent) * 10_000) / 100;
  return { concurrentCalls, maxConcurrent, utilizationPct };
}
