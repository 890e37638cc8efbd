/** The edge's queries: policy look-ups and the edge_calls rows (one statement each). */
import { sql } from 'kysely';
import type { DatabaseTransaction, Executor } from '../../db/database';
import type { EdgeCallsTable } from '../../db/schema';

export interface TrunkPolicyRow {
  trunk_id: string;
  trunk_status: string;
  trunk_direction: string;
  trunk_concurrent_limit: number;
  trunk_cps_limit: number;
  account_id: string;
  partner_id: string;
  account_status: string;
  kyc_status: string;
  country: string;
  account_concurrent_limit: number;
  account_cps_limit: number;
}

const POLICY_COLUMNS = sql`
  t.id as trunk_id, t.trunk_status, t.trunk_direction,
  t.concurrent_calls_limit as trunk_concurrent_limit, t.cps_limit as trunk_cps_limit,
  a.id as account_id, a.partner_id, a.status as account_status, a.kyc_status, a.country,
  a.base_concurrent_calls_limit + a.allocated_concurrent_calls as account_concurrent_limit,
  a.base_cps_limit + a.allocated_cps as account_cps_limit`;

/**
 * The trunk the edge authenticated a PBX for, if it still has the domain the PBX dialled, and
 * the refusal its calls get now ('' when none): the rule of the view the edge caches.
 */
export async function findTrunkPolicy(db: Executor, trunkId: string, domain: string) {
  const { rows } = await sql<TrunkPolicyRow & { refusal: string }>`
    select ${POLICY_COLUMNS}, p.refusal
    from edge.trunk_policies p
    join trunks t on t.id = p.trunk_id
    join accounts a on a.id = t.account_id
    where p.trunk_id = ${trunkId} and p.domain = ${domain}`.execute(db);
  return rows[0];
}

export interface NumberPolicyRow extends TrunkPolicyRow {
  number_status: string;
  primary_uri: string | null;
  fallback_uri: string | null;
}

/** The owned number `e164`, the account owning it and the trunk (if any) it is routed to. */
export async function findNumberPolicy(db: Executor, e164: string) {
  const { rows } = await sql<Omit<NumberPolicyRow, 'trunk_id'> & { trunk_id: string | null }>`
    select ${POLICY_COLUMNS}, n.status as number_status,
      pu.uri as primary_uri, fu.uri as fallback_uri
    from phone_numbers n
    join accounts a on a.id = n.account_id
    left join trunks t on t.id = n.trunk_id
    left join origination_uris pu on pu.id = t.primary_uri_id and pu.enabled
    left join origination_uris fu on fu.id = t.fallback_uri_id and fu.enabled
    where n.e164 = ${e164}`.execute(db);
  return rows[0];
}

/** Whether `e164` is a number `accountId` owns and has in service. */
export async function isOwnedNumber(db: Executor, accountId: string, e164: string) {
  const row = await db.selectFrom('phone_numbers').select('id')
    .where('e164', '=', e164).where('account_id', '=', accountId).where('status', '=', 'active')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * An admission commits without waiting for its WAL flush, so the account's admission lock is
 * held for milliseconds, not for a disk flush (which capped one account at ~25 CPS on a busy
 * disk). Nothing billable can be lost by it: the answer stamp Kamailio writes later is a
 * synchronous commit, which flushes this admission's WAL first; only a crash of PostgreSQL
 * itself within ~200 ms could forget an admission, whose call then was never answered.
 */
export async function commitWithoutFlushWait(trx: DatabaseTransaction) {
  await sql`set local synchronous_commit = off`.execute(trx);
}

/**
 * Serialises admissions of one account (its trunks are its own), so counting then inserting
 * cannot race, on any number of edges. Advisory, so API writes to the account never wait.
 */
export async function lockAccountAdmissions(trx: DatabaseTransaction, accountId: string) {
  await sql`select pg_advisory_xact_lock(${EDGE_LOCK_CLASS}, ${Number(accountId)}::int)`
    .execute(trx);
}

/** An arbitrary constant naming this lock family among advisory locks (two-int form). */
const EDGE_LOCK_CLASS = 12_0050;

export interface AdmissionCounts {
  balance: string;
  reserved: string;
  account_live: number;
  trunk_live: number;
  account_last_second: number;
  trunk_last_second: number;
}

/** What the limits count, read under lockAccountAdmissions: one round trip. */
export async function countAdmissions(
  trx: DatabaseTransaction,
  accountId: string,
  trunkId: string,
) {
  const { rows } = await sql<AdmissionCounts>`
    select
      (select balance from wallets where account_id = ${accountId}) as balance,
      (select coalesce(sum(reserved_cost), 0) from edge_calls
        where account_id = ${accountId} and is_admitted and ingested_at is null) as reserved,
      (select count(*)::int from edge_calls
        where account_id = ${accountId} and is_admitted and ended_at is null) as account_live,
      (select count(*)::int from edge_calls
        where trunk_id = ${trunkId} and is_admitted and ended_at is null) as trunk_live,
      (select count(*)::int from edge_calls where account_id = ${accountId} and is_admitted
        and started_at > clock_timestamp() - interval '1 second') as account_last_second,
      (select count(*)::int from edge_calls where trunk_id = ${trunkId} and is_admitted
        and started_at > clock_timestamp() - interval '1 second') as trunk_last_second`
    .execute(trx);
  return rows[0]!;
}

/** What the policy knows of a call when it admits or refuses it. */
export type EdgeCallInsert = Pick<EdgeCallsTable, 'call_uuid' | 'edge_id' | 'account_id'
  | 'partner_id' | 'trunk_id' | 'call_direction' | 'caller_id_number' | 'destination_number'
  | 'sip_call_id' | 'sip_user_agent' | 'source_address' | 'terminated_to'>;

export async function insertAdmittedCall(
  trx: DatabaseTransaction,
  call: EdgeCallInsert,
  maxDurationSeconds: number,
  reservedCost: string,
) {
  await trx.insertInto('edge_calls').values({
    ...call, is_admitted: true, max_duration_seconds: maxDurationSeconds,
    reserved_cost: reservedCost,
  }).execute();
}

/** A refused attempt: ended at once, with the SIP answer the edge gives. */
export async function insertRefusedCall(
  db: Executor,
  call: EdgeCallInsert,
  code: number,
  reason: string,
) {
  await sql`insert into edge_calls (call_uuid, edge_id, account_id, partner_id, trunk_id,
      call_direction, caller_id_number, destination_number, sip_call_id, sip_user_agent,
      source_address, terminated_to, is_admitted, ended_at, final_code, final_reason,
      hangup_source)
    values (${call.call_uuid}, ${call.edge_id}, ${call.account_id}, ${call.partner_id},
      ${call.trunk_id}, ${call.call_direction}, ${call.caller_id_number},
      ${call.destination_number}, ${call.sip_call_id}, ${call.sip_user_agent},
      ${call.source_address}, ${call.terminated_to}, false, clock_timestamp(), ${code},
      ${reason}, 'refused')`.execute(db);
}
