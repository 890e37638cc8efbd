/**
 * Live calls: what the SIP edge is carrying right now, as dialtone's own record of admitted
 * calls that have not ended (edge_calls, written on admission and on the edge's end report).
 * The same rows the concurrency limits count, so what a customer sees is what limits them.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';

/** Live calls of one account (the internal account id, accounts.id). */
export async function countLiveCalls(db: Executor, accountId: string): Promise<number> {
  const { rows } = await sql<{ live: number }>`
    select count(*)::int as live from edge_calls
    where account_id = ${accountId} and is_admitted and ended_at is null`.execute(db);
  return rows[0]!.live;
}
