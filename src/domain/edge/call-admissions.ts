/**
 * The SIP edge's policy: Kamailio asks once per new INVITE, dialtone answers with a SIP reply to
 * send or a call to relay. One request decides everything (authentication, trunk and account
 * state, caller ID, destination, money, limits), so a change made through the API applies to
 * the very next INVITE and dialtone stays the single source of policy.
 *
 * Limits are exact across any number of edges: an account's admissions are serialised by an
 * advisory lock, and the live calls and last second's admissions are counted in edge_calls
 * (sliding one-second window, no fixed-window burst) before the new row goes in.
 * Money: each admitted call reserves the cost of its maximum duration until its CDR is billed;
 * a new call may only spend what the wallet holds beyond the reservations of the others.
 * Refusals after the caller is known (trunk or number found, PBX authenticated) are recorded as
 * ended attempts, so they become CDRs too.
 */
import type { Database } from '../../db/database';
import {
  EDGE_RETRY_AFTER_CONCURRENCY_SECONDS,
  EDGE_RETRY_AFTER_CPS_SECONDS,
} from '../../limits';
import type { Clock } from '../clock';
import { findIngestAccounts } from '../cdrs/cdr-ingestion.queries';
import { ratingTierOf } from '../cdrs/ingest-rating';
import { newEdgeCallUuid } from '../ids';
import { parseMoney } from '../money';
import { callBudget } from './call-budgets';
import { queueCallInitiated } from './call-events';
import {
  checkNonce,
  digestChallenge,
  isDigestResponseValid,
  mintNonce,
  parseDigestCredentials,
} from './digest-challenges';
import {
  type EdgeCallInsert,
  type TrunkPolicyRow,
  commitWithoutFlushWait,
  countAdmissions,
  findNumberPolicy,
  findTrunkPolicy,
  insertAdmittedCall,
  insertRefusedCall,
  isOwnedNumber,
  lockAccountAdmissions,
} from './edge-calls.queries';
import { queueEdgeCallsIngestion } from './edge-cdrs';
import { toE164 } from './sip-outcomes';

export interface EdgeCallRequest {
  /** Which edge asks (its SIP address): calls left open by a crashed edge are closed by it. */
  edge_id: string;
  direction: 'inbound' | 'outbound';
  /** Outbound: the host the PBX dialled, the trunk's domain. */
  domain: string;
  source_ip: string;
  caller: string;
  callee: string;
  call_id: string;
  user_agent: string;
  /** The Proxy-Authorization header, '' when absent. */
  authorization: string;
}

export type EdgeDecision =
  | { action: 'reply'; code: number; reason: string; challenge?: string; retry_after?: number }
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
  /** Signs digest nonces (a secret of this installation). */
  nonceKey: Buffer;
  /** 'owned': outbound caller ID must be a number of the account; 'any': no check. */
  callerIdPolicy: 'owned' | 'any';
}

const reply = (code: number, reason: string, extra: object = {}): EdgeDecision =>
  ({ action: 'reply', code, reason, ...extra });

/** Decides one new call. Never throws for a call it refuses: the refusal is the answer. */
export async function decideEdgeCall(
  db: Database,
  clock: Clock,
  request: EdgeCallRequest,
  options: EdgePolicyOptions,
): Promise<EdgeDecision> {
  return request.direction === 'outbound'
    ? decideOutbound(db, clock, request, options)
    : decideInbound(db, request);
}

async function decideOutbound(
  db: Database,
  clock: Clock,
  request: EdgeCallRequest,
  options: EdgePolicyOptions,
): Promise<EdgeDecision> {
  const trunk = await findTrunkPolicy(db, request.domain.toLowerCase(), request.source_ip);
  if (!trunk) return reply(404, 'Unknown trunk');
  const denied = authenticate(trunk, request, options.nonceKey, clock());
  if (denied) return denied;
  const call = callOf(request, trunk, 'outbound', request.caller, request.callee, null);
  const destination = toE164(request.callee, trunk.country);
  const refusal = trunk.trunk_status !== 'enabled' ? [403, 'Trunk disabled'] as const
    : trunk.trunk_direction !== 'outbound' ? [403, 'Trunk does not allow outbound calls'] as const
      : accountRefusal(trunk)
        ?? (destination === undefined ? [484, 'Destination is not a valid number'] as const
          : await callerIdRefusal(db, trunk, request.caller, options.callerIdPolicy));
  if (refusal) return refuse(db, call, refusal[0], refusal[1]);
  return admit(db, { ...call, destination_number: destination! }, trunk, {
    destination: destination!, primary_uri: '', fallback_uri: '',
  });
}

