/** POST /api/v1/internal/cdrs: the switch reports finished calls (ingestion, issue 5). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import type { AppDeps } from '../../app';
import { ingestCdrs } from '../../domain/cdrs/cdr-ingestion';
import { CDR_INGEST_BODY_BYTES_MAX, CDR_INGEST_ROWS_MAX } from '../../limits';
import { errorResponses } from '../schemas/common';
import { IngestBody, IngestResultBody } from './cdrs.schemas';
import { rowsOf } from './ingest-plugins';

/**
 * The body is only checked for being a bounded array here; its rows are read one by one by the
 * domain, which keeps the good ones. The schema above stays in OpenAPI as documentation.
 */
const validateBatchShape: FastifySchemaCompiler<unknown> = () => (body: unknown) => {
  const rows = rowsOf(body);
  const problem: FastifySchemaValidationError | undefined = rows === undefined
    ? problemOf('type', 'must be an array of CDRs (or NDJSON lines)')
    : rows.length > CDR_INGEST_ROWS_MAX
      ? problemOf('maxItems', `must have at most ${CDR_INGEST_ROWS_MAX} CDRs`)
      : undefined;
  return problem ? { error: [problem] } : true;
};

function problemOf(keyword: string, message: string): FastifySchemaValidationError {
  return { keyword, instancePath: '', schemaPath: '', params: {}, message };
}

export const internalCdrsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock, metrics } = deps;
  app.post('/cdrs', {
    bodyLimit: CDR_INGEST_BODY_BYTES_MAX,
    validatorCompiler: validateBatchShape,
    schema: {
      tags: ['internal'],
      summary: 'Ingest finished calls (idempotent per uuid; bad rows reported by index)',
      body: IngestBody,
      response: { 200: IngestResultBody, ...errorResponses(401, 413, 415, 422) },
    },
  }, async (request) => {
    const result = await ingestCdrs(db, clock, rowsOf(request.body)!);
    for (const charge of result.charges) {
      if (charge.transaction_id !== null) metrics.recordLedger('debit', charge.amount);
    }
    return result;
  });
};
