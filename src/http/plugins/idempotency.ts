/**
 * Idempotency-Key for routes marked `config: { idempotent: true }` (every POST that creates or
 * moves something). Runs after authentication and validation, so a rejected request never
 * claims a key. 5xx answers release the key; every other answer is stored and replayed.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database';
import { DomainError } from '../../domain/errors';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
} from '../../domain/idempotency/idempotency-keys';
import { IDEMPOTENCY_KEY_LENGTH_MAX } from '../../limits';

declare module 'fastify' {
  interface FastifyContextConfig {
    idempotent?: boolean;
  }
  interface FastifyRequest {
    idempotencyKey?: string;
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

export function registerIdempotency(app: FastifyInstance, db: Database): void {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.routeOptions.config.idempotent) return;
    const key = readKey(request);
    if (key === undefined) return;
    const claim = await claimIdempotencyKey(db, request.principalId, key, requestHash(request));
    switch (claim.kind) {
      case 'claimed':
        request.idempotencyKey = key;
        return;
      case 'mismatch':
        throw new DomainError('idempotency_key_reused', 'This Idempotency-Key was used with a different request');
      case 'in_flight':
        throw new DomainError('idempotency_key_in_use', 'A request with this Idempotency-Key is still being processed');
      case 'completed':
        reply.code(claim.status).header('idempotent-replayed', 'true').type('application/json');
        return reply.send(claim.body);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.idempotencyKey;
    if (key === undefined) return payload;
    request.idempotencyKey = undefined;
    if (reply.statusCode >= 500) {
      await releaseIdempotencyKey(db, request.principalId, key);
    } else {
      await completeIdempotencyKey(db, request.principalId, key, {
        status: reply.statusCode,
        body: typeof payload === 'string' ? payload : String(payload ?? ''),
      });
    }
    return payload;
  });
}
