/**
 * The per-number roll-ups (number-rollups.ts) off ingestion's hot path: a batch's transaction
 * queues one job carrying the batch's sums as columns (graphile_worker.add_job, so the job exists
 * exactly when the CDRs do), and the job adds them to number_hourly_rollups in one transaction
 * that also records the batch's key (number_rollup_batches): a job run twice adds once. Number
 * health therefore lags ingestion by the job's latency.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database';
import {
  NUMBER_ROLLUP_BATCHES_PRUNE_BATCH_MAX,
  NUMBER_ROLLUP_BATCH_RETENTION_HOURS,
} from '../../limits';
import type { NumberRollup } from './number-rollups';
import { upsertNumberRollups } from './number-rollups.queries';

export const NUMBER_ROLLUPS_APPLY_JOB = 'number_rollups_apply';
export const NUMBER_ROLLUP_BATCHES_PRUNE_JOB = 'number_rollup_batches_prune';

/** A batch's sums, one array per column, in the table's key order (exact integers). */
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

/** Queues the job that adds `rollups` (none: nothing queued). */
export async function queueNumberRollups(db: Executor, rollups: NumberRollup[]): Promise<void> {
  if (rollups.length === 0) return;
  const payload: NumberRollupsPayload = {
    batch: randomUUID(),
    accountIds: rollups.map((r) => r.accountId),
    e164s: rollups.map((r) => r.e164),
    hours: rollups.map((r) => r.hour),
    calls: rollups.map((r) => r.calls),
    answered: rollups.map((r) => r.answered),
    durationSeconds: rollups.map((r) => r.durationSeconds),
    billsec: rollups.map((r) => r.billsec),
  };
  await sql`select graphile_worker.add_job(${NUMBER_ROLLUPS_APPLY_JOB}::text,
    ${JSON.stringify(payload)}::json, max_attempts => 25)`.execute(db);
}

/** Adds a queued batch's sums unless its key says they were added already; true if added. */
export async function applyNumberRollups(db: Database, payload: unknown): Promise<boolean> {
  const batch = parsePayload(payload);
  return db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('number_rollup_batches')
      .values({ batch_key: batch.batch })
      .onConflict((oc) => oc.doNothing())
      .returning('batch_key')
      .executeTakeFirst();
    if (inserted === undefined) return false;
    await upsertNumberRollups(trx, batch.accountIds.map((accountId, i) => ({
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
