/** The edge's queries: policy look-ups and the edge_calls rows (one statement each). */
import { sql } from 'kysely';
import type { DatabaseTransaction, Executor } from '../../db/database';
import type { EdgeCallsTable } from '../../db/schema';
import type { CallBudget } from './call-budgets';

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
  /** The trunk has a webhook_url: its admissions queue CallInitiated. */
  trunk_announces_calls: boolean;
}

const POLICY_COLUMNS = sql`
  t.id as trunk_id, t.trunk_status, t.trunk_direction,
  t.concurrent_calls_limit as trunk_concurrent_limit, t.cps_limit as trunk_cps_limit,
  a.id as account_id, a.partner_id, a.status as account_status, a.kyc_status, a.country,
  a.base_concurrent_calls_limit + a.allocated_concurrent_calls as account_concurrent_limit,
  a.base_cps_limit + a.allocated_cps as account_cps_limit,
  t.webhook_url is not null as trunk_announces_calls`;

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
 * A refused attempt commits without waiting for its WAL flush, as admissions do (inside
 * edge_admit_call), so a refusal costs no disk flush (flushes capped one account at ~25 CPS on
 * a busy disk). Nothing billable can be lost by it: the answer stamp Kamailio writes later is a
 * synchronous commit, which flushes an admission's WAL first; only a crash of PostgreSQL itself
 * within ~200 ms could forget an attempt, whose call then was never answered.
 */
export async function commitWithoutFlushWait(trx: DatabaseTransaction) {
  await sql`set local synchronous_commit = off`.execute(trx);
}

/** What the policy knows of a call when it admits or refuses it. */
export type EdgeCallInsert = Pick<EdgeCallsTable, 'call_uuid' | 'edge_id' | 'account_id'
  | 'partner_id' | 'trunk_id' | 'call_direction' | 'caller_id_number' | 'destination_number'
  | 'sip_call_id' | 'sip_user_agent' | 'source_address' | 'terminated_to'>;

/** A limit that refused an admission, or why edge_admit_call wants to be asked again. */
export type AdmissionRefusal = 'trunk_concurrent' | 'account_concurrent' | 'partner_concurrent'
  | 'trunk_cps' | 'account_cps' | 'partner_cps' | 'balance' | 'budget' | 'retry';

export interface AdmissionLimits {
  trunk_concurrent_limit: number;
  trunk_cps_limit: number;
  account_concurrent_limit: number;
  account_cps_limit: number;
}

/**
 * Admits `call` under exact limits in one round trip (edge_admit_call, migration 0103): the
 * first of `budgets` (longest first) the wallet covers is reserved. refusal null: admitted.
 */
export async function admitEdgeCall(
  db: Executor,
  call: EdgeCallInsert,
  limits: AdmissionLimits,
  budgets: CallBudget[],
) {
  const { rows } = await sql<{
    refusal: AdmissionRefusal | null;
    max_duration_seconds: number | null;
    available: string;
  }>`select * from edge_admit_call(${call.call_uuid}, ${call.edge_id}, ${call.account_id},
      ${call.partner_id}, ${call.trunk_id}, ${call.call_direction}, ${call.caller_id_number},
      ${call.destination_number}, ${call.sip_call_id}, ${call.sip_user_agent},
      ${call.source_address}, ${call.terminated_to}, ${limits.trunk_concurrent_limit},
      ${limits.trunk_cps_limit}, ${limits.account_concurrent_limit}, ${limits.account_cps_limit},
      ${budgets.map((budget) => budget.maxDurationSeconds)}::integer[],
      ${budgets.map((budget) => budget.reservedCost)}::numeric[])`.execute(db);
  return rows[0]!;
}

/**
 * The refusal a previous run of edge `edgeId` (one started before `edgeStarted`) recorded for
 * the account's Call-ID `callId` within the last `windowSeconds` (edge_recorded_refusal,
 * migration 0130), if any.
 */
export async function findRecordedRefusal(
  db: Executor,
  attempt: { accountId: string; edgeId: string; callId: string; edgeStarted: Date },
  windowSeconds: number,
) {
  const { rows } = await sql<{ final_code: number; final_reason: string }>`
    select * from edge_recorded_refusal(${attempt.accountId}, ${attempt.edgeId},
      ${attempt.callId}, ${attempt.edgeStarted}, ${windowSeconds})`.execute(db);
  return rows[0];
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
