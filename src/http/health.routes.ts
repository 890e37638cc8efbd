/** Liveness and readiness, without authentication (for load balancers and orchestrators). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../app';
import { isMigrated, isReachable } from '../db/database';

const Checks = Type.Object({
  database: Type.Boolean(),
  migrations: Type.Boolean(),
  worker: Type.Boolean(),
});

export const healthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, isWorkerRunning }) => {
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
    const database = await isReachable(db);
    const migrations = database && (await isMigrated(db).catch(() => false));
    const checks = { database, migrations, worker: isWorkerRunning() };
    if (checks.database && checks.migrations && checks.worker) return { status: 'ready' as const, checks };
    return reply.code(503).send({ status: 'not_ready' as const, checks });
  });
};
