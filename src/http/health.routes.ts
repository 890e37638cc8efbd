/** Liveness and readiness, without authentication (for load balancers and orchestrators). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../app';
import { isMigrated, isReachable, type Database } from '../db/database';
import { READY_CHECK_TIMEOUT_MS } from '../limits';

const Checks = Type.Object({
  database: Type.Boolean(),
  migrations: Type.Boolean(),
  worker: Type.Boolean(),
});

/**
 * Database and migrations, answered within READY_CHECK_TIMEOUT_MS even when the database hangs.
 * Probes are single-flight: while one hangs, later calls share it instead of each holding one
 * more pooled connection until the query timeout.
 */
function createDatabaseProbe(db: Database) {
  let running: Promise<{ database: boolean; migrations: boolean }> | undefined;
  const probe = async () => {
    const database = await isReachable(db);
    return { database, migrations: database && (await isMigrated(db).catch(() => false)) };
  };
  return async () => {
    running ??= probe().finally(() => { running = undefined; });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<{ database: boolean; migrations: boolean }>((resolve) => {
      const unanswered = { database: false, migrations: false };
      timer = setTimeout(() => resolve(unanswered), READY_CHECK_TIMEOUT_MS);
    });
    return Promise.race([running, timedOut]).finally(() => clearTimeout(timer));
  };
}

export const healthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, isWorkerRunning }) => {
  const probeDatabase = createDatabaseProbe(db);

  app.get('/health', {
    schema: { tags: ['operations'], summary: 'The process is up', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/ready', {
    schema: {
      tags: ['operations'],
      summary: 'Database reachable, migrations current, job worker running',
      response: {
        200: Type.Object({ status: Type.Literal('ready'), checks: Checks }),
        503: Type.Object({ status: Type.Literal('not_ready'), checks: Checks }),
      },
    },
  }, async (_request, reply) => {
    const checks = { ...(await probeDatabase()), worker: isWorkerRunning() };
    if (checks.database && checks.migrations && checks.worker) return { status: 'ready' as const, checks };
    return reply.code(503).send({ status: 'not_ready' as const, checks });
  });
};
