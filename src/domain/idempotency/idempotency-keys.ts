/**
 * Idempotency keys (beyond Vobiz; the IETF httpapi draft and Stripe's semantics): the first
 * response to a key is stored and replayed; the same key with another request is refused;
 * a key whose first request is still running is refused. Keys are kept 24 hours.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { IDEMPOTENCY_KEY_RETENTION_HOURS } from '../../limits';
import type { Sealer } from '../secrets';

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'in_flight' }
  | { kind: 'mismatch' }
  | { kind: 'completed'; status: number; body: string };

const RETENTION = sql.raw(`interval '${IDEMPOTENCY_KEY_RETENTION_HOURS} hours'`);

/**
 * Claims `key` for this request inside `trx`, the transaction that will also do the work and
 * store the response (completeIdempotencyKey), so the claim commits or rolls back with the
 * effect: a crash or a lost database never leaves a key stuck "in flight". A transaction-scoped
 * advisory lock marks the key as running: a concurrent request with it gets `in_flight` at
 * once instead of waiting on the uncommitted row. Stored bodies are sealed (they may hold a
 * new credential's auth_token) and come back unsealed.
 */
export async function claimIdempotencyKey(
  trx: Executor,
  sealer: Sealer,
  claim: { principalId: string; key: string; requestHash: string },
): Promise<IdempotencyClaim> {
  const { principalId, key, requestHash } = claim;
  // An expired key is taken over in the same statement, so it never blocks a new request; so
  // is a key left without a response by a version that claimed keys outside the transaction.
  const { rows } = await sql<{
    held: boolean;
    claimed: boolean | null;
    request_hash: string | null;
    response_status: number | null;
    response_body: string | null;
  }>`
    with lock as (
      select pg_try_advisory_xact_lock(hashtextextended(${principalId} || ' ' || ${key}, 0)) as held
    ), claimed as (
      insert into idempotency_keys (principal_id, key, request_hash)
      select ${principalId}, ${key}, ${requestHash} from lock where held
      on conflict (principal_id, key) do update set
        request_hash = excluded.request_hash, response_status = null, response_body = null,
        created_at = now(), completed_at = null
      where idempotency_keys.created_at < now() - ${RETENTION}
        or idempotency_keys.response_status is null
      returning true as claimed
    )
    select lock.held, (select claimed from claimed) as claimed,
      k.request_hash, k.response_status, k.response_body
    from lock left join idempotency_keys k on k.principal_id = ${principalId} and k.key = ${key}
  `.execute(trx);
  const row = rows[0]!;
  if (!row.held) return { kind: 'in_flight' };
  if (row.claimed) return { kind: 'claimed' };
  assert(row.response_status !== null, 'a stored key without a response is taken over');
  if (row.request_hash !== requestHash) return { kind: 'mismatch' };
  const body = unsealBody(sealer, row.response_body);
  return { kind: 'completed', status: row.response_status, body };
}

/** Stores the response of a claimed key, sealed, in the transaction that claimed it. */
export async function completeIdempotencyKey(
  trx: Executor,
  sealer: Sealer,
  claim: { principalId: string; key: string },
  response: { status: number; body: string },
): Promise<void> {
  const result = await trx
    .updateTable('idempotency_keys')
    .set({
      response_status: response.status,
      response_body: sealer.seal(response.body),
      completed_at: sql`now()`,
    })
    .where('principal_id', '=', claim.principalId)
    .where('key', '=', claim.key)
    .executeTakeFirst();
  assert(result.numUpdatedRows === 1n, 'the claimed key is stored in this transaction');
}

/** Bodies stored before sealing (a 24-hour window after upgrading) are JSON, never `v1.…`. */
function unsealBody(sealer: Sealer, stored: string | null): string {
  if (stored === null) return '';
  return stored.startsWith('v1.') ? sealer.unseal(stored) : stored;
}

/** Deletes expired keys; run hourly by the idempotency_keys_prune job. */
export async function pruneIdempotencyKeys(db: Executor): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys')
    .where('created_at', '<', sql<Date>`now() - ${RETENTION}`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
