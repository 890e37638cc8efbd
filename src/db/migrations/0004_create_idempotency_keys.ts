import { type Kysely, sql } from 'kysely';

// Stored first responses of POSTs sent with an Idempotency-Key, per credential. A row without
// response_status is a request still running (a concurrent retry gets 409).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table idempotency_keys (
      principal_id text not null,
      key text not null,
      request_hash text not null,
      response_status integer,
      response_body text,
      created_at timestamptz not null default now(),
      completed_at timestamptz,
      constraint idempotency_keys_pkey primary key (principal_id, key)
    )`.execute(db);
  await sql`create index idempotency_keys_created on idempotency_keys (created_at)`.execute(db);
}
