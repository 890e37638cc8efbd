/**
 * Call events, Vobiz's trunk webhooks: a trunk with a webhook_url is sent `CallInitiated` when
 * the edge admits one of its calls and `Hangup` when that call's CDR is stored, each written in
 * the transaction of that change through the webhook outbox (signed, retried, in the partner's
 * delivery log), to the trunk's URL with its webhook_method. X-Vobiz-Signature is keyed with the
 * account's auth token, which the trunk's owner holds. Vobiz documents the names, not the
 * fields: the payload uses the CDR's field names, so a receiver reads one vocabulary.
 */
import type { Database, DatabaseTransaction } from '../../db/database';
import type { CallWebhookEventType } from '../../db/schema';
import type { RatedCall } from '../cdrs/ingest-rating';
import { recordWebhookEvent } from '../webhooks/webhook-events';
import { admitEdgeCall } from './edge-calls.queries';

/** admitEdgeCall, with the call's CallInitiated queued in the transaction that admits it. */
export async function admitAnnouncingCall(
  db: Database,
  ...args: Parameters<typeof admitEdgeCall> extends [unknown, ...infer Rest] ? Rest : never
) {
  return db.transaction().execute(async (trx) => {
    const outcome = await admitEdgeCall(trx, ...args);
    if (outcome.refusal === null) await queueCallInitiated(trx, args[0].call_uuid);
    return outcome;
  });
}

interface CallTarget {
  partner_id: string;
  account_id: string;
  webhook_url: string;
  webhook_method: 'POST' | 'GET';
}

/** What both events say of the call. */
interface CallFacts {
  call_uuid: string;
  account_id: string;
  trunk_id: string;
  call_direction: string;
  caller_id_number: string;
  destination_number: string;
  sip_call_id: string | null;
  start_time: string;
}

/**
 * Queues CallInitiated for the call admitted in `trx` (edge_calls row `callUuid`), if its trunk
 * has a webhook_url. One indexed look-up when it has none.
 */
export async function queueCallInitiated(trx: DatabaseTransaction, callUuid: string) {
  const call = await trx.selectFrom('edge_calls as c')
    .innerJoin('trunks as t', 't.id', 'c.trunk_id')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select(['c.call_uuid', 'c.partner_id', 'c.account_id', 'a.auth_id', 't.id as trunk_id',
      't.webhook_url', 't.webhook_method', 'c.call_direction', 'c.caller_id_number',
      'c.destination_number', 'c.sip_call_id', 'c.started_at'])
    .where('c.call_uuid', '=', callUuid).where('t.webhook_url', 'is not', null)
    .executeTakeFirst();
  if (!call) return;
  const facts: CallFacts = {
    call_uuid: call.call_uuid, account_id: call.auth_id, trunk_id: call.trunk_id,
    call_direction: call.call_direction, caller_id_number: call.caller_id_number,
    destination_number: call.destination_number, sip_call_id: call.sip_call_id,
    start_time: call.started_at.toISOString(),
  };
  await queueCallEvent(trx, 'CallInitiated', { ...call, webhook_url: call.webhook_url! }, facts,
    {}, call.started_at);
}

/**
 * Queues Hangup for each call of `calls` (CDRs ingestion stored in `trx`, so each exactly once)
 * whose trunk has a webhook_url, with the CDR's outcome and cost.
 */
export async function queueHangupEvents(
  trx: DatabaseTransaction,
  calls: readonly RatedCall[],
  now: Date,
) {
  const trunkIds = [...new Set(calls.flatMap((call) => call.cdr.trunkId ?? []))];
  if (trunkIds.length === 0) return;
  const trunks = await trx.selectFrom('trunks')
    .select(['id', 'webhook_url', 'webhook_method'])
    .where('id', 'in', trunkIds).where('webhook_url', 'is not', null)
    .execute();
  const targets = new Map(trunks.map((trunk) => [trunk.id, trunk]));
  for (const { cdr, account, cost } of calls) {
    const trunk = cdr.trunkId === null ? undefined : targets.get(cdr.trunkId);
    if (!trunk) continue;
    const target = { partner_id: account.partner_id, account_id: account.id,
      webhook_url: trunk.webhook_url!, webhook_method: trunk.webhook_method };
    const facts: CallFacts = {
      call_uuid: cdr.uuid, account_id: account.auth_id, trunk_id: trunk.id,
      call_direction: cdr.call_direction, caller_id_number: cdr.caller_id_number,
      destination_number: cdr.destination_number, sip_call_id: cdr.sip_call_id,
      start_time: cdr.start_time,
    };
    await queueCallEvent(trx, 'Hangup', target, facts, {
      answer_time: cdr.answer_time, end_time: cdr.end_time, duration: cdr.duration,
      billsec: cdr.billsec, ring_time: cdr.ring_time, hangup_cause: cdr.hangup_cause,
      hangup_cause_code: cdr.hangup_cause_code, hangup_cause_name: cdr.hangup_cause_name,
      hangup_source: cdr.hangup_source, hangup_disposition: cdr.hangup_disposition,
      failure_code: cdr.failure_code, failure_reason: cdr.failure_reason,
      cost, currency: account.currency,
    }, now);
  }
}

async function queueCallEvent(
  trx: DatabaseTransaction,
  event: CallWebhookEventType,
  target: CallTarget,
  facts: CallFacts,
  outcome: Record<string, unknown>,
  now: Date,
) {
  await recordWebhookEvent(trx, {
    partnerId: target.partner_id, type: event, kycSessionId: null,
    payload: { event, timestamp: now.toISOString(), ...facts, ...outcome },
    url: target.webhook_url, method: target.webhook_method, now,
    signingAccountId: target.account_id, callUuid: facts.call_uuid,
  });
}
