import { type Kysely, sql } from 'kysely';

// A call made by a sub-account keeps its parent as account_id (the parent's wallet paid it, its
// roll-ups count it) and names the sub-account too. Nullable and without a default, so adding it
// rewrites nothing; no foreign key, like account_id, to keep ingestion's COPY lean. The partial
// index serves a sub-account's own list without touching the other calls' index entries.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table cdrs add column sub_account_id bigint`.execute(db);
  await sql`
    create index cdrs_sub_account_start on cdrs (sub_account_id, start_time desc, id desc)
    where sub_account_id is not null`.execute(db);
}
