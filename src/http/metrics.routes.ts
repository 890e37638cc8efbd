/**
 * GET /metrics in Prometheus text format, and the hook that times every request. The endpoint
 * needs the operator token unless DIALTONE_METRICS_PUBLIC=true (metrics reveal traffic shape).
 */
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app';
import { authenticateOperator } from './plugins/auth';

export function registerRequestTiming(app: FastifyInstance, { metrics }: AppDeps): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe({
      method: request.method,
      // The route pattern, never the raw URL: ids in paths would explode label cardinality.
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    }, reply.elapsedTime / 1000);
  });
}

export async function metricsRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  if (!deps.metricsPublic) app.addHook('onRequest', authenticateOperator(deps.adminTokenDigest));
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
}
