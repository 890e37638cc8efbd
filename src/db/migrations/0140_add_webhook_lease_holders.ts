import { type Kysely, sql } from 'kysely';

// A delivery attempt's lease names the job worker that holds it, so a lease held by a worker
// that stopped beating (job_worker_heartbeats, killed mid-attempt) is released as soon as the
// worker counts as dead, rather than when its 60 s runs out and the next sweep comes: an
// attempt interrupted by a crash is made again within about 35 s, like any other job.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table webhook_deliveries add column lease_holder text`.execute(db);
  // Few rows hold a lease at any moment; the heartbeat's release scans only those.
  await sql`
    create index webhook_deliveries_lease_holder on webhook_deliveries (lease_holder)
      where lease_holder is not null`.execute(db);
}
