/**
 * Logs an error of one kind once per interval, then a count of the ones it held back. During a
 * database outage every request fails the same way; a stack trace each would bury the log
 * (20 s of outage once wrote 3,910 of them, 6.3 MB) and slow the process that writes them.
 */
import type { FastifyBaseLogger } from 'fastify';
import { ERROR_LOG_INTERVAL_MS } from '../../limits';

interface Kind {
  /** Occurrences since this kind was last logged in full that were only counted. */
  heldBack: number;
}

export interface ErrorLogThrottle {
  /** Logs `error` at error level unless its kind was logged within the interval. */
  log(logger: FastifyBaseLogger, kind: string, error: unknown, message: string): void;
}

export function createErrorLogThrottle(intervalMs = ERROR_LOG_INTERVAL_MS): ErrorLogThrottle {
  const kinds = new Map<string, Kind>();
  return {
    log(logger, kind, error, message) {
      const seen = kinds.get(kind);
      if (seen) {
        seen.heldBack += 1;
        return;
      }
      logger.error({ err: error, kind }, message);
      const entry: Kind = { heldBack: 0 };
      kinds.set(kind, entry);
      // At the interval's end, one line counts what was held back; the next error of the kind
      // is logged in full again.
      setTimeout(() => {
        kinds.delete(kind);
        if (entry.heldBack > 0) {
          logger.error({ kind, count: entry.heldBack, intervalMs }, `${message} (repeated)`);
        }
      }, intervalMs).unref();
    },
  };
}
