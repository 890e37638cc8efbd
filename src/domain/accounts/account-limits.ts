/**
 * An account's call limits, in Vobiz's words: the base limit every account starts with, plus
 * what it holds on top (slots its partner allocated and channels it bought by subscription),
 * is the limit enforced where calls are admitted. Trunk limits are stored, not enforced.
 */
export interface LimitColumns {
  base_cps_limit: number;
  base_concurrent_calls_limit: number;
  allocated_cps: number;
  allocated_concurrent_calls: number;
  purchased_cps: number;
  purchased_concurrent_calls: number;
}

export interface AccountLimits {
  cps_limit: number;
  concurrent_calls_limit: number;
  /** Everything above the base: partner allocations and channel subscriptions. */
  purchased_cps: number;
  purchased_concurrent_calls: number;
}

export function accountLimitsOf(row: LimitColumns): AccountLimits {
  const purchasedCps = row.allocated_cps + row.purchased_cps;
  const purchasedConcurrent = row.allocated_concurrent_calls + row.purchased_concurrent_calls;
  return {
    cps_limit: row.base_cps_limit + purchasedCps,
    concurrent_calls_limit: row.base_concurrent_calls_limit + purchasedConcurrent,
    purchased_cps: purchasedCps,
    purchased_concurrent_calls: purchasedConcurrent,
  };
}
