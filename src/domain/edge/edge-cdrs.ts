/**
 * Edge calls become CDRs. Kamailio stamps a call's end in edge_calls (edge_call_ended, which
 * queues the edge_calls_ingest job in the same transaction); this turns ended rows into CDR rows
 * and hands them to the existing ingestion (cdrs/cdr-ingestion.ts), which rates and bills them
 * idempotently per uuid. A crash between ingestion and marking the rows only makes the next run
 * send them again, and ingestion counts them as duplicates: never lost, never billed twice.
 */
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { EdgeCallsTable } from '../../db/schema';
import {
  EDGE_CALLS_INGEST_BATCH_ROWS,
  EDGE_INVITE_RETRANSMIT_SECONDS,
  EDGE_UNANSWERED_CALL_MAX_SECONDS,
} from '../../limits';
import { type Clock, SECOND_MS } from '../clock';
import { ingestCdrs } from '../cdrs/cdr-ingestion';
import { HANGUP_CAUSES, type HangupDisposition, type HangupSource } from '../cdrs/hangup-causes';
import { queueHangupEvents } from './call-events';
import { hangupCauseOfSipCode } from './sip-outcomes';

export const EDGE_CALLS_INGEST_JOB = 'edge_calls_ingest';

/**
 * Queues one ingestion run (a queued run takes every ended call, so one key is enough), at once
 * or `afterSeconds` from now (under its own key, so it does not push the prompt run back).
 */
export async function queueEdgeCallsIngestion(db: Executor, afterSeconds = 0): Promise<void> {
  const key = afterSeconds === 0 ? EDGE_CALLS_INGEST_JOB : `${EDGE_CALLS_INGEST_JOB}:later`;
  await sql`select graphile_worker.add_job(${EDGE_CALLS_INGEST_JOB}::text, '{}'::json,
    job_key => ${key}::text, max_attempts => 25,
    run_at => clock_timestamp() + make_interval(secs => ${afterSeconds}))`.execute(db);
}

type EndedCallRow = Pick<EdgeCallsTable, 'call_uuid' | 'trunk_id' | 'call_direction'
  | 'caller_id_number' | 'destination_number' | 'sip_call_id' | 'sip_user_agent'
  | 'source_address' | 'terminated_to' | 'max_duration_seconds' | 'progress_at'
  | 'answered_at' | 'final_reason'> & {
  auth_id: string;
  started_at: Date;
  ended_at: Date;
  final_code: number;
  hangup_source: string;
};

export interface EdgeIngestOutcome {
  calls: number;
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** Ingests every ended, not yet billed edge call, in batches; returns what ingestion said. */
export async function ingestEndedEdgeCalls(db: Database, clock: Clock): Promise<EdgeIngestOutcome> {
  const total: EdgeIngestOutcome = { calls: 0, accepted: 0, duplicates: 0, rejected: 0 };
  await settleRetriedRestarts(db, clock());
  for (;;) {
    const { rows } = await sql<EndedCallRow>`
      select c.call_uuid, a.auth_id, c.trunk_id, c.call_direction, c.caller_id_number,
        c.destination_number, c.sip_call_id, c.sip_user_agent, c.source_address,
        c.terminated_to, c.max_duration_seconds, c.started_at, c.progress_at, c.answered_at,
        c.ended_at, c.final_code, c.final_reason, c.hangup_source
      from edge_calls c join accounts a on a.id = c.account_id
      where c.ended_at is not null and c.ingested_at is null
        and not (${isLostInSetup('c')} and c.ended_at > ${clock()}::timestamptz
          - make_interval(secs => ${EDGE_INVITE_RETRANSMIT_SECONDS}))
      order by c.ended_at limit ${EDGE_CALLS_INGEST_BATCH_ROWS}`.execute(db);
    if (rows.length === 0) return total;
    const result = await ingestCdrs(db, clock, rows.map(toCdrRow), {
      onStored: (trx, calls) => queueHangupEvents(trx, calls, clock()),
    });
    // Rejected rows are marked too: a row ingestion refuses would be refused on every retry.
    await db.updateTable('edge_calls').set({ ingested_at: clock() })
      .where('call_uuid', 'in', rows.map((row) => row.call_uuid)).execute();
    total.calls += rows.length;
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected += result.rejected;
  }
}

/** A call its edge's restart closed before it was answered (`alias`: edge_calls' alias). */
const isLostInSetup = (alias: string) => sql`(${sql.ref(`${alias}.hangup_source`)} = 'edge_restart'
  and ${sql.ref(`${alias}.answered_at`)} is null)`;

/**
 * A call lost in setup that the PBX then retransmitted to the restarted edge is one attempt,
 * not two: the later admission (or refusal) of the same SIP Call-ID on the account records it,
 * so the lost one is settled without a CDR (its wallet reservation ends with it).
 */
async function settleRetriedRestarts(db: Database, now: Date): Promise<void> {
  await sql`
    update edge_calls o set ingested_at = ${now}, final_reason = 'Retried after edge restart'
    where ${isLostInSetup('o')} and o.ended_at is not null and o.ingested_at is null
      and o.sip_call_id is not null
      and exists (select 1 from edge_calls n where n.account_id = o.account_id
        and n.sip_call_id = o.sip_call_id and n.started_at > o.started_at)`.execute(db);
}

/**
 * Ends the calls an edge left open when it stopped without reporting them (kill -9, a crash):
 * called by the edge's supervisor before it starts Kamailio again. They end now, billed up to
 * now: the best known bound, as the edge held them until it died. Those not yet answered are
 * billed once the PBX can no longer retransmit them (settleRetriedRestarts).
 */
export async function closeOrphanedEdgeCalls(db: Database, edgeId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('edge_calls')
      .set({
        ended_at: sql`clock_timestamp()`,
        final_code: sql`case when answered_at is null then 500 else 200 end`,
        final_reason: 'Edge restarted',
        hangup_source: 'edge_restart',
      })
      .where('edge_id', '=', edgeId).where('is_admitted', '=', true)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    const closed = Number(result.numUpdatedRows);
    if (closed > 0) {
      await queueEdgeCallsIngestion(trx);
      await queueEdgeCallsIngestion(trx, EDGE_INVITE_RETRANSMIT_SECONDS + 1);
    }
    return closed;
  });
}

