/**
 * The internal scope: /api/v1/internal/*, the seam to the SIP switch (Kamailio, FreeSWITCH or
 * the traffic simulator). Authenticated with the operator token or the narrower
 * DIALTONE_INGEST_TOKEN, which can do nothing but report calls. Its body parsers are its own:
 * large batches as a JSON array or NDJSON, parsed with plain JSON.parse (CDRs carry no money;
 * costs are computed here), up to CDR_INGEST_BODY_BYTES_MAX on its routes only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { internalCdrsRoutes } from './cdrs.routes';
import { internalEdgeRoutes } from './edge.routes';
import { authenticateIngest, registerIngestBodyParsers } from './ingest-plugins';

export const internalApi: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  app.addHook('onRequest', authenticateIngest(deps.adminTokenDigest, deps.ingestTokenDigest));
  registerIngestBodyParsers(app);
  await app.register(internalCdrsRoutes, deps);
  await app.register(internalEdgeRoutes, deps);
};
