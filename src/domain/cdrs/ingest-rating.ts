/**
 * Finds the customer of each ingested call (by account_id, by the trunk it used, or by the
 * sub-account it is attributed to, whose parent pays) and rates
 * the call with that customer's pricing tier (pricing/pricing-tier-assignments.ts says which).
 * A call is attributed to a sub-account when its row names one, else when its DID (inbound: the
 * destination, outbound: the caller ID) is one of the customer's numbers assigned to a
 * sub-account at ingestion (the 15-day cool-off keeps a DID where it was for its recent calls).
 * Ratings are memoised per tier and (answered, billsec): a batch has few distinct durations,
 * and rateCall re-validates its tier on every call.
 */
import type { Executor } from '../../db/database';
import { parseMoney } from '../money';
import {
  type IngestAccount,
  type OwnedNumber,
  findIngestAccounts,
  findOwnedNumbers,
  findSubAccounts,
  findTrunkAccounts,
} from './cdr-ingestion.queries';
import type { IngestCdr, RowProblem } from './ingest-rows';
import { type CallRating, DEFAULT_PRICING_TIER, type RatingTier, rateCall } from './rating';

export interface RatedCall {
  cdr: IngestCdr;
  index: number;
  account: IngestAccount;
  /** sub_accounts.id the call is attributed to, or null. */
  subAccountId: string | null;
  /** The customer's own number the call used (its DID side), or null. */
  did: string | null;
  billableSeconds: number;
  /** Decimal text, 5 decimals. */
  cost: string;
  costUnits: bigint;
}

export async function resolveAndRate(
  db: Executor,
  cdrs: readonly { cdr: IngestCdr; index: number }[],
): Promise<{ rated: RatedCall[]; problems: RowProblem[] }> {
  const trunkIds = new Set<string>();
  const authIds = new Set<string>();
  const subAccountAuthIds = new Set<string>();
  const dids = new Set<string>();
  for (const { cdr } of cdrs) {
    if (cdr.trunkId !== null) trunkIds.add(cdr.trunkId);
    if (cdr.accountAuthId !== null) authIds.add(cdr.accountAuthId);
    if (cdr.subAccountAuthId !== null) subAccountAuthIds.add(cdr.subAccountAuthId);
    dids.add(didSide(cdr));
  }
  const [trunkAccounts, subAccounts, ownedNumbers] = await Promise.all([
    findTrunkAccounts(db, [...trunkIds]),
    findSubAccounts(db, [...subAccountAuthIds]),
    findOwnedNumbers(db, [...dids]),
  ]);
  const accountIds = new Set([...trunkAccounts.values()]);
  for (const sub of subAccounts.values()) accountIds.add(sub.account_id);
  const accounts = authIds.size + accountIds.size === 0
    ? []
    : await findIngestAccounts(db, [...authIds], [...accountIds]);
  const byAuthId = new Map(accounts.map((account) => [account.auth_id, account]));
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const ratings = new Map<string, Map<number, UnitRating>>();
  const rated: RatedCall[] = [];
  const problems: RowProblem[] = [];
  for (const { cdr, index } of cdrs) {
    const trunkAccount = cdr.trunkId === null ? undefined : trunkAccounts.get(cdr.trunkId);
    const viaTrunk = trunkAccount === undefined ? undefined : byId.get(trunkAccount);
    const named = cdr.accountAuthId === null ? undefined : byAuthId.get(cdr.accountAuthId);
    const sub = cdr.subAccountAuthId === null ? undefined : subAccounts.get(cdr.subAccountAuthId);
    const viaSub = sub === undefined ? undefined : byId.get(sub.account_id);
    const problem = partyProblem(cdr, viaTrunk, named)
      ?? subAccountProblem(cdr, viaSub, named ?? viaTrunk);
    if (problem) {
      problems.push({ index, uuid: cdr.uuid, ...problem });
      continue;
    }
    const account = (named ?? viaTrunk ?? viaSub)!;
    const rating = rateMemoised(ratings, account, cdr);
    const e164 = didSide(cdr);
    const owned: OwnedNumber | undefined = ownedNumbers.get(e164);
    const did = owned?.account_id === account.id ? owned : undefined;
    rated.push({
      cdr, index, account, subAccountId: sub?.id ?? did?.sub_account_id ?? null,
      did: did === undefined ? null : e164, billableSeconds: rating.billable_seconds,
      cost: rating.cost, costUnits: rating.costUnits,
    });
  }
  return { rated, problems };
}

/** The customer's side of a call: the number called (inbound) or calling (outbound). */
function didSide(cdr: IngestCdr): string {
  return cdr.call_direction === 'inbound' ? cdr.destination_number : cdr.caller_id_number;
}

/** What is wrong with the customer a call names, if anything (no closure per row: hot path). */
function partyProblem(cdr: IngestCdr, viaTrunk?: IngestAccount, named?: IngestAccount) {
  if (cdr.trunkId !== null && !viaTrunk) return { field: 'trunk_id', message: 'no such trunk' };
  if (cdr.accountAuthId !== null && !named) {
    return { field: 'account_id', message: 'no such account' };
  }
  if (viaTrunk && named && viaTrunk.id !== named.id) {
    return { field: 'trunk_id', message: 'the trunk belongs to another account' };
  }
  return null;
}

/** A sub-account must exist (and be live) and belong to the customer the row names otherwise. */
function subAccountProblem(cdr: IngestCdr, viaSub?: IngestAccount, customer?: IngestAccount) {
  if (cdr.subAccountAuthId === null) return null;
  if (!viaSub) return { field: 'sub_account_id', message: 'no such sub-account' };
  if (customer && customer.id !== viaSub.id) {
    return { field: 'sub_account_id', message: 'the sub-account belongs to another account' };
  }
  return null;
}

type UnitRating = CallRating & { costUnits: bigint };

function rateMemoised(
  ratings: Map<string, Map<number, UnitRating>>,
  account: IngestAccount,
  cdr: IngestCdr,
) {
  const tierKey = account.tier_id ?? 'platform-default';
  let byCall = ratings.get(tierKey);
  if (!byCall) {
    byCall = new Map();
    ratings.set(tierKey, byCall);
  }
  // Unanswered calls all rate alike (billsec 0 is enforced for them): key -1.
  const callKey = cdr.answered ? cdr.billsec : -1;
  let rating = byCall.get(callKey);
  if (!rating) {
    const tier = ratingTierOf(account);
    const rated = rateCall({ billsec: cdr.billsec, answered: cdr.answered, tier });
    rating = { ...rated, costUnits: parseMoney(rated.cost)! };
    byCall.set(callKey, rating);
  }
  return rating;
}

/**
 * The account's tier as rating.ts takes it. Without a tier of the partner's, the platform default
 * (0.50 per minute, 60/60) applies in the account's own currency.
 */
export function ratingTierOf(account: IngestAccount): RatingTier {
  if (account.tier_id === null) return DEFAULT_PRICING_TIER;
  return {
    rate_per_minute: account.rate_per_minute!,
    billing_increment_seconds: account.billing_increment_seconds!,
    minimum_duration_seconds: account.minimum_duration_seconds!,
    charge_non_connected_calls: account.charge_non_connected_calls!,
    non_connected_call_fee: account.non_connected_call_fee!,
  };
}
