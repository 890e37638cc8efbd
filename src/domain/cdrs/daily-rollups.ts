/**
 * What a batch adds to cdr_daily_rollups: its stored calls summed per account, UTC day,
 * direction and context. Pure; money in bigint units of 10^-5 (money.ts). Runs over every call
 * of every batch, so it reads numbers already at hand (start ms, cost units) and keys are numbers,
 * not joined strings.
 */
import { DAY_MS } from '../clock';
import { numericLiteral } from '../money';
import type { RatedCall } from './ingest-rating';

export interface DailyRollup {
  accountId: string;
  partnerId: string;
  /** UTC day, YYYY-MM-DD. */
  day: string;
  direction: string;
  context: string;
  calls: number;
  answered: number;
  durationSeconds: number;
  billsec: number;
  billableSeconds: number;
  /** Exact numeric text (money.ts numericLiteral), like every money column below. */
  cost: string;
  shortfall: string;
  lastCallAt: string;
  answeredDurationSeconds: number;
  answeredCost: string;
  answeredShortfall: string;
  lastAnsweredAt: string | null;
  lastUnansweredAt: string | null;
}

/** A roll-up while it is summed: the counts as they will be, money still in units. */
interface Sums extends Pick<DailyRollup, 'day' | 'direction' | 'context' | 'calls' | 'answered'
  | 'durationSeconds' | 'billsec' | 'billableSeconds' | 'answeredDurationSeconds'> {
  accountNumber: number;
  key: number;
  account: RatedCall['account'];
  cost: bigint;
  shortfall: bigint;
  answeredCost: bigint;
  answeredShortfall: bigint;
  lastCall: RatedCall;
  lastAnswered: RatedCall | null;
  lastUnanswered: RatedCall | null;
}

/**
 * One roll-up per (account, day, direction, context) of `calls`, in that key's order (the
 * table's, so two batches upsert in one order and never wait on each other in a cycle).
 * `shortfalls` holds what the wallet could not pay, by call uuid (absent: paid in full).
 */
export function sumDailyRollups(
  calls: readonly RatedCall[],
  shortfalls: ReadonlyMap<string, bigint>,
): DailyRollup[] {
  const byAccount = new Map<string, Map<number, Sums>>();
  for (const call of calls) {
    const { cdr } = call;
    let sums = byAccount.get(call.account.id);
    if (sums === undefined) {
      sums = new Map();
      byAccount.set(call.account.id, sums);
    }
    const key = dayKey(cdr);
    let entry = sums.get(key);
    if (entry === undefined) {
      entry = newSums(call, key);
      sums.set(key, entry);
    }
    add(entry, call, shortfalls.get(cdr.uuid) ?? 0n);
  }
  return [...byAccount.values()].flatMap((sums) => [...sums.values()])
    .sort((a, b) => a.accountNumber - b.accountNumber || a.key - b.key)
    .map(toRollup);
}

/**
 * (UTC day, direction, context) as one number, ordered as the table orders that text: a map
 * keyed by numbers skips building and hashing a string per call.
 */
function dayKey(cdr: RatedCall['cdr']): number {
  return Math.floor(cdr.startMs / DAY_MS) * 4
    + (cdr.call_direction === 'inbound' ? 0 : 2)
    + (cdr.context === 'sip-trunking' ? 0 : 1);
}

function newSums(call: RatedCall, key: number): Sums {
  return {
    accountNumber: Number(call.account.id), key, account: call.account,
    // start_time is UTC text ("YYYY-MM-DDTHH:MM:SS…Z", ingest-rows.ts): it begins with the day.
    day: call.cdr.start_time.slice(0, 10),
    direction: call.cdr.call_direction, context: call.cdr.context,
    calls: 0, answered: 0, durationSeconds: 0, billsec: 0, billableSeconds: 0,
    answeredDurationSeconds: 0, cost: 0n, shortfall: 0n, answeredCost: 0n, answeredShortfall: 0n,
    lastCall: call, lastAnswered: null, lastUnanswered: null,
  };
}

function add(entry: Sums, call: RatedCall, shortfall: bigint): void {
  const { cdr } = call;
  entry.calls += 1;
  entry.durationSeconds += cdr.duration;
  entry.billsec += cdr.billsec;
  entry.billableSeconds += call.billableSeconds;
  entry.cost += call.costUnits;
  entry.shortfall += shortfall;
  if (cdr.startMs > entry.lastCall.cdr.startMs) entry.lastCall = call;
  if (cdr.answered) {
    entry.answered += 1;
    entry.answeredDurationSeconds += cdr.duration;
    entry.answeredCost += call.costUnits;
    entry.answeredShortfall += shortfall;
    if (entry.lastAnswered === null || cdr.startMs > entry.lastAnswered.cdr.startMs) {
      entry.lastAnswered = call;
    }
  } else if (entry.lastUnanswered === null || cdr.startMs > entry.lastUnanswered.cdr.startMs) {
    entry.lastUnanswered = call;
  }
}

function toRollup(sums: Sums): DailyRollup {
  return {
    accountId: sums.account.id, partnerId: sums.account.partner_id, day: sums.day,
    direction: sums.direction, context: sums.context, calls: sums.calls, answered: sums.answered,
    durationSeconds: sums.durationSeconds, billsec: sums.billsec,
    billableSeconds: sums.billableSeconds, cost: numericLiteral(sums.cost),
    shortfall: numericLiteral(sums.shortfall), lastCallAt: sums.lastCall.cdr.start_time,
    answeredDurationSeconds: sums.answeredDurationSeconds,
    answeredCost: numericLiteral(sums.answeredCost),
    answeredShortfall: numericLiteral(sums.answeredShortfall),
    lastAnsweredAt: sums.lastAnswered?.cdr.start_time ?? null,
    lastUnansweredAt: sums.lastUnanswered?.cdr.start_time ?? null,
  };
}
