/**
 * Stopping the HTTP side without resetting anyone. After SIGTERM the listener stays open for
 * SHUTDOWN_DRAIN_MS, answering every new request 503 with `Connection: close` and Retry-After
 * (load balancers see /ready fail and move on; keep-alive clients are told to reconnect
 * elsewhere) while in-flight requests finish. Then the listener closes. A request still running
 * SHUTDOWN_HTTP_CUT_MS later (a slow client's CDR export) is cut, so a clean stop stays clean.
 */
import type { FastifyInstance } from 'fastify';
import { SHUTDOWN_DRAIN_MS, SHUTDOWN_HTTP_CUT_MS } from '../limits';
import { sendUnavailable } from './plugins/errors';

declare module 'fastify' {
  interface FastifyInstance {
    /** From now on new requests are answered 503 with `Connection: close`. */
    refuseNewRequests(): void;
  }
}

export function registerShutdownGate(app: FastifyInstance): void {
  let refusing = false;
  app.decorate('refuseNewRequests', () => { refusing = true; });
  app.addHook('onRequest', async (_request, reply) => {
    if (!refusing) return;
    reply.header('connection', 'close');
    return sendUnavailable(reply, 'The server is shutting down; retry shortly');
  });
}

/** Drains, closes the listener, waits for in-flight requests and cuts what outlives the bound. */
export async function closeHttpGracefully(app: FastifyInstance): Promise<void> {
  app.refuseNewRequests();
  await new Promise((resolve) => setTimeout(resolve, SHUTDOWN_DRAIN_MS));
  const cut = setTimeout(() => {
    app.log.warn('requests still running at the shutdown deadline are cut');
    app.server.closeAllConnections();
  }, SHUTDOWN_HTTP_CUT_MS);
  try {
    await app.close();
  } finally {
    clearTimeout(cut);
  }
}
