import { type Kysely, sql } from 'kysely';

// number_hourly_rollups becomes append-only: ingestion COPYs a batch's per-DID hourly sums as new
// rows in the CDRs' own transaction (no upsert: at ~1 call per DID and hour nearly every sum
// opens its own row anyway, and batches rarely share a row, so coalescing them would not help;
// bench/RESULTS.md), and number health sums the rows of each (account, DID, hour). The batch
// also appends the hours it touched to number_rollup_dirty_hours, and a job folds each such
// hour's rows into one per key (domain/cdrs/number-rollup-jobs.ts), so a read stays bounded.
// The index leads with the hour: new rows land at its recent end, compaction reads an hour's
// rows in key order, and health probes each hour of its window. Dirty hours have no key: a
// batch never waits on another's. The batch keys of the queued-job design (0114) go: no release
// ever queued such a job.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table number_hourly_rollups drop constraint number_hourly_rollups_pkey`
    .execute(db);
  await sql`create index number_hourly_rollups_hour_number
    on number_hourly_rollups (hour, account_id, e164)`.execute(db);
  await sql`create table number_rollup_dirty_hours (hour timestamptz not null)`.execute(db);
  await sql`drop table number_rollup_batches`.execute(db);
}
