/**
 * GET /account/{auth_id}/numbers/{e164}/health: a number's own calls (inbound to it, outbound
 * from it) per day or hour over the window, totals recomputed by hand and equal to a direct count
 * of the CDRs as soon as a batch is stored (the route sums the per-number roll-up rows each batch
 * appends); compaction folds an hour's rows to one, run again, twice at once or beside a batch
 * still open; another account's number is 404 and the window is bounded.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { NUMBER_HEALTH_DAYS_MAX } from '../../../src/limits';
import { useTestApp } from '../../support/app';
import { authHeaders, type Credentials } from '../../support/factories';
import { CDR_TEST_NOW, cdrRow, ingestOk } from '../../support/cdrs';
import { manualClock } from '../../../src/domain/clock';
import { fundedCustomer, purchase, stockNumber } from '../../support/numbers';
import { runJobsOnce, workerDepsOf } from '../../support/kyc';
import {
  NUMBER_ROLLUPS_COMPACT_JOB,
  compactNumberRollups,
} from '../../../src/domain/cdrs/number-rollup-jobs';

const clock = manualClock(CDR_TEST_NOW);
const t = useTestApp({ clock });

function health(customer: Credentials, e164: string, query = '') {
  return t.current.app.inject({
    url: `/api/v1/account/${customer.authId}/numbers/${encodeURIComponent(encodeURIComponent(e164))}/health${query}`,
    headers: authHeaders(customer),
  });
}

describe('GET /account/{auth_id}/numbers/{e164}/health', () => {
  it("counts the number's own calls per day and per hour", async () => {
    const { app } = t.current;
    const customer = await fundedCustomer(app, '2000.00');
    const e164 = await stockNumber(app, { setup_fee: '0', monthly_fee: '0' });
    expect((await purchase(app, customer, e164)).statusCode).toBe(200);
    await ingestOk(app, [
      cdrRow({ account: customer, direction: 'inbound', to: e164, start: '2026-07-19T10:00:00Z', talk: 90 }),
      cdrRow({ account: customer, direction: 'inbound', to: e164, start: '2026-07-19T10:30:00Z', talk: 30 }),
      cdrRow({ account: customer, direction: 'outbound', from: e164, start: '2026-07-20T09:00:00Z', talk: null }),
      // Another number's call, and a call too old for a 7-day window.
      cdrRow({ account: customer, direction: 'outbound', start: '2026-07-19T11:00:00Z' }),
      cdrRow({ account: customer, direction: 'inbound', to: e164, start: '2026-07-01T10:00:00Z' }),
    ]);
    const daily = await health(customer, e164);
    expect(daily.statusCode, daily.body).toBe(200);
    expect(daily.json()).toMatchObject({
      e164, status: 'active', usage_status: 'active', is_spam: false, granularity: 'daily',
      summary: {
        period_days: 7, total_calls: 3, answered_calls: 2, answer_rate: 66.67, total_minutes: 2,
        avg_duration: 60,
      },
    });
    expect(daily.json().snapshots.map((s: { ts: string; total_calls: number; failed_calls: number }) =>
      [s.ts, s.total_calls, s.failed_calls])).toEqual([
      ['2026-07-19T00:00:00.000Z', 2, 0], ['2026-07-20T00:00:00.000Z', 1, 1],
    ]);
    const hourly = await health(customer, e164, '?granularity=hourly&days=30');
    expect(hourly.json().summary.total_calls).toBe(4);
    expect(hourly.json().snapshots[1]).toMatchObject({
      ts: '2026-07-19T10:00:00.000Z', total_calls: 2, total_duration: 130, avg_duration: 60,
    });
  });

  it("is 404 for another account's number and bounds the window", async () => {
    const { app } = t.current;
    const owner = await fundedCustomer(app, '2000.00');
    const other = await fundedCustomer(app, '0');
    const e164 = await stockNumber(app);
    expect((await purchase(app, owner, e164)).statusCode).toBe(200);
    expect((await health(other, e164)).statusCode).toBe(404);
    expect((await health(owner, e164, `?days=${NUMBER_HEALTH_DAYS_MAX + 1}`)).statusCode).toBe(422);
    expect((await health(owner, e164, '?days=0')).statusCode).toBe(422);
    expect((await health(owner, e164, '?granularity=weekly')).statusCode).toBe(422);
    const quiet = await health(owner, e164);
    expect(quiet.json()).toMatchObject({ usage_status: 'unused', snapshots: [], summary: { total_calls: 0 } });
  });
});

describe('health from the per-number roll-ups', () => {
  /** The number's calls counted from the CDRs themselves, per bucket, over the same window. */
  async function countedFromCdrs(customer: Credentials, e164: string, unit: 'day' | 'hour', days: number) {
    const { rows } = await sql<{ ts: Date; calls: string; answered: string; duration: string; billsec: string }>`
      select date_trunc(${unit}, c.start_time, 'UTC') as ts, count(*) as calls,
        count(c.answer_time) as answered, sum(c.duration) as duration, sum(c.billsec) as billsec
      from cdrs c join accounts a on a.id = c.account_id
      where a.auth_id = ${customer.authId}
        and c.start_time >= date_trunc('hour', ${CDR_TEST_NOW}::timestamptz - make_interval(days => ${days}), 'UTC')
        and c.start_time <= ${CDR_TEST_NOW}
        and ((c.call_direction = 'inbound' and c.destination_number = ${e164})
          or (c.call_direction = 'outbound' and c.caller_id_number = ${e164}))
      group by 1 order by 1`.execute(t.current.deps.db);
    return rows.map((row) => [row.ts.toISOString(), Number(row.calls), Number(row.answered),
      Number(row.duration), Math.round((Number(row.billsec) / 60) * 100) / 100]);
  }

  it('equals a direct count of the CDRs per hour and per day, across batches and resends', async () => {
    const { app } = t.current;
    const customer = await fundedCustomer(app, '2000.00');
    const e164 = await stockNumber(app, { setup_fee: '0', monthly_fee: '0' });
    expect((await purchase(app, customer, e164)).statusCode).toBe(200);
    const rows = Array.from({ length: 60 }, (_, i) => cdrRow({
      account: customer,
      direction: i % 3 === 0 ? 'outbound' : 'inbound',
      ...(i % 3 === 0 ? { from: e164 } : { to: e164 }),
      // Every 7 hours 13 minutes back from just before now: many hours over ~18 days.
      start: new Date(CDR_TEST_NOW.getTime() - 60_000 - i * 26_000_000).toISOString().slice(0, 19) + 'Z',
      talk: i % 4 === 0 ? null : 17 * i,
    }));
    const noise = [cdrRow({ account: customer, direction: 'outbound', start: '2026-07-19T10:00:00Z' })];
    await ingestOk(app, rows.slice(0, 25).concat(noise));
    await ingestOk(app, rows.slice(20));
    for (const [granularity, unit, days] of [
      ['hourly', 'hour', 2], ['hourly', 'hour', 30], ['daily', 'day', 7], ['daily', 'day', 30],
    ] as const) {
      const body = (await health(customer, e164, `?granularity=${granularity}&days=${days}`)).json();
      const expected = await countedFromCdrs(customer, e164, unit, days);
      expect(expected.length).toBeGreaterThan(1);
      expect(body.snapshots.map((s: Record<string, number | string>) =>
        [s.ts, s.total_calls, s.answered_calls, s.total_duration, s.total_minutes])).toEqual(expected);
      expect(body.summary.total_calls).toBe(expected.reduce((sum, row) => sum + Number(row[1]), 0));
    }
  });

  const counted = (body: { snapshots: Record<string, number | string>[] }) => body.snapshots
    .map((s) => [s.ts, s.total_calls, s.answered_calls, s.total_duration, s.total_minutes]);

  /** Roll-up rows of the number per hour: compaction leaves one per hour. */
  async function rowsPerHour(e164: string) {
    const { rows } = await sql<{ rows: number }>`select count(*)::int as rows
      from number_hourly_rollups where e164 = ${e164} group by hour order by hour`
      .execute(t.current.deps.db);
    return rows.map((row) => row.rows);
  }

  /** Six calls in the 3 hours before CDR_TEST_NOW (an hour start), `perBatch` a request. */
  async function ingestSpread(customer: Credentials, e164: string, perBatch: number, talk = 10) {
    const rows = Array.from({ length: 6 }, (_, i) => cdrRow({
      account: customer, direction: 'inbound', to: e164, talk: talk * i,
      start: new Date(CDR_TEST_NOW.getTime() - 3_600_000 * (1 + (i % 3)) + 60_000 * i)
        .toISOString().slice(0, 19) + 'Z',
    }));
    for (let i = 0; i < rows.length; i += perBatch) {
      await ingestOk(t.current.app, rows.slice(i, i + perBatch));
    }
  }

  it('is exact once a batch is stored, and compaction folds each hour to one row', async () => {
    const { app, deps } = t.current;
    const customer = await fundedCustomer(app, '2000.00');
    const e164 = await stockNumber(app, { setup_fee: '0', monthly_fee: '0' });
    expect((await purchase(app, customer, e164)).statusCode).toBe(200);
    await ingestSpread(customer, e164, 1);
    const hourly = async () => (await health(customer, e164, '?granularity=hourly&days=2')).json();
    const expected = await countedFromCdrs(customer, e164, 'hour', 2);
    // No job in between: the batches' own transactions added the rows.
    expect(counted(await hourly())).toEqual(expected);
    expect(await rowsPerHour(e164)).toEqual([2, 2, 2]);
    // The minute's job, then a run again (a worker that died after committing): once.
    await sql`select graphile_worker.add_job(${NUMBER_ROLLUPS_COMPACT_JOB}::text)`.execute(deps.db);
    await runJobsOnce(workerDepsOf(t.current));
    expect(await rowsPerHour(e164)).toEqual([1, 1, 1]);
    expect(await compactNumberRollups(deps.db)).toBe(0);
    expect(counted(await hourly())).toEqual(expected);
    expect((await hourly()).summary.total_calls).toBe(6);
  });

  it('counts each row once when two compactions race', async () => {
    const { app, deps } = t.current;
    const customer = await fundedCustomer(app, '2000.00');
    const e164 = await stockNumber(app, { setup_fee: '0', monthly_fee: '0' });
    expect((await purchase(app, customer, e164)).statusCode).toBe(200);
    await ingestSpread(customer, e164, 1);
    const expected = await countedFromCdrs(customer, e164, 'hour', 2);
    const folded = await Promise.all([compactNumberRollups(deps.db),
      compactNumberRollups(deps.db)]);
    expect(folded.reduce((a, b) => a + b)).toBeGreaterThanOrEqual(3);
    expect(await rowsPerHour(e164)).toEqual([1, 1, 1]);
    expect(counted((await health(customer, e164, '?granularity=hourly&days=2')).json()))
      .toEqual(expected);
  });

  it('leaves a batch still open for the next compaction', async () => {
    const { app, deps } = t.current;
    const customer = await fundedCustomer(app, '2000.00');
    const e164 = await stockNumber(app, { setup_fee: '0', monthly_fee: '0' });
    expect((await purchase(app, customer, e164)).statusCode).toBe(200);
    await ingestSpread(customer, e164, 3);
    const hour = new Date(CDR_TEST_NOW.getTime() - 3_600_000);
    hour.setUTCMinutes(0, 0, 0);
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    let written!: () => void;
    const open = new Promise<void>((resolve) => { written = resolve; });
    const batch = deps.db.transaction().execute(async (trx) => {
      await sql`insert into number_hourly_rollups (account_id, e164, hour, total_calls,
          answered_calls, total_duration_seconds, total_billsec)
        select account_id, e164, hour, 5, 1, 50, 20 from number_hourly_rollups
        where e164 = ${e164} and hour = ${hour} limit 1`.execute(trx);
      await sql`insert into number_rollup_dirty_hours (hour) values (${hour})`.execute(trx);
      written();
      await held;
    });
    await open;
    expect(await compactNumberRollups(deps.db)).toBeGreaterThan(0);
    release();
    await batch;
    expect(await rowsPerHour(e164)).toEqual([1, 1, 2]);
    expect(await compactNumberRollups(deps.db)).toBe(1);
    expect(await rowsPerHour(e164)).toEqual([1, 1, 1]);
    const body = (await health(customer, e164, '?granularity=hourly&days=2')).json();
    expect(body.summary.total_calls).toBe(6 + 5);
  });
});
