import { type Kysely, sql } from 'kysely';

// graphile-worker 0.17 frees a job locked by a crashed worker only after 4 hours. Each process
// records when its workers were last alive here; a job locked by a worker that stopped beating
// is unlocked (graphile_worker.force_unlock_workers) and runs again within about a minute.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table job_worker_heartbeats (
      worker_id text primary key,
      seen_at timestamptz not null default now()
    )`.execute(db);
}
