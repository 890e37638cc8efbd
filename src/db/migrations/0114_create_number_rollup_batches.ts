import { type Kysely, sql } from 'kysely';

// The CDR batches whose per-number roll-ups have been added to number_hourly_rollups. Ingestion
// queues one job per batch carrying its sums (domain/cdrs/number-rollup-jobs.ts); the job adds
// them and inserts the batch key here in one transaction, so a job run again (a worker that
// crashed after committing, before graphile-worker marked the job done) adds nothing twice.
// Keys are pruned after NUMBER_ROLLUP_BATCH_RETENTION_HOURS, long after any re-run.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table number_rollup_batches (
      batch_key uuid primary key,
      applied_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index number_rollup_batches_applied_at on number_rollup_batches (applied_at)`
    .execute(db);
}
