/**
 * The SIP edge's policy: Kamailio asks once per new INVITE it could not refuse from its caches,
 * dialtone answers with a SIP reply to send or a call to relay. Kamailio has already
 * authenticated the PBX (digest against the cached HA1, or the trunk's IP ACL) and names the
 * trunk; dialtone decides from its tables as they are now: trunk and account state (the rule of
 * the edge.trunk_policies view), caller ID, destination, money, limits.
 *
 * Limits are exact across any number of edges: an account's admissions (all of a partner's
 * customers' when the partner has a capacity pool) are serialised by an advisory lock, and the
 * live calls and last second's admissions are counted in edge_calls (sliding one-second window,
 * no fixed-window burst) before the new row goes in, in one round trip (edge_admit_call).
 * Money: each admitted call reserves the cost of its maximum duration until its CDR is billed;
 * a new call may only spend what the wallet holds beyond the reservations of the others.
 * Refusals after the caller is known (trunk or number found, PBX authenticated) are recorded as
 * ended attempts, so they become CDRs too.
 */
import type { Database } from '../../db/database';
import {
  EDGE_ADMISSION_ATTEMPTS_MAX,
  EDGE_INVITE_RETRANSMIT_SECONDS,
  EDGE_RETRY_AFTER_CONCURRENCY_SECONDS,
  EDGE_RETRY_AFTER_CPS_SECONDS,
} from '../../limits';
import { newEdgeCallUuid } from '../ids';
import { parseMoney } from '../money';
import { callBudget } from './call-budgets';
import { admitAnnouncingCall } from './call-events';
import {
  type EdgeCallInsert,
  type AdmissionRefusal,
  type TrunkPolicyRow,
  admitEdgeCall,
  commitWithoutFlushWait,
  findNumberPolicy,
  findRecordedRefusal,
  findTrunkPolicy,
  insertRefusedCall,
  isOwnedNumber,
} from './edge-calls.queries';
import { queueEdgeCallsIngestion } from './edge-cdrs';
import type { RatingTierCache } from './rating-tier-caches';
import { toE164 } from './sip-outcomes';

export interface EdgeCallRequest {
  /** Which edge asks (its SIP address): calls left open by a crashed edge are closed by it. */
  edge_id: string;
  direction: 'inbound' | 'outbound';
  /** Outbound: the host the PBX dialled, the trunk's domain. */
  domain: string;
  /** Outbound: the trunk whose credential or IP ACL the edge authenticated the PBX by. */
  trunk_id: string;
  source_ip: string;
  caller: string;
  callee: string;
  call_id: string;
  user_agent: string;
  /** When the asking Kamailio started (epoch seconds): see recordedRefusal. */
  edge_started: number;
}

export type EdgeDecision =
  | { action: 'reply'; code: number; reason: string; retry_after?: number }
  | {
      action: 'relay';
      call_uuid: string;
      max_duration: number;
      /** The R-URI user to dial: the E.164 destination. */
      destination: string;
      /** Inbound: where the call goes, then where it fails over to ('' for none). */
      primary_uri: string;
      fallback_uri: string;
    };

export interface EdgePolicyOptions {
  /** 'owned': outbound caller ID must be a number of the account; 'any': no check. */
  callerIdPolicy: 'owned' | 'any';
  /** Pricing tiers by account, shared by this process's admissions. */
  tiers: RatingTierCache;
}

const reply = (code: number, reason: string, extra: object = {}): EdgeDecision =>
  ({ action: 'reply', code, reason, ...extra });

/** Decides one new call. Never throws for a call it refuses: the refusal is the answer. */
export async function decideEdgeCall(
  db: Database,
  request: EdgeCallRequest,
  options: EdgePolicyOptions,
): Promise<EdgeDecision> {
  return request.direction === 'outbound'
    ? decideOutbound(db, request, options)
    : decideInbound(db, request, options.tiers);
}

