/**
 * A money form runs once per rendering: the page carries a fresh idempotency key, and the
 * API's idempotency domain (claim, complete) decides whether this submission runs, repeats the
 * stored outcome, or is a double click still in flight. Keys live in their own namespace
 * (`console:<auth id>`), apart from the API's.
 */
import { createHash } from 'node:crypto';
import type { Database } from '../db/database';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
} from '../domain/idempotency/idempotency-keys';
import { attempt, type FormFailure } from './console-http';

export type FormRun =
  | { kind: 'done' }
  | { kind: 'failed'; failure: FormFailure }
  | { kind: 'in_flight' }
  | { kind: 'reused' };

export async function runOnce(
  db: Database,
  request: { principalId: string; key: string; fingerprint: string },
  work: () => Promise<unknown>,
): Promise<FormRun> {
  const principalId = `console:${request.principalId}`;
  const hash = createHash('sha256').update(request.fingerprint).digest('hex');
  const claim = await claimIdempotencyKey(db, principalId, request.key, hash);
  if (claim.kind === 'mismatch') return { kind: 'reused' };
  if (claim.kind === 'in_flight') return { kind: 'in_flight' };
  if (claim.kind === 'completed') {
    return claim.status === 200 ? { kind: 'done' } : { kind: 'failed', failure: JSON.parse(claim.body) as FormFailure };
  }
  let outcome: Awaited<ReturnType<typeof attempt>>;
  try {
    outcome = await attempt(work);
  } catch (error) {
    // A bug or an outage: free the key so the same form can be sent again.
    await releaseIdempotencyKey(db, principalId, request.key);
    throw error;
  }
  const body = outcome.ok ? '{}' : JSON.stringify(outcome.failure);
  await completeIdempotencyKey(db, principalId, request.key, { status: outcome.ok ? 200 : 400, body });
  return outcome.ok ? { kind: 'done' } : { kind: 'failed', failure: outcome.failure };
}
