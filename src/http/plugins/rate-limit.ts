/**
 * Per-credential rate limiting (beyond Vobiz, which documents none). Counted after
 * authentication, keyed by the credential's auth id (the client IP for unauthenticated pages),
 * never for the operator. Over the limit: 429 in the Vobiz error shape with Retry-After.
 *
 * A credential's requests are counted in PostgreSQL (domain/rate-limits), so the limit holds
 * across every API process on the database, not per process. Requests without a credential
 * (health checks, the widget's and console's pages) are counted in this process only: /health
 * and /ready must answer without the database, and the brakes that guard those pages against
 * guessing (console login failures, KYC OTP attempts, e-mail resends) are in the database.
 */
import rateLimit, { type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database';
import { countRequest } from '../../domain/rate-limits/rate-limit-windows';
import { RATE_LIMIT_CREDENTIALS_TRACKED_MAX } from '../../limits';

const ADDRESS_PREFIX = 'ip:';
const WINDOW_MS = 60_000;

export async function registerRateLimit(
  app: FastifyInstance,
  requestsPerMinute: number,
  db: Database,
): Promise<void> {
  if (requestsPerMinute <= 0) return;
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: requestsPerMinute,
    timeWindow: WINDOW_MS,
    // The plugin constructs its store itself: this class carries the database in.
    store: class extends SharedStore { constructor() { super(db, requestsPerMinute); } },
    keyGenerator: (request) => request.principalId ?? `${ADDRESS_PREFIX}${request.ip}`,
    allowList: (request) => request.principalId === 'operator',
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: 'HTTPError',
      message: `Rate limit exceeded: ${context.max} requests per minute; retry in ${Math.ceil(context.ttl / 1000)} seconds`,
    }),
  });
}

type Counted = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** Credentials in PostgreSQL, client addresses in memory (see the file's comment). */
class SharedStore implements FastifyRateLimitStore {
  private readonly addresses = new AddressWindows();

  constructor(private readonly db: Database, private readonly max: number) {}

  incr(key: string, counted: Counted): void {
    if (key.startsWith(ADDRESS_PREFIX)) {
      counted(null, this.addresses.count(key));
      return;
    }
    countRequest(this.db, key, WINDOW_MS, this.max).then(
      (window) => counted(null, { current: window.hits, ttl: window.resetsInMs }),
      (error: Error) => counted(error),
    );
  }

  /** Every route shares one count per credential: there are no per-route limits. */
  child(): FastifyRateLimitStore {
    return this;
  }
}

/**
 * Fixed windows per client address in this process, at most RATE_LIMIT_CREDENTIALS_TRACKED_MAX
 * of them: past that the oldest window is forgotten (Map keeps insertion order).
 */
class AddressWindows {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();

  count(key: string): { current: number; ttl: number } {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      this.windows.delete(key);
      window = { hits: 0, endsAt: now + WINDOW_MS };
      this.windows.set(key, window);
      if (this.windows.size > RATE_LIMIT_CREDENTIALS_TRACKED_MAX) {
        this.windows.delete(this.windows.keys().next().value!);
      }
    }
    window.hits += 1;
    return { current: window.hits, ttl: window.endsAt - now };
  }
}
