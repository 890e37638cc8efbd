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

/** Live calls of every account of a partner, by account id (accounts without calls absent). */
export async function countLiveCallsByAccount(
  db: Executor,
  partnerId: string,
): Promise<Map<string, number>> {
  const { rows } = await sql<{ account_id: string; live: number }>`
    select account_id, count(*)::int as live from edge_calls
    where partner_id = ${partnerId} and is_admitted and ended_at is null
    group by account_id`.execute(db);
  return new Map(rows.map((row) => [row.account_id, row.live]));
}
