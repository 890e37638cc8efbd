/** Calls in progress per account: what the concurrency view and call admission count. */
import type { Executor } from '../../db/database';

/** The account's calls now in progress. */
export async function countLiveCalls(_db: Executor, _accountId: string): Promise<number> {
  return 0; // No live call state exists yet: the SIP edge supplies live calls.
}
