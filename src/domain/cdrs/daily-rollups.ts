/**
 * A batch's CDRs summed per account, UTC day, direction and context: what ingestion adds to
 * cdr_daily_rollups. Pure; money in bigint units of 10^-5. Runs for every row of every batch,
 * so money arrives as units (no text parsing) and keys sort as tuples (no string splitting).
 */
import { formatMoney } from '../money';
import type { CdrRecord, DailyRollup } from './cdr-ingestion.queries';

export interface RolledCall {
  record: CdrRecord;
  startMs: number;
  costUnits: bigint;
  shortfallUnits: bigint;
}

type Money = 'cost' | 'shortfall' | 'answeredCost' | 'answeredShortfall';

interface Sums {
  rollup: Omit<DailyRollup, Money>;
  /** accounts.id as a number (ids stay far below 2^53), for sorting. */
  accountNumber: number;
  lastCallMs: number;
  lastAnsweredMs: number;
  lastUnansweredMs: number;
  money: Record<Money, bigint>;
}

/** One roll-up per (account, day, direction, context), sorted by that key (the table's). */
export function buildDailyRollups(calls: readonly RolledCall[]): DailyRollup[] {
  const sums = new Map<string, Sums>();
  for (const { record, startMs, costUnits, shortfallUnits } of calls) {
    const startTime = record.start_time as string;
    // start_time is UTC text ("…Z"), so its first 10 characters are the UTC day.
    const day = startTime.slice(0, 10);
    const key = `${record.account_id}|${day}|${record.call_direction}|${record.context}`;
    let entry = sums.get(key);
    if (!entry) {
      entry = {
        rollup: {
          accountId: String(record.account_id), partnerId: String(record.partner_id), day,
          direction: String(record.call_direction), context: String(record.context),
          calls: 0, answered: 0, durationSeconds: 0, billsec: 0, billableSeconds: 0,
          lastCallAt: startTime, answeredDurationSeconds: 0, lastAnsweredAt: null,
          lastUnansweredAt: null,
        },
        accountNumber: Number(record.account_id),
        lastCallMs: startMs,
        lastAnsweredMs: -Infinity,
        lastUnansweredMs: -Infinity,
        money: { cost: 0n, shortfall: 0n, answeredCost: 0n, answeredShortfall: 0n },
      };
      sums.set(key, entry);
    }
    const { rollup } = entry;
    rollup.calls += 1;
    const duration = record.duration as number;
    if (record.answer_time !== null) {
      rollup.answered += 1;
      rollup.answeredDurationSeconds += duration;
      entry.money.answeredCost += costUnits;
      entry.money.answeredShortfall += shortfallUnits;
      if (startMs > entry.lastAnsweredMs) {
        entry.lastAnsweredMs = startMs;
        rollup.lastAnsweredAt = startTime;
      }
    } else if (startMs > entry.lastUnansweredMs) {
      entry.lastUnansweredMs = startMs;
      rollup.lastUnansweredAt = startTime;
    }
    rollup.durationSeconds += duration;
    rollup.billsec += record.billsec as number;
    rollup.billableSeconds += record.billable_seconds as number;
    if (startMs > entry.lastCallMs) {
      entry.lastCallMs = startMs;
      rollup.lastCallAt = startTime;
    }
    entry.money.cost += costUnits;
    entry.money.shortfall += shortfallUnits;
  }
  return [...sums.values()].sort(compareSums).map(({ rollup, money }) => ({
    ...rollup,
    cost: formatMoney(money.cost),
    shortfall: formatMoney(money.shortfall),
    answeredCost: formatMoney(money.answeredCost),
    answeredShortfall: formatMoney(money.answeredShortfall),
  }));
}

function compareSums(a: Sums, b: Sums): number {
  return a.accountNumber - b.accountNumber
    || compareText(a.rollup.day, b.rollup.day)
    || compareText(a.rollup.direction, b.rollup.direction)
    || compareText(a.rollup.context, b.rollup.context);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
