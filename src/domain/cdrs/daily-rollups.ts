/**
 * A batch's CDRs summed per account, UTC day, direction and context: what ingestion adds to
 * cdr_daily_rollups. Pure; money in bigint units of 10^-5.
 */
import { formatMoney, parseMoney } from '../money';
import type { CdrRecord, DailyRollup } from './cdr-ingestion.queries';

interface Sums {
  rollup: Omit<DailyRollup, 'cost' | 'shortfall'>;
  cost: bigint;
  shortfall: bigint;
}

/** One roll-up per (account, day, direction, context), sorted by that key. */
export function buildDailyRollups(records: readonly CdrRecord[]): DailyRollup[] {
  const sums = new Map<string, Sums>();
  for (const record of records) {
    const startTime = record.start_time as string;
    const day = startTime.slice(0, 10);
    const key = `${record.account_id}|${day}|${record.call_direction}|${record.context}`;
    let entry = sums.get(key);
    if (!entry) {
      entry = {
        rollup: {
          accountId: String(record.account_id), partnerId: String(record.partner_id), day,
          direction: String(record.call_direction), context: String(record.context),
          calls: 0, answered: 0, durationSeconds: 0, billsec: 0, billableSeconds: 0,
          lastCallAt: startTime,
        },
        cost: 0n,
        shortfall: 0n,
      };
      sums.set(key, entry);
    }
    const { rollup } = entry;
    rollup.calls += 1;
    if (record.answer_time !== null) rollup.answered += 1;
    rollup.durationSeconds += record.duration as number;
    rollup.billsec += record.billsec as number;
    rollup.billableSeconds += record.billable_seconds as number;
    if (startTime > rollup.lastCallAt) rollup.lastCallAt = startTime;
    entry.cost += parseMoney(record.cost as string)!;
    entry.shortfall += parseMoney(record.shortfall as string)!;
  }
  return [...sums.entries()]
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([, entry]) => ({ ...entry.rollup, cost: formatMoney(entry.cost), shortfall: formatMoney(entry.shortfall) }));
}

/** Numeric account ids first (the order of the table's key), then day, direction, context. */
function compareKeys(a: string, b: string): number {
  const [accountA, ...restA] = a.split('|');
  const [accountB, ...restB] = b.split('|');
  const byAccount = BigInt(accountA!) - BigInt(accountB!);
  if (byAccount !== 0n) return byAccount < 0n ? -1 : 1;
  const restTextA = restA.join('|');
  const restTextB = restB.join('|');
  return restTextA === restTextB ? 0 : restTextA < restTextB ? -1 : 1;
}
