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

type Counted = (error: Error | null, result?: Count) => void;
type Count = { current: number; ttl: number };

/** Credentials in PostgreSQL, client addresses in memory (see the file's comment). */
class SharedStore implements FastifyRateLimitStore {
  private readonly addresses = new LocalWindows();
  /**
   * Credentials over the limit, refused here until their window ends: a count only grows
   * within a window, so the answer cannot change, and a flood costs the database nothing.
   */
  private readonly exceeded = new LocalWindows();

  constructor(private readonly db: Database, private readonly max: number) {}

  incr(key: string, counted: Counted): void {
    if (key.startsWith(ADDRESS_PREFIX)) {
      counted(null, this.addresses.count(key));
      return;
    }
    const refused = this.exceeded.find(key);
    if (refused) {
      counted(null, refused);
      return;
    }
    countRequest(this.db, key, WINDOW_MS, this.max).then((window) => {
      const count = { current: window.hits, ttl: window.resetsInMs };
      if (count.current > this.max) this.exceeded.hold(key, count);
      counted(null, count);
    }, (error: Error) => counted(error));
  }

  /** Every route shares one count per credential: there are no per-route limits. */
  child(): FastifyRateLimitStore {
    return this;
  }
}

/**
 * Fixed windows in this process, at most RATE_LIMIT_CREDENTIALS_TRACKED_MAX of them: past that
 * the oldest is forgotten (a Map keeps insertion order).
 */
class LocalWindows {
  private readonly windows = new Map<string, { hits: number; endsAt: number }>();

  /** The key's window while it lasts. */
  find(key: string): Count | undefined {
    const window = this.windows.get(key);
    const now = Date.now();
    if (window === undefined || window.endsAt <= now) return undefined;
    return { current: window.hits, ttl: window.endsAt - now };
  }

  /** Counts one request, in a new window when the last one has ended. */
  count(key: string): Count {
    const window = this.windows.get(key);
    const now = Date.now();
    if (window !== undefined && window.endsAt > now) {
      window.hits += 1;
      return { current: window.hits, ttl: window.endsAt - now };
    }
    this.hold(key, { current: 1, ttl: WINDOW_MS });
    return { current: 1, ttl: WINDOW_MS };
  }

  /** Keeps a count made elsewhere until its window ends. */
  hold(key: string, count: Count): void {
    this.windows.delete(key);
    this.windows.set(key, { hits: count.current, endsAt: Date.now() + count.ttl });
    if (this.windows.size > RATE_LIMIT_CREDENTIALS_TRACKED_MAX) {
      this.windows.delete(this.windows.keys().next().value!);
    }
  }
}
