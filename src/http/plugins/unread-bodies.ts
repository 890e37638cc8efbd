/**
 * A request refused before its body was read (401, 413, 415, 429, ...) is answered and its
 * connection closed. Otherwise Node keeps the keep-alive connection by reading the rest of the
 * body and throwing it away: an unauthenticated client could make the server read 50 MB per
 * request, and a well-meaning one would wait for its upload to finish before seeing the error.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UNREAD_BODY_DRAIN_BYTES_MAX } from '../../limits';

/** More than a small body is still to come (`complete`: all arrived, read or not). */
function isLargeBodyPending(request: FastifyRequest): boolean {
  if (request.raw.complete) return false;
  const length = Number(request.headers['content-length'] ?? Number.NaN);
  // No length: chunked, of any size.
  return Number.isNaN(length) || length > UNREAD_BODY_DRAIN_BYTES_MAX;
}

export function registerUnreadBodyClose(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode >= 400 && isLargeBodyPending(request)) reply.header('connection', 'close');
    return payload;
  });
}
