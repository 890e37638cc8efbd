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

/**
 * Live calls of one sub-account, attributed as their CDRs will be (cdrs/ingest-rating.ts): by
 * the number on the call's DID side (called inbound, calling outbound) being assigned to the
 * sub-account, as it is now. A call whose DID side is no number of the sub-account (an outbound
 * caller ID sent in another form, or a trunk's call without a DID) is the parent's.
 */
export async function countSubAccountLiveCalls(
  db: Executor,
  accountId: string,
  subAccountId: string,
): Promise<number> {
  const { rows } = await sql<{ live: number }>`
    select count(*)::int as live from edge_calls c
    join phone_numbers n on n.account_id = c.account_id and n.e164 = case c.call_direction
      when 'inbound' then c.destination_number else c.caller_id_number end
    where c.account_id = ${accountId} and c.is_admitted and c.ended_at is null
      and n.sub_account_id = ${subAccountId}`.execute(db);
  return rows[0]!.live;
}
