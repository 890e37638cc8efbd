/**
 * A money form runs once per rendering: the page carries a fresh idempotency key, and the
 * API's idempotency domain (claim, complete) decides whether this submission runs, repeats the
 * stored outcome, or is a double click still in flight. Keys live in their own namespace
 * (`console:<auth id>`), apart from the API's.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/database';
import { beginHeldTransaction } from '../db/held-transactions';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyClaim,
} from '../domain/idempotency/idempotency-keys';
import type { Sealer } from '../domain/secrets';
import { attempt, type FormFailure } from './console-http';

export type FormRun =
  | { kind: 'done' }
  | { kind: 'failed'; failure: FormFailure }
  | { kind: 'in_flight' }
  | { kind: 'reused' };

/**
 * Claims the key, runs `work` on the claim's transaction and stores the outcome there too, so
 * the key and the money move commit or roll back together (a crash leaves neither). A form
 * error undoes the work's writes but keeps the key with its message, like a 4xx on the API.
 */
export async function runOnce(
  db: Database,
  sealer: Sealer,
  request: { principalId: string; key: string; fingerprint: string },
  work: (db: Database) => Promise<unknown>,
): Promise<FormRun> {
  const claimRef = { principalId: `console:${request.principalId}`, key: request.key };
  const requestHash = createHash('sha256').update(request.fingerprint).digest('hex');
  const held = await beginHeldTransaction(db);
  try {
    const claim = await claimIdempotencyKey(held.db, sealer, { ...claimRef, requestHash });
    if (claim.kind !== 'claimed') return storedRun(claim);
    await held.mark();
    const outcome = await attempt(() => work(held.db));
    if (!outcome.ok) await held.rollbackToMark();
    const body = outcome.ok ? '{}' : JSON.stringify(outcome.failure);
    await completeIdempotencyKey(held.db, sealer, claimRef, { status: outcome.ok ? 200 : 400,
      body });
    await held.commit();
    return outcome.ok ? { kind: 'done' } : { kind: 'failed', failure: outcome.failure };
  } finally {
    await held.rollback();
  }
}

function storedRun(claim: Exclude<IdempotencyClaim, { kind: 'claimed' }>): FormRun {
  if (claim.kind === 'mismatch') return { kind: 'reused' };
  if (claim.kind === 'in_flight') return { kind: 'in_flight' };
  return claim.status === 200
    ? { kind: 'done' }
    : { kind: 'failed', failure: JSON.parse(claim.body) as FormFailure };
}
