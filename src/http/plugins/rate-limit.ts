/**
 * Per-credential rate limiting (beyond Vobiz, which documents none). Counted after
 * authentication, keyed by the credential's auth id (the client IP for unauthenticated pages),
 * never for the operator. Over the limit: 429 in the Vobiz error shape with Retry-After.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { RATE_LIMIT_CREDENTIALS_TRACKED_MAX } from '../../limits';

export async function registerRateLimit(app: FastifyInstance, requestsPerMinute: number): Promise<void> {
  if (requestsPerMinute <= 0) return;
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: requestsPerMinute,
    timeWindow: 60_000,
    cache: RATE_LIMIT_CREDENTIALS_TRACKED_MAX,
    keyGenerator: (request) => request.principalId ?? `ip:${request.ip}`,
    allowList: (request) => request.principalId === 'operator',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'HTTPError',
      message: `Rate limit exceeded: ${context.max} requests per minute; retry in ${Math.ceil(context.ttl / 1000)} seconds`,
    }),
  });
}
