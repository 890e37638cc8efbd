/**
 * Health of one of the account's numbers (vobiz-sdk-surface.md §6 getNumberHealth): its calls
 * (inbound to it, outbound from it) per day or hour over the last `days` days, and the totals.
 * Summed from number_hourly_rollups, which ingestion appends per DID and UTC hour in the CDRs'
 * transaction (cdrs/number-rollups.queries.ts): exact as soon as the CDRs are stored. One
 * index probe per hour of the window (the hours as an array: a range would also read every
 * other number's rows of those hours); compaction keeps about one row per probe, whatever the
 * number's traffic. The window is whole hours: from the start of the hour `days` days ago to now.
 * Buckets without calls are left out.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { DAY_MS } from '../clock';
import { notFound } from '../errors';
import type { AccountPrincipal } from '../principals';
import { ownedBy } from '../sub-accounts/ownership';

export type HealthGranularity = 'daily' | 'hourly';

export interface HealthBucket {
  bucket_start: Date;
  total_calls: number;
  answered_calls: number;
  /** Seconds of all calls in the bucket (duration), and billed talk seconds (billsec). */
  total_duration: number;
  total_billsec: number;
}

export interface NumberHealth {
  e164: string;
  status: string;
  buckets: HealthBucket[];
}

interface HealthRow {
  bucket_start: Date;
  total_calls: string;
  answered_calls: string;
  total_duration: string;
  total_billsec: string;
}

/**
 * A sub-account (SA_ credentials) sees only the numbers assigned to it; a number's figures are
 * the DID's, including calls from before its assignment. Errors: not_found (not this
 * account's or this sub-account's number).
 */
export async function getNumberHealth(
  db: Executor,
  account: AccountPrincipal,
  e164: string,
  window: { granularity: HealthGranularity; days: number },
  now: Date,
): Promise<NumberHealth> {
  const number = await db.selectFrom('phone_numbers').select(['e164', 'status'])
    .where('e164', '=', e164).where(ownedBy(account, 'phone_numbers')).executeTakeFirst();
  if (!number) throw notFound('Number');
  const unit = window.granularity === 'daily' ? 'day' : 'hour';
  const since = new Date(now.getTime() - window.days * DAY_MS);
  const { rows } = await sql<HealthRow>`
    select date_trunc(${unit}, r.hour, 'UTC') as bucket_start, sum(r.total_calls) as total_calls,
           sum(r.answered_calls) as answered_calls,
           sum(r.total_duration_seconds) as total_duration, sum(r.total_billsec) as total_billsec
    from number_hourly_rollups r
    where r.hour = any(array(select generate_series(date_trunc('hour', ${since}::timestamptz,
                                                               'UTC'),
                                                    ${now}::timestamptz, interval '1 hour')))
      and r.account_id = ${account.id} and r.e164 = ${e164}
    group by 1 order by 1`.execute(db);
  return {
    e164: number.e164,
    status: number.status,
    buckets: rows.map((row) => ({
      bucket_start: new Date(row.bucket_start),
      total_calls: Number(row.total_calls),
      answered_calls: Number(row.answered_calls),
      total_duration: Number(row.total_duration),
      total_billsec: Number(row.total_billsec),
    })),
  };
}
