import { type Kysely, sql } from 'kysely';

// Replay bodies are sealed (AES-256-GCM) from now on. Bodies stored in plain text before hold
// the auth_token of the partner or customer they created; a migration cannot seal (the key is
// not in the database), so it blanks those tokens. A replay of such a key then shows
// "auth_token": null; the token stays readable through GET, as Vobiz allows.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update idempotency_keys
    set response_body =
      regexp_replace(response_body, '"auth_token":"[^"]*"', '"auth_token":null', 'g')
    where response_body like '%"auth_token":"%'`.execute(db);
}
