/**
 * The partner dashboard and analytics (vobiz-api.md 1.2): the partner's profile, its customers,
 * the money they hold, and their calls over a period, in total, by direction, by product and per
 * day. Calls come from the daily roll-ups ingestion keeps (cdr_daily_rollups), never from a scan
 * of the CDRs: a year of a busy partner is at most 366 x 2 x 2 grouped rows.
 *
 * Definitions (Vobiz's are UNKNOWN): total_minutes = talk time (billsec) / 60, 2 decimals;
 * total_cost = what the calls were rated at, 2 decimals (shortfalls included: it is revenue the
 * partner is owed); total_balance = the sum of the customers' wallets; days are UTC.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import {
  ANALYTICS_CUSTOMERS_LISTED_MAX,
  ANALYTICS_PERIOD_DAYS_DEFAULT,
  ANALYTICS_PERIOD_DAYS_MAX,
} from '../../limits';
import { DAY_MS } from '../clock';
import { invalidField } from '../errors';
import { formatMoney, parseMoney } from '../money';
import type { PartnerPrincipal } from '../principals';
import { findDefaultPricingTierId } from '../pricing/pricing-tiers';
import { getPartnerProfile } from '../partners/partners';

export interface AnalyticsPeriod {
  /** YYYY-MM-DD, UTC, both included. */
  from: string;
  to: string;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The period asked for, defaulting to the last ANALYTICS_PERIOD_DAYS_DEFAULT days up to today.
 * Errors: validation_failed (to before from, or longer than ANALYTICS_PERIOD_DAYS_MAX days).
 */
export function resolvePeriod(now: Date, fromDate?: string, toDate?: string): AnalyticsPeriod {
  const span = (ANALYTICS_PERIOD_DAYS_DEFAULT - 1) * DAY_MS;
  const to = toDate ?? isoDay(fromDate ? Date.parse(fromDate) + span : now.getTime());
  const from = fromDate ?? isoDay(Date.parse(to) - span);
  if (to < from) {
    throw invalidField(['query', 'to_date'], 'to_date must not be before from_date', to);
  }
  if (daysIn({ from, to }) > ANALYTICS_PERIOD_DAYS_MAX) {
    const msg = `the period is at most ${ANALYTICS_PERIOD_DAYS_MAX} days`;
    throw invalidField(['query', 'to_date'], msg, to);
  }
  return { from, to };
}

function daysIn(period: AnalyticsPeriod): number {
  return (Date.parse(period.to) - Date.parse(period.from)) / DAY_MS + 1;
}

interface GroupRow {
  day: string;
  call_direction: 'inbound' | 'outbound';
  context: 'voice-api' | 'sip-trunking';
  total_calls: string;
  answered_calls: string;
  total_billsec: string;
  total_cost: string;
}

export interface CallFigures {
  total_calls: number;
  answered_calls: number;
  total_minutes: number;
  total_cost: string;
}

/** Everything /dashboard and /analytics show, for the partner and the period. */
export async function getPartnerAnalytics(
  db: Executor,
  partner: PartnerPrincipal,
  period: AnalyticsPeriod,
) {
  const [profile, defaultTierId, accounts, customers, groups] = await Promise.all([
    getPartnerProfile(db, partner.id),
    findDefaultPricingTierId(db, partner.id),
    countAccounts(db, partner.id),
    db.selectFrom('accounts')
      .select(['auth_id', 'name', 'email', 'phone', 'status', 'created_at'])
      .where('partner_id', '=', partner.id)
      .orderBy('created_at', 'desc').orderBy('id', 'desc')
      .limit(ANALYTICS_CUSTOMERS_LISTED_MAX).execute(),
    sql<GroupRow>`
      select day::text as day, call_direction, context, sum(total_calls)::text as total_calls,
             sum(answered_calls)::text as answered_calls, sum(total_billsec)::text as total_billsec,
             sum(total_cost)::text as total_cost
      from cdr_daily_rollups
      where partner_id = ${partner.id} and day between ${period.from}::date and ${period.to}::date
      group by 1, 2, 3`.execute(db).then((result) => result.rows),
  ]);
  return {
    profile: { ...profile, default_pricing_tier_id: defaultTierId },
    period,
    accounts: { total: accounts.total, active: accounts.active, customers },
    total_balance: formatMoney(parseMoney(accounts.balance)!, 2),
    currency: profile.currency,
    calls: figures(groups),
    traffic: {
      inbound: figures(groups.filter((group) => group.call_direction === 'inbound')),
      outbound: figures(groups.filter((group) => group.call_direction === 'outbound')),
    },
    by_product: {
      sip_trunking: figures(groups.filter((group) => group.context === 'sip-trunking')),
      voice_api: figures(groups.filter((group) => group.context === 'voice-api')),
    },
    time_series: timeSeries(period, groups),
  };
}

async function countAccounts(db: Executor, partnerId: string) {
  const { rows } = await sql<{ total: string; active: string; balance: string }>`
    select count(*)::text as total, count(*) filter (where a.status = 'active')::text as active,
           coalesce(sum(w.balance), 0)::text as balance
    from accounts a join wallets w on w.account_id = a.id
    where a.partner_id = ${partnerId}`.execute(db);
  const row = rows[0]!;
  return { total: Number(row.total), active: Number(row.active), balance: row.balance };
}

function figures(groups: readonly GroupRow[]): CallFigures {
  let calls = 0;
  let answered = 0;
  let billsec = 0;
  let cost = 0n;
  for (const group of groups) {
    calls += Number(group.total_calls);
    answered += Number(group.answered_calls);
    billsec += Number(group.total_billsec);
    cost += parseMoney(group.total_cost)!;
  }
  return {
    total_calls: calls,
    answered_calls: answered,
    total_minutes: Math.round((billsec / 60) * 100) / 100,
    total_cost: formatMoney(cost, 2),
  };
}

function timeSeries(period: AnalyticsPeriod, groups: readonly GroupRow[]) {
  const byDay = new Map<string, GroupRow[]>();
  for (const group of groups) byDay.set(group.day, [...(byDay.get(group.day) ?? []), group]);
  const series = [];
  for (let ms = Date.parse(period.from); ms <= Date.parse(period.to); ms += DAY_MS) {
    const date = isoDay(ms);
    const day = byDay.get(date) ?? [];
    const direction = (name: string) => {
      const calls = day.filter((group) => group.call_direction === name);
      const { total_cost: _cost, ...rest } = figures(calls);
      return rest;
    };
    series.push({
      date, ...figures(day), inbound: direction('inbound'), outbound: direction('outbound'),
    });
  }
  return series;
}
