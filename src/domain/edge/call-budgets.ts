/**
 * How long a call may last on what the wallet holds: the longest whole-second duration whose
 * cost, rated by the very code that bills the CDR (cdrs/rating.ts), fits in `available`.
 * Kamailio ends the call at that duration (BYE to both sides), so no call can spend money the
 * wallet does not have. Pure.
 */
import { EDGE_CALL_DURATION_MAX_SECONDS } from '../../limits';
import { formatMoney, parseMoney } from '../money';
import { type RatingTier, rateCall } from '../cdrs/rating';

export interface CallBudget {
  /** 0 when not even the first second is affordable. */
  maxDurationSeconds: number;
  /** The cost of a call lasting maxDurationSeconds: what the call reserves while it runs. */
  reservedCost: string;
}

export function callBudget(tier: RatingTier, availableUnits: bigint): CallBudget {
  const costOf = (seconds: number) =>
    parseMoney(rateCall({ billsec: seconds, answered: true, tier }).cost)!;
  let low = 0;
  let high = EDGE_CALL_DURATION_MAX_SECONDS;
  if (costOf(high) <= availableUnits) low = high;
  // Cost never falls as a call gets longer: bisect for the last affordable second.
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (costOf(middle) <= availableUnits) low = middle;
    else high = middle - 1;
  }
  return { maxDurationSeconds: low, reservedCost: formatMoney(low === 0 ? 0n : costOf(low)) };
}

/** The budget of a call the wallet can carry to EDGE_CALL_DURATION_MAX_SECONDS: the common case. */
export function longestCallBudget(tier: RatingTier): CallBudget {
  const cost = rateCall({ billsec: EDGE_CALL_DURATION_MAX_SECONDS, answered: true, tier }).cost;
  return { maxDurationSeconds: EDGE_CALL_DURATION_MAX_SECONDS, reservedCost: cost };
}