async function decideOutbound(
  db: Database,
  request: EdgeCallRequest,
  options: EdgePolicyOptions,
): Promise<EdgeDecision> {
  const trunk = request.trunk_id === '' ? undefined
    : await findTrunkPolicy(db, request.trunk_id, request.domain.toLowerCase());
  if (!trunk) return reply(404, 'Unknown trunk');
  const call = callOf(request, trunk, 'outbound', request.caller, request.callee, null);
  const recorded = await recordedRefusal(db, call, request.edge_started);
  if (recorded) return reply(recorded.final_code, recorded.final_reason);
  const destination = toE164(request.callee, trunk.country);
  const refusal = trunk.refusal !== '' ? [403, trunk.refusal] as const
    : destination === undefined ? [484, 'Destination is not a valid number'] as const
      : await callerIdRefusal(db, trunk, request.caller, options.callerIdPolicy);
  if (refusal) return refuse(db, call, refusal[0], refusal[1]);
  return admit(db, { ...call, destination_number: destination! }, trunk, {
    destination: destination!, primary_uri: '', fallback_uri: '',
  }, options.tiers);
}

async function decideInbound(
  db: Database,
  request: EdgeCallRequest,
  tiers: RatingTierCache,
): Promise<EdgeDecision> {
  const did = toE164(request.callee, 'IN');
  const number = did === undefined ? undefined : await findNumberPolicy(db, did);
  if (!number) return reply(404, 'Unknown number');
  const call = callOf(request, number, 'inbound', request.caller, did!, number.primary_uri);
  const recorded = await recordedRefusal(db, call, request.edge_started);
  if (recorded) return reply(recorded.final_code, recorded.final_reason);
  const refusal = number.number_status !== 'active' ? [404, 'Number not in service'] as const
    : accountRefusal(number)
      ?? (number.trunk_id === null || number.trunk_status !== 'enabled'
        || number.primary_uri === null ? [480, 'Number has no destination'] as const : undefined);
  if (refusal) return refuse(db, call, refusal[0], refusal[1]);
  return admit(db, call, { ...number, trunk_id: number.trunk_id! }, {
    destination: did!,
    primary_uri: withUser(number.primary_uri!, did!),
    fallback_uri: number.fallback_uri === null ? '' : withUser(number.fallback_uri, did!),
  }, tiers);
}

/**
 * An attempt is recorded before its answer is sent, so a Kamailio killed in between leaves a
 * refusal its PBX never heard; the PBX sends the INVITE again, to the restarted edge. The
 * refusal a previous run of the asking edge recorded for the call (same account and Call-ID)
 * within EDGE_INVITE_RETRANSMIT_SECONDS is that answer: given again, not recorded twice.
 * Looked up only in a run's first EDGE_INVITE_RETRANSMIT_SECONDS, when there can be one.
 */
async function recordedRefusal(db: Database, call: EdgeCallInsert, edgeStarted: number) {
  const runSeconds = Date.now() / 1000 - edgeStarted;
  if (call.sip_call_id === null || runSeconds > EDGE_INVITE_RETRANSMIT_SECONDS) return undefined;
  return findRecordedRefusal(db, {
    accountId: call.account_id, edgeId: call.edge_id, callId: call.sip_call_id,
    edgeStarted: new Date(edgeStarted * 1000),
  }, EDGE_INVITE_RETRANSMIT_SECONDS);
}

function accountRefusal(party: Pick<TrunkPolicyRow, 'account_status' | 'kyc_status'>) {
  if (party.account_status !== 'active') return [403, 'Account suspended'] as const;
  if (party.kyc_status !== 'completed') return [403, 'Account KYC not completed'] as const;
  return undefined;
}

async function callerIdRefusal(
  db: Database,
  trunk: TrunkPolicyRow,
  caller: string,
  policy: 'owned' | 'any',
) {
  if (policy === 'any') return undefined;
  const e164 = toE164(caller, trunk.country);
  if (e164 !== undefined && await isOwnedNumber(db, trunk.account_id, e164)) return undefined;
  return [403, 'Caller ID is not a number of the account'] as const;
}

