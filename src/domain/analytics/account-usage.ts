/**
 * A customer's own calls per day over a period, from the daily roll-ups (as the partner's
 * dashboard reads them): what the console's usage chart draws.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { DAY_MS } from '../clock';
import type { AccountPrincipal } from '../principals';
import type { AnalyticsPeriod } from './partner-analytics';

export interface UsageDay {
  date: string;
  total_calls: number;
  answered_calls: number;
  /** Talk time in minutes, 2 decimals (the dashboard's definition). */
  total_minutes: number;
  /** Exact decimal text. */
  total_cost: string;
}

export async function getAccountUsage(
  db: Executor,
  account: AccountPrincipal,
  period: AnalyticsPeriod,
): Promise<UsageDay[]> {
  type Row = { day: string; calls: string; answered: string; billsec: string; cost: string };
  const { rows } = await sql<Row>`
    select day::text as day, sum(total_calls)::text as calls, sum(answered_calls)::text as answered,
           sum(total_billsec)::text as billsec, sum(total_cost)::text as cost
    from cdr_daily_rollups
    where account_id = ${account.id} and day between ${period.from}::date and ${period.to}::date
    group by day`.execute(db);
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const days: UsageDay[] = [];
  for (let ms = Date.parse(period.from); ms <= Date.parse(period.to); ms += DAY_MS) {
    const date = new Date(ms).toISOString().slice(0, 10);
    const row = byDay.get(date);
    days.push({
      date,
      total_calls: Number(row?.calls ?? 0),
      answered_calls: Number(row?.answered ?? 0),
      total_minutes: Math.round((Number(row?.billsec ?? 0) / 60) * 100) / 100,
      total_cost: row?.cost ?? '0',
    });
  }
  return days;
}
