import { type Kysely, sql } from 'kysely';

// Test events (`dialtone webhooks trigger`) go through the normal outbox and show in the
// delivery log; this flag is how the log tells them from real ones.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table webhook_events add column test boolean not null default false`.execute(db);
}
