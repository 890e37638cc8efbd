/**
 * Idempotency-Key for routes marked `config: { idempotent: true }` (every POST that creates or
 * moves something). Runs after authentication and validation, so a rejected request never
 * claims a key.
 *
 * A keyed request runs in one held transaction: the key is claimed in it, the handler's use
 * case runs in it (handlers pass `request.db`), and the response is stored in it before the
 * commit. So the key's fate is the effect's fate: a 5xx, a crash or a lost database rolls both
 * back (a retry runs afresh); a committed effect always has its response to replay. A 4xx
 * undoes the use case's writes (back to the mark) and is stored and replayed like a 2xx.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database';
import { beginHeldTransaction, type HeldTransaction } from '../../db/held-transactions';
import { DomainError } from '../../domain/errors';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyClaim,
} from '../../domain/idempotency/idempotency-keys';
import type { Sealer } from '../../domain/secrets';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../../limits';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** Where a handler runs its use case: the keyed request's transaction, else the pool. */
    db: Database;
    idempotency?: { key: string; held: HeldTransaction };
  }
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`)
    .digest('hex');
}

function readKey(request: FastifyRequest): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) return undefined;
  if (typeof key !== 'string' || key.length === 0 || key.length > IDEMPOTENCY_KEY_LENGTH_MAX) {
    throw new DomainError('bad_request', `Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_LENGTH_MAX} characters`);
  }
  return key;
}

/** Answers a key that is not this request's to run; returns the reply when it answered. */
function answerUnclaimed(claim: IdempotencyClaim, reply: FastifyReply) {
  switch (claim.kind) {
    case 'claimed':
      return undefined;
    case 'mismatch':
      throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was used with a different request');
    case 'in_flight':
      throw new DomainError('idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed');
    case 'completed':
      reply.code(claim.status).header('idempotent-replayed', 'true').type('application/json');
      return reply.send(claim.body);
  }
}

/** Stores a non-5xx answer and commits; a 5xx rolls back. Throws when the commit fails. */
async function finish(request: FastifyRequest, status: number, payload: unknown, sealer: Sealer) {
  const { key, held } = request.idempotency!;
  request.idempotency = undefined;
  if (status >= 500) return held.rollback();
  try {
    if (status >= 400) await held.rollbackToMark();
    const body = typeof payload === 'string' ? payload : String(payload ?? '');
    const claim = { principalId: request.principalId, key };
    await completeIdempotencyKey(held.db, sealer, claim, { status, body });
    await held.commit();
  } catch (error) {
    await held.rollback();
    throw error;
  }
}

export function registerIdempotency(app: FastifyInstance, db: Database, sealer: Sealer): void {
  app.decorateRequest('db', null as unknown as Database);
  app.addHook('onRequest', async (request) => {
    request.db = db;
  });

  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const key = readKey(request);
    if (key === undefined) return;
    const held = await beginHeldTransaction(db);
    try {
      const claim = await claimIdempotencyKey(held.db, sealer, {
        principalId: request.principalId, key, requestHash: requestHash(request),
      });
      if (claim.kind === 'claimed') {
        await held.mark();
        request.idempotency = { key, held };
        request.db = held.db;
        return;
      }
      await held.rollback();
      return answerUnclaimed(claim, reply);
    } catch (error) {
      await held.rollback();
      throw error;
    }
  });

  // A failed commit throws here: Fastify answers through the error handler instead, so a
  // client never sees a success whose effect was rolled back.
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.idempotency) await finish(request, reply.statusCode, payload, sealer);
    return payload;
  });
  // A request that never reached onSend (its socket died first) must not keep its connection.
  app.addHook('onResponse', async (request) => {
    await request.idempotency?.held.rollback();
  });
}
