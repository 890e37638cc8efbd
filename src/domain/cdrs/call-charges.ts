/**
 * How a batch of rated calls is paid from one prepaid wallet. Calls are paid in the order they
 * started; each takes what it costs while the wallet has it, so a wallet runs down to exactly
 * zero and never below. What a call could not pay is its shortfall: recorded on its CDR (the
 * partner sees it) rather than lost, because the call already happened.
 *
 * Pure: bigint units of 10^-5 (money.ts) in and out.
 */
import assert from 'node:assert/strict';

export interface WalletRun {
  /** Per call, in the order given: what the wallet paid and what it could not. */
  charged: bigint[];
  shortfalls: bigint[];
  totalCharged: bigint;
  totalShortfall: bigint;
  balanceAfter: bigint;
}

/** Pays `costs` (in start order) from `balance`. Both must be >= 0 (asserted). */
export function payCallsFromWallet(balance: bigint, costs: readonly bigint[]): WalletRun {
  assert.ok(balance >= 0n, 'a prepaid wallet is never negative');
  let remaining = balance;
  let totalCharged = 0n;
  let totalShortfall = 0n;
  const charged: bigint[] = new Array(costs.length);
  const shortfalls: bigint[] = new Array(costs.length);
  for (let i = 0; i < costs.length; i += 1) {
    const cost = costs[i]!;
    assert.ok(cost >= 0n, 'a call never costs less than nothing');
    const paid = cost <= remaining ? cost : remaining;
    remaining -= paid;
    charged[i] = paid;
    shortfalls[i] = cost - paid;
    totalCharged += paid;
    totalShortfall += cost - paid;
  }
  assert.equal(balance - totalCharged, remaining, 'the wallet paid what it lost');
  assert.ok(remaining >= 0n, 'the wallet ends at zero or above');
  return { charged, shortfalls, totalCharged, totalShortfall, balanceAfter: remaining };
}
