/**
 * Jobs of the per-number roll-ups (number-rollups.ts), which ingestion appends in the CDRs' own
 * transaction (number-rollups.queries.ts): number health is never behind ingestion.
 * - number_rollups_compact (every minute): folds the rows of each hour batches touched since
 *   the last run into one per key, so a read stays bounded (one row per hour of its window,
 *   plus one per batch of the last minute or two).
 * - number_rollups_apply: a batch's sums queued as a job by releases before migration 0120; a
 *   job still queued at the upgrade is applied once, by its batch's key (number_rollup_batches).
 * - number_rollup_batches_prune (hourly): applied keys past their retention.
 */
import { sql } from 'kysely';
import { type Database, transactionWithCopy } from '../../db/database';
import {
  NUMBER_ROLLUP_BATCHES_PRUNE_BATCH_MAX,
  NUMBER_ROLLUP_COMPACT_DIRTY_ROWS_MAX,
  NUMBER_ROLLUP_BATCH_RETENTION_HOURS,
} from '../../limits';
import { compactDirtyHours, copyNumberRollups } from './number-rollups.queries';

export const NUMBER_ROLLUPS_COMPACT_JOB = 'number_rollups_compact';
export const NUMBER_ROLLUPS_APPLY_JOB = 'number_rollups_apply';
export const NUMBER_ROLLUP_BATCHES_PRUNE_JOB = 'number_rollup_batches_prune';

/**
 * Folds the roll-up rows of the hours batches touched, a bounded transaction at a time (a
 * backlog after the worker was down is many); how many hours, counted once per transaction.
 */
export async function compactNumberRollups(db: Database): Promise<number> {
  let hours = 0;
  for (;;) {
    const run = await db.transaction().execute((trx) =>
      compactDirtyHours(trx, NUMBER_ROLLUP_COMPACT_DIRTY_ROWS_MAX));
    hours += run.hours;
    if (run.dirtyRows < NUMBER_ROLLUP_COMPACT_DIRTY_ROWS_MAX) return hours;
  }
}

/** A batch's sums as queued before migration 0120, one array per column, in key order. */
export interface NumberRollupsPayload {
  batch: string;
  accountIds: string[];
  e164s: string[];
  /** UTC hour starts, ISO 8601. */
  hours: string[];
  calls: number[];
  answered: number[];
  durationSeconds: number[];
  billsec: number[];
}

/** Adds a queued batch's sums unless its key says they were added already; true if added. */
export async function applyNumberRollups(db: Database, payload: unknown): Promise<boolean> {
  const batch = parsePayload(payload);
  return transactionWithCopy(db, async (trx, copyIn) => {
    const inserted = await trx.insertInto('number_rollup_batches')
      .values({ batch_key: batch.batch })
      .onConflict((oc) => oc.doNothing())
      .returning('batch_key')
      .executeTakeFirst();
    if (inserted === undefined) return false;
    await copyNumberRollups(copyIn, batch.accountIds.map((accountId, i) => ({
      accountId, e164: batch.e164s[i]!, hour: batch.hours[i]!, calls: batch.calls[i]!,
      answered: batch.answered[i]!, durationSeconds: batch.durationSeconds[i]!,
      billsec: batch.billsec[i]!,
    })));
    return true;
  });
}

/** Deletes applied keys older than the retention, in bounded statements; how many. */
export async function pruneNumberRollupBatches(db: Database): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { numAffectedRows } = await sql`
      delete from number_rollup_batches where batch_key in (
        select batch_key from number_rollup_batches
        where applied_at < now() - make_interval(hours => ${NUMBER_ROLLUP_BATCH_RETENTION_HOURS})
        limit ${NUMBER_ROLLUP_BATCHES_PRUNE_BATCH_MAX})`.execute(db);
    const count = Number(numAffectedRows ?? 0n);
    deleted += count;
    if (count < NUMBER_ROLLUP_BATCHES_PRUNE_BATCH_MAX) return deleted;
  }
}

const COLUMNS = ['accountIds', 'e164s', 'hours', 'calls', 'answered', 'durationSeconds',
  'billsec'] as const;

/** Our own payload: a malformed one is a bug, so it fails the job loudly (never half-added). */
function parsePayload(payload: unknown): NumberRollupsPayload {
  const batch = payload as NumberRollupsPayload;
  const length = Array.isArray(batch?.accountIds) ? batch.accountIds.length : -1;
  const wellFormed = typeof batch?.batch === 'string' && length > 0
    && COLUMNS.every((column) => Array.isArray(batch[column]) && batch[column].length === length)
    && [batch.calls, batch.answered, batch.durationSeconds, batch.billsec]
      .every((column) => column.every((value) => Number.isSafeInteger(value) && value >= 0));
  if (!wellFormed) throw new Error('number_rollups_apply: malformed payload');
  return batch;
}
