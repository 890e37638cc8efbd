/**
 * The counts a partner's console overview shows beside the dashboard's figures
 * (getPartnerAnalytics): its KYC funnel, numbers and trunks held by its customers, and its top
 * customers by rated cost over the period, read from the same daily roll-ups.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { KycSessionStatus } from '../../db/schema';
import { OVERVIEW_TOP_CUSTOMERS_MAX } from '../../limits';
import type { AnalyticsPeriod } from './partner-analytics';
import type { PartnerPrincipal } from '../principals';

export interface TopCustomer {
  auth_id: string;
  name: string;
  total_calls: number;
  total_cost: string;
}

export async function getPartnerOverviewCounts(
  db: Executor,
  partner: PartnerPrincipal,
  period: AnalyticsPeriod,
) {
  const [kyc, numbers, trunks, top] = await Promise.all([
    db.selectFrom('kyc_sessions').select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('partner_id', '=', partner.id).groupBy('status').execute(),
    db.selectFrom('phone_numbers as n').innerJoin('accounts as a', 'a.id', 'n.account_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('a.partner_id', '=', partner.id).executeTakeFirstOrThrow(),
    db.selectFrom('trunks as t').innerJoin('accounts as a', 'a.id', 't.account_id')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('a.partner_id', '=', partner.id).executeTakeFirstOrThrow(),
    sql<{ auth_id: string; name: string; total_calls: string; total_cost: string }>`
      select a.auth_id, a.name, sum(r.total_calls)::text as total_calls,
             sum(r.total_cost)::text as total_cost
      from cdr_daily_rollups r join accounts a on a.id = r.account_id
      where r.partner_id = ${partner.id}
        and r.day between ${period.from}::date and ${period.to}::date
      group by a.auth_id, a.name
      order by sum(r.total_cost) desc, a.auth_id
      limit ${OVERVIEW_TOP_CUSTOMERS_MAX}`.execute(db).then((result) => result.rows),
  ]);
  const kycByStatus: Partial<Record<KycSessionStatus, number>> = {};
  for (const row of kyc) kycByStatus[row.status] = Number(row.n);
  return {
    kycByStatus,
    numbers: Number(numbers.n),
    trunks: Number(trunks.n),
    topCustomers: top.map((row): TopCustomer => ({
      auth_id: row.auth_id,
      name: row.name,
      total_calls: Number(row.total_calls),
      total_cost: row.total_cost,
    })),
  };
}