async function decideInbound(db: Database, request: EdgeCallRequest): Promise<EdgeDecision> {
  const did = toE164(request.callee, 'IN');
  const number = did === undefined ? undefined : await findNumberPolicy(db, did);
  if (!number) return reply(404, 'Unknown number');
  const call = callOf(request, number, 'inbound', request.caller, did!, number.primary_uri);
  const refusal = number.number_status !== 'active' ? [404, 'Number not in service'] as const
    : accountRefusal(number)
      ?? (number.trunk_id === null || number.trunk_status !== 'enabled'
        || number.primary_uri === null ? [480, 'Number has no destination'] as const : undefined);
  if (refusal) return refuse(db, call, refusal[0], refusal[1]);
  return admit(db, call, { ...number, trunk_id: number.trunk_id! }, {
    destination: did!,
    primary_uri: withUser(number.primary_uri!, did!),
    fallback_uri: number.fallback_uri === null ? '' : withUser(number.fallback_uri, did!),
  });
}

/** A 407/403 when the PBX has not proven it may use the trunk; undefined when it has. */
function authenticate(trunk: TrunkPolicyRow, request: EdgeCallRequest, key: Buffer, now: Date) {
  if (trunk.source_allowed === true) return undefined;
  if (trunk.ha1 === null || trunk.credential_enabled !== true) {
    return reply(403, 'Source not allowed');
  }
  const challenge = (stale: boolean) => reply(407, 'Proxy Authentication Required', {
    challenge: digestChallenge(trunk.realm!, mintNonce(key, now), stale),
  });
  const credentials = parseDigestCredentials(request.authorization);
  if (!credentials || credentials.realm !== trunk.realm) return challenge(false);
  const nonce = checkNonce(key, credentials.nonce, now);
  if (nonce !== 'fresh') return challenge(nonce === 'stale');
  if (credentials.username !== trunk.username
    || !isDigestResponseValid(credentials, trunk.ha1, 'INVITE')) {
    return reply(403, 'Wrong credentials');
  }
  return undefined;
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

/** Money and limits, under the account's admission lock; admits or refuses (503/402). */
async function admit(
  db: Database,
  call: EdgeCallInsert,
  party: TrunkPolicyRow,
  route: { destination: string; primary_uri: string; fallback_uri: string },
): Promise<EdgeDecision> {
  const [account] = await findIngestAccounts(db, [], [party.account_id]);
  const tier = ratingTierOf(account!);
  const outcome = await db.transaction().execute(async (trx) => {
    await commitWithoutFlushWait(trx);
    await lockAccountAdmissions(trx, party.account_id);
    const counts = await countAdmissions(trx, party.account_id, party.trunk_id);
    const refusal = limitRefusal(party, counts);
    if (refusal) return refusal;
    const available = parseMoney(counts.balance)! - parseMoney(counts.reserved)!;
    const budget = callBudget(tier, available > 0n ? available : 0n);
    if (budget.maxDurationSeconds === 0) return reply(402, 'Insufficient balance');
    await insertAdmittedCall(trx, call, budget.maxDurationSeconds, budget.reservedCost);
    await queueCallInitiated(trx, call.call_uuid);
    return { action: 'relay', call_uuid: call.call_uuid,
      max_duration: budget.maxDurationSeconds, ...route } as const;
  });
  if (outcome.action === 'reply') {
    const { code, reason, ...extra } = outcome;
    return refuse(db, call, code, reason, extra);
  }
  return outcome;
}

function limitRefusal(
  party: TrunkPolicyRow,
  counts: Awaited<ReturnType<typeof countAdmissions>>,
): EdgeDecision | undefined {
  const concurrency = { retry_after: EDGE_RETRY_AFTER_CONCURRENCY_SECONDS };
  const cps = { retry_after: EDGE_RETRY_AFTER_CPS_SECONDS };
  if (counts.trunk_live >= party.trunk_concurrent_limit) {
    return reply(503, 'Trunk concurrent calls limit', concurrency);
  }
  if (counts.account_live >= party.account_concurrent_limit) {
    return reply(503, 'Account concurrent calls limit', concurrency);
  }
  if (counts.trunk_last_second >= party.trunk_cps_limit) return reply(503, 'Trunk CPS limit', cps);
  if (counts.account_last_second >= party.account_cps_limit) {
    return reply(503, 'Account CPS limit', cps);
  }
  return undefined;
}

/** `sip:host` → `sip:<did>@host`: a PBX routes an inbound call by the number dialled. */
function withUser(uri: string, did: string): string {
  if (uri.includes('@')) return uri;
  return uri.replace(/^(sips?:)/, `$1${did}@`);
}
