/**
 * Monthly partitions of `cdrs` (migration 0031). Creating a partition locks the parent table
 * briefly, so it never happens inside an ingestion transaction: the cdrs_partitions_create job
 * keeps CDR_PARTITION_MONTHS_AHEAD months ready, and ingestion creates the months a batch
 * touches (a backfill) before it opens its transaction. Months known to exist are remembered
 * per database handle, so the common batch pays no round trip for this.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database';
import { CDR_PARTITION_MONTHS_AHEAD } from '../../limits';

const knownMonths = new WeakMap<Database, Set<string>>();

/** "2026-07-01" for any time in July 2026 (UTC). */
export function monthOf(ms: number): string {
  const date = new Date(ms);
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${date.getUTCFullYear()}-${month}-01`;
}

/** Months as "YYYY-MM-01" from the month of `from` through `count` - 1 months later. */
export function monthsFrom(from: Date, count: number): string[] {
  const months: string[] = [];
  for (let offset = 0; offset < count; offset += 1) {
    months.push(monthOf(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + offset, 1)));
  }
  return months;
}

/** Ensures a partition exists for each month ("YYYY-MM-01"). Idempotent and concurrency-safe. */
export async function ensureCdrPartitions(db: Database, months: Iterable<string>): Promise<void> {
  let known = knownMonths.get(db);
  if (!known) {
    known = new Set();
    knownMonths.set(db, known);
  }
  const missing = [...new Set(months)].filter((month) => !known.has(month));
  if (missing.length === 0) return;
  await sql`select cdrs_ensure_partition(m) from unnest(${missing}::date[]) as m`.execute(db);
  for (const month of missing) known.add(month);
}

/**
 * Creates this month's partition and the next CDR_PARTITION_MONTHS_AHEAD months' (the daily job),
 * so a switch's CDRs never wait on DDL. Returns the months it ensured.
 */
export async function createCdrPartitionsAhead(db: Database, now: Date): Promise<string[]> {
  const months = monthsFrom(now, CDR_PARTITION_MONTHS_AHEAD + 1);
  await ensureCdrPartitions(db, months);
  return months;
}

/** The partitions that exist, as "YYYY-MM-01", oldest first (for operators and tests). */
export async function listCdrPartitionMonths(db: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'cdrs'::regclass order by 1`.execute(db);
  return rows.map(({ name }) => `${name.slice(5, 9)}-${name.slice(10, 12)}-01`);
}
