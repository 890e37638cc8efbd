/**
 * number_rollup_batches_prune (hourly) deletes the applied roll-up batch keys older than
 * NUMBER_ROLLUP_BATCH_RETENTION_HOURS and keeps the younger ones, which still guard re-runs.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { NUMBER_ROLLUP_BATCHES_PRUNE_JOB } from '../../src/domain/cdrs/number-rollup-jobs';
import { NUMBER_ROLLUP_BATCH_RETENTION_HOURS } from '../../src/limits';
import { useTestApp } from '../support/app';
import { runJobsOnce, workerDepsOf } from '../support/kyc';

const t = useTestApp();

describe('number_rollup_batches_prune', () => {
  it('deletes the keys past their retention only', async () => {
    const { db } = t.current.deps;
    const old = randomUUID();
    const young = randomUUID();
    await sql`insert into number_rollup_batches (batch_key, applied_at) values
      (${old}, now() - make_interval(hours => ${NUMBER_ROLLUP_BATCH_RETENTION_HOURS + 1})),
      (${young}, now() - make_interval(hours => ${NUMBER_ROLLUP_BATCH_RETENTION_HOURS - 1}))`
      .execute(db);
    await sql`select graphile_worker.add_job(${NUMBER_ROLLUP_BATCHES_PRUNE_JOB}::text)`.execute(db);
    await runJobsOnce(workerDepsOf(t.current));
    const kept = await db.selectFrom('number_rollup_batches').select('batch_key').execute();
    expect(kept.map((row) => row.batch_key)).toEqual([young]);
  });
});