/**
 * Closes admitted calls that were never answered and are older than
 * EDGE_UNANSWERED_CALL_MAX_SECONDS: the edge abandoned them (see limits.ts), so they would
 * otherwise hold a concurrency slot and a wallet reservation forever. Run every minute.
 */
export async function closeAbandonedEdgeCalls(db: Database): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('edge_calls')
      .set({
        ended_at: sql`clock_timestamp()`, final_code: 408, final_reason: 'Abandoned by the edge',
        hangup_source: 'abandoned',
      })
      .where('is_admitted', '=', true).where('ended_at', 'is', null)
      .where('answered_at', 'is', null)
      .where('started_at', '<',
        sql<Date>`clock_timestamp() - make_interval(secs => ${EDGE_UNANSWERED_CALL_MAX_SECONDS})`)
      .executeTakeFirst();
    const closed = Number(result.numUpdatedRows);
    if (closed > 0) await queueEdgeCallsIngestion(trx);
    return closed;
  });
}

function toCdrRow(call: EndedCallRow) {
  const startMs = call.started_at.getTime();
  const endMs = call.ended_at.getTime();
  const answered = call.answered_at !== null;
  // A started second is billed (as carriers do); the edge's one-second timer may end a call a
  // little after its maximum, which is never billed: the wallet covered the maximum exactly.
  const spoken = answered ? Math.ceil((endMs - call.answered_at!.getTime()) / SECOND_MS) : 0;
  const billsec = Math.min(spoken, call.max_duration_seconds ?? spoken);
  const code = answered ? 200 : call.final_code;
  const cause = hangupCauseOfSipCode(code);
  const { source, disposition } = hangupPartyOf(call.hangup_source, call.call_direction, code);
  return {
    uuid: call.call_uuid,
    account_id: call.auth_id,
    ...(call.trunk_id === null ? {} : { trunk_id: call.trunk_id }),
    call_direction: call.call_direction,
    caller_id_number: call.caller_id_number,
    destination_number: call.destination_number,
    context: 'sip-trunking',
    start_time: call.started_at.toISOString(),
    answer_time: call.answered_at?.toISOString() ?? null,
    end_time: call.ended_at.toISOString(),
    progress_time: call.progress_at?.toISOString() ?? null,
    duration: Math.max(billsec, Math.ceil((endMs - startMs) / SECOND_MS)),
    billsec,
    ring_time: Math.floor(((call.answered_at?.getTime() ?? endMs) - startMs) / SECOND_MS),
    hangup_cause: cause,
    hangup_cause_code: HANGUP_CAUSES[cause].code,
    hangup_source: source,
    hangup_disposition: disposition,
    failure_code: answered ? null : code,
    failure_reason: answered ? null : call.final_reason,
    sip_call_id: call.sip_call_id,
    sip_user_agent: call.sip_user_agent,
    network_addr: call.source_address,
    customer_endpoint: call.call_direction === 'outbound' ? call.source_address
      : call.terminated_to,
    terminated_to: call.terminated_to,
  };
}

/**
 * Who ended the call, from what the edge saw: `caller`/`callee` sent the BYE, `timeout` is
 * dialtone's duration limit, `reply` is the far end's final answer, `refused` is dialtone's
 * policy, `edge_restart` a call the edge lost, `abandoned` one it never relayed.
 */
function hangupPartyOf(
  seen: string,
  direction: 'inbound' | 'outbound',
  code: number,
): { source: HangupSource; disposition: HangupDisposition | null } {
  switch (seen) {
    case 'caller':
      return { source: 'Caller', disposition: 'send_bye' };
    case 'callee':
      return { source: 'Call recipient', disposition: 'recv_bye' };
    case 'timeout':
      return { source: 'Vobiz', disposition: 'send_bye' };
    case 'refused':
      return { source: 'Vobiz', disposition: 'send_refuse' };
    case 'reply':
      if (code === 487) return { source: 'Caller', disposition: 'send_cancel' };
      return { source: direction === 'outbound' ? 'Carrier' : 'Call recipient',
        disposition: 'send_refuse' };
    default:
      return { source: 'Error', disposition: null };
  }
}