function callOf(
  request: EdgeCallRequest,
  party: { account_id: string; partner_id: string; trunk_id: string | null },
  direction: 'inbound' | 'outbound',
  caller: string,
  destination: string,
  terminatedTo: string | null,
): EdgeCallInsert {
  return {
    call_uuid: newEdgeCallUuid(), edge_id: request.edge_id, account_id: party.account_id,
    partner_id: party.partner_id, trunk_id: party.trunk_id, call_direction: direction,
    caller_id_number: caller, destination_number: destination,
    sip_call_id: request.call_id || null, sip_user_agent: request.user_agent || null,
    source_address: request.source_ip, terminated_to: terminatedTo,
  };
}

async function refuse(
  db: Database,
  call: EdgeCallInsert,
  code: number,
  reason: string,
  extra: object = {},
): Promise<EdgeDecision> {
  await db.transaction().execute(async (trx) => {
    await commitWithoutFlushWait(trx);
    await insertRefusedCall(trx, call, code, reason);
    await queueEdgeCallsIngestion(trx);
  });
  return reply(code, reason, extra);
}

/**
 * Money and limits in one round trip per ask (edge_admit_call): admits, or refuses with 503
 * (a limit) or 402 (the wallet). The wallet is rated for what it holds only when it cannot
 * carry the longest call.
 */
async function admit(
  db: Database,
  call: EdgeCallInsert,
  party: TrunkPolicyRow,
  route: { destination: string; primary_uri: string; fallback_uri: string },
  tiers: RatingTierCache,
): Promise<EdgeDecision> {
  const rating = await tiers.ratingOf(db, party.account_id);
  let budget = rating.longest;
  for (let attempt = 1; attempt <= EDGE_ADMISSION_ATTEMPTS_MAX; attempt += 1) {
    // Only a trunk with a webhook_url pays for the transaction that queues CallInitiated.
    const outcome = party.trunk_announces_calls
      ? await admitAnnouncingCall(db, call, party, [budget])
      : await admitEdgeCall(db, call, party, [budget]);
    if (outcome.refusal === null) {
      return { action: 'relay', call_uuid: call.call_uuid,
        max_duration: outcome.max_duration_seconds!, ...route };
    }
    const refusal = limitRefusal(outcome.refusal);
    if (refusal) return refuse(db, call, refusal.code, refusal.reason, refusal.extra);
    if (outcome.refusal === 'budget') {
      budget = callBudget(rating.tier, parseMoney(outcome.available)!);
      if (budget.maxDurationSeconds === 0) break;
    }
  }
  // Not one second affordable, or the wallet shrank under every budget it was rated for.
  return refuse(db, call, 402, 'Insufficient balance');
}

/** The SIP refusal for what edge_admit_call refused; undefined when it asks to be asked again. */
function limitRefusal(refusal: AdmissionRefusal) {
  const concurrency = { retry_after: EDGE_RETRY_AFTER_CONCURRENCY_SECONDS };
  const cps = { retry_after: EDGE_RETRY_AFTER_CPS_SECONDS };
  const refusals = {
    trunk_concurrent: [503, 'Trunk concurrent calls limit', concurrency],
    account_concurrent: [503, 'Account concurrent calls limit', concurrency],
    partner_concurrent: [503, 'Partner concurrent calls limit', concurrency],
    trunk_cps: [503, 'Trunk CPS limit', cps],
    account_cps: [503, 'Account CPS limit', cps],
    partner_cps: [503, 'Partner CPS limit', cps],
    balance: [402, 'Insufficient balance', {}],
    budget: undefined,
    retry: undefined,
  } as const;
  const found = refusals[refusal];
  return found && { code: found[0], reason: found[1], extra: found[2] };
}

/** `sip:host` → `sip:<did>@host`: a PBX routes an inbound call by the number dialled. */
function withUser(uri: string, did: string): string {
  if (uri.includes('@')) return uri;
  return uri.replace(/^(sips?:)/, `$1${did}@`);
}
