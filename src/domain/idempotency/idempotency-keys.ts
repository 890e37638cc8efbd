/**
 * Idempotency keys (beyond Vobiz; the IETF httpapi draft and Stripe's semantics): the first
 * response to a key is stored and replayed; the same key with another request is refused;
 * a key whose first request is still running is refused. Keys are kept 24 hours.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { IDEMPOTENCY_KEY_RETENTION_HOURS } from '../../limits';

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' }
  | { kind: 'completed'; status: number; body: string };

const RETENTION = sql.raw(`interval '${IDEMPOTENCY_KEY_RETENTION_HOURS} hours'`);

/** Claims `key` for this request, or reports what an earlier request with it became. */
export async function claimIdempotencyKey(
  db: Executor,
  principalId: string,
  key: string,
  requestHash: string,
): Promise<IdempotencyClaim> {
  // An expired key is taken over in the same statement, so it never blocks a new request.
  const claimed = await db
    .insertInto('idempotency_keys')
    .values({ principal_id: principalId, key, request_hash: requestHash })
    .onConflict((oc) => oc.columns(['principal_id', 'key']).doUpdateSet({
      request_hash: requestHash,
      response_status: null,
      response_body: null,
      created_at: sql`now()`,
      completed_at: null,
    }).where('idempotency_keys.created_at', '<', sql<Date>`now() - ${RETENTION}`))
    .returning('key')
    .executeTakeFirst();
  if (claimed) return { kind: 'claimed' };
  const existing = await db
    .selectFrom('idempotency_keys')
    .select(['request_hash', 'response_status', 'response_body'])
    .where('principal_id', '=', principalId)
    .where('key', '=', key)
    .executeTakeFirstOrThrow();
  if (existing.request_hash !== requestHash) return { kind: 'mismatch' };
  if (existing.response_status === null) return { kind: 'in_flight' };
  return { kind: 'completed', status: existing.response_status, body: existing.response_body ?? '' };
}

export async function completeIdempotencyKey(
  db: Executor,
  principalId: string,
  key: string,
  response: { status: number; body: string },
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ response_status: response.status, response_body: response.body, completed_at: sql`now()` })
    .where('principal_id', '=', principalId)
    .where('key', '=', key)
    .execute();
}

/** Frees a key whose request failed unexpectedly (5xx), so a retry can run it again. */
export async function releaseIdempotencyKey(db: Executor, principalId: string, key: string) {
  await db.deleteFrom('idempotency_keys')
    .where('principal_id', '=', principalId).where('key', '=', key).execute();
}

/** Deletes expired keys; run hourly by the idempotency_keys_prune job. */
export async function pruneIdempotencyKeys(db: Executor): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - ${RETENTION}`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
