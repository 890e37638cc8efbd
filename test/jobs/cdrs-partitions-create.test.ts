/**
 * The cdrs_partitions_create job keeps monthly CDR partitions ready ahead of time; it is
 * idempotent (a rerun or a second worker changes nothing) and runs through graphile-worker.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock';
import { listCdrPartitionMonths, monthOf, monthsFrom } from '../../src/domain/cdrs/cdr-partitions';
import { cdrsPartitionsCreate } from '../../src/jobs/tasks/cdrs-partitions-create';
import { useTestApp } from '../support/app';
import { SILENT_LOGGER, runCronTaskOnce } from '../support/jobs';

const clock = manualClock(new Date('2031-11-20T10:00:00Z'));
const t = useTestApp({ clock });

async function runWorkerOnce(): Promise<void> {
  const { handle } = t.current.database;
  await runCronTaskOnce(handle, 'cdrs_partitions_create', { cdrs_partitions_create: cdrsPartitionsCreate(handle.db, clock) });
}

describe('cdrs_partitions_create', () => {
  it('creates this month and the next three, once, across a year boundary', async () => {
    const { db } = t.current.database.handle;
    expect(await listCdrPartitionMonths(db)).not.toContain('2031-11-01');
    await runWorkerOnce();
    await runWorkerOnce();
    const months = await listCdrPartitionMonths(db);
    expect(months).toEqual(expect.arrayContaining(['2031-11-01', '2031-12-01', '2032-01-01', '2032-02-01']));
    expect(months).not.toContain('2032-03-01');
    expect(new Set(months).size).toBe(months.length);
    const { rows } = await sql<{ n: string }>`select count(*)::text as n from graphile_worker.jobs`.execute(db);
    expect(rows[0]!.n).toBe('0');
  });

  it('is safe to run concurrently', async () => {
    const { db } = t.current.database.handle;
    clock.set(new Date('2035-03-31T23:59:59Z'));
    const task = cdrsPartitionsCreate(db, clock);
    const helpers = { logger: SILENT_LOGGER } as unknown as Parameters<typeof task>[1];
    await Promise.all([task({}, helpers), task({}, helpers), task({}, helpers)]);
    expect(await listCdrPartitionMonths(db)).toEqual(expect.arrayContaining(['2035-03-01', '2035-06-01']));
  });

  it('names months in UTC', () => {
    expect(monthOf(Date.parse('2026-07-31T23:59:59.999Z'))).toBe('2026-07-01');
    expect(monthOf(Date.parse('2026-08-01T00:00:00+05:30'))).toBe('2026-07-01');
    expect(monthsFrom(new Date('2026-11-15T00:00:00Z'), 4)).toEqual(['2026-11-01', '2026-12-01', '2027-01-01', '2027-02-01']);
  });
});
