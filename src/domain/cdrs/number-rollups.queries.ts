/**
 * number_hourly_rollups is append-only (migration 0120): a batch COPYs its per-number roll-ups
 * (number-rollups.ts) as new rows and the hours they fall in as dirty, and compaction later
 * folds each dirty hour's rows into one per (account, DID, hour). Every column is a sum, so the
 * rows of a key add up to the same totals before and after.
 */
import { sql } from 'kysely';
import type { CopyIn, DatabaseTransaction } from '../../db/database';
import { chunksOf } from './cdr-ingestion.queries';
import type { NumberRollup } from './number-rollups';

/**
 * In the batch's transaction: its sums as rows, and each hour they touch once as dirty. Checked
 * values only (ids, E.164, UTC times, integers): nothing COPY text must escape.
 */
export async function copyNumberRollups(copyIn: CopyIn, rollups: readonly NumberRollup[]) {
  if (rollups.length === 0) return;
  await copyIn(`copy number_hourly_rollups (account_id, e164, hour, total_calls, answered_calls,
    total_duration_seconds, total_billsec) from stdin`, chunksOf(rollups, (r) =>
    `${r.accountId}\t${r.e164}\t${r.hour}\t${r.calls}\t${r.answered}\t${r.durationSeconds}\t`
    + `${r.billsec}\n`));
  const hours = [...new Set(rollups.map((rollup) => rollup.hour))];
  await copyIn('copy number_rollup_dirty_hours (hour) from stdin', [`${hours.join('\n')}\n`]);
}

/**
 * Takes the dirty hours committed so far and folds their rows: in a statement of its own, so
 * its snapshot holds every batch whose dirty hours were taken (a batch commits both at once);
 * a batch still open keeps its dirty hours for the next run. Only the rows this transaction
 * deleted are summed back, so a concurrent compaction of the same hour never counts twice.
 * Takes at most `dirtyRowsMax` dirty rows; says how many it took and how many hours they held.
 */
export async function compactDirtyHours(
  trx: DatabaseTransaction,
  dirtyRowsMax: number,
): Promise<{ dirtyRows: number; hours: number }> {
  const { rows } = await sql<{ hour: Date }>`
    delete from number_rollup_dirty_hours where ctid = any(array(
      select ctid from number_rollup_dirty_hours limit ${dirtyRowsMax}))
    returning hour`.execute(trx);
  const hours = [...new Set(rows.map((row) => row.hour.toISOString()))].sort();
  if (hours.length === 0) return { dirtyRows: 0, hours: 0 };
  await sql`
    with keys as (
      select hour, account_id, e164 from number_hourly_rollups
      where hour = any(${hours}::timestamptz[])
      group by hour, account_id, e164 having count(*) > 1),
    taken as (
      delete from number_hourly_rollups r using keys k
      where r.hour = any(${hours}::timestamptz[])
        and r.hour = k.hour and r.account_id = k.account_id and r.e164 = k.e164
      returning r.*)
    insert into number_hourly_rollups (account_id, e164, hour, total_calls, answered_calls,
      total_duration_seconds, total_billsec)
    select account_id, e164, hour, sum(total_calls), sum(answered_calls),
           sum(total_duration_seconds), sum(total_billsec)
    from taken group by hour, account_id, e164`.execute(trx);
  return { dirtyRows: rows.length, hours: hours.length };
}
