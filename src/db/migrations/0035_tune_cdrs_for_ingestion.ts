import { type Kysely, sql } from 'kysely';

// What ingestion pays per stored call, made cheaper without changing a query's answer:
// - The list indexes go ascending. Calls arrive in the order they end, so new entries land at
//   the right end of their account's or partner's range. At the right end of the whole index
//   (the one partner of most installs) pages then split 90/10 and stay full, where descending
//   entries split every page in half (bench:cdrs, partner index: leaf density 51 % -> 85 %,
//   1.7x fewer pages). Newest-first pages read these indexes backward, as cheaply as forward.
// - The id sequence hands each session 1,000 values at a time instead of one per row (each a
//   locked sequence page, WAL every 32 values). Ids stay unique; a restart leaves gaps, and ids
//   never promised to follow start_time (the cursor is (start_time, id)).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index cdrs_account_start`.execute(db);
  await sql`create index cdrs_account_start on cdrs (account_id, start_time, id)`.execute(db);
  await sql`drop index cdrs_partner_start`.execute(db);
  await sql`create index cdrs_partner_start on cdrs (partner_id, start_time, id)`.execute(db);
  await sql`alter sequence cdrs_id_seq cache 1000`.execute(db);
}
