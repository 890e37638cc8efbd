/**
 * Authentication and body parsing of the internal (ingestion) scope. Both are registered inside
 * that encapsulated scope, so no other route accepts the ingest token, NDJSON or big bodies.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyBodyParser, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { JsonLine } from '../../domain/cdrs/ingest-rows';
import { DomainError } from '../../domain/errors';
import { digestToken } from '../../domain/secrets';
import { CDR_INGEST_BODY_BYTES_MAX, CDR_INGEST_ROWS_MAX } from '../../limits';

/**
 * Authorization: Bearer <operator token> or Bearer <DIALTONE_INGEST_TOKEN>; or the same token as
 * the password of HTTP Basic, the only form Kamailio's http_client can send (the SIP edge).
 */
export function authenticateIngest(
  adminTokenDigest: Buffer,
  ingestTokenDigest: Buffer | undefined,
) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const token = presentedToken(request.headers.authorization ?? '');
    const digest = token === undefined ? undefined : digestToken(token);
    if (digest && timingSafeEqual(digest, adminTokenDigest)) {
      request.principalId = 'operator';
      return;
    }
    if (digest && ingestTokenDigest && timingSafeEqual(digest, ingestTokenDigest)) {
      request.principalId = 'ingest';
      return;
    }
    throw new DomainError('unauthorized', 'Missing or invalid operator or ingest token');
  };
}

function presentedToken(header: string): string | undefined {
  const bearer = /^Bearer (\S{1,512})$/.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic ([A-Za-z0-9+/=]{1,700})$/.exec(header);
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const password = decoded.slice(decoded.indexOf(':') + 1);
  return decoded.includes(':') && /^\S{1,512}$/.test(password) ? password : undefined;
}

/**
 * The parsed rows travel under a symbol key, out of sight of anything app-wide that walks
 * bodies: CDR bodies are parsed with plain JSON.parse (CDRs carry no money), and a walk over
 * 10,000 rows x 43 fields measurably slows ingestion.
 */
export const INGEST_ROWS = Symbol('ingest rows');
export interface IngestBatchBody {
  [INGEST_ROWS]: unknown[];
}

export function rowsOf(body: unknown): unknown[] | undefined {
  const rows = (body as Partial<IngestBatchBody> | null | undefined)?.[INGEST_ROWS];
  return Array.isArray(rows) ? rows : undefined;
}

function unreadableBody(msg: string): DomainError {
  return new DomainError('validation_failed', 'Request validation failed', {}, [{
    loc: ['body'], msg, type: 'json_invalid',
  }]);
}

/** application/json: one JSON array (plain JSON.parse: CDRs carry no money). */
const parseJsonBatch: FastifyBodyParser<string> = (_request, body, done) => {
  try {
    const parsed: unknown = JSON.parse(body);
    done(null, Array.isArray(parsed) ? { [INGEST_ROWS]: parsed } : parsed);
  } catch (error) {
    done(unreadableBody(`JSON decode error: ${(error as Error).message}`), undefined);
  }
};

/**
 * application/x-ndjson: one CDR per line, handed on unparsed (ingest-rows.ts parses each line as
 * it reads it, and reports a line that is not JSON by its index). Blank lines are skipped.
 */
const parseNdjsonBatch: FastifyBodyParser<string> = (_request, body, done) => {
  const rows: JsonLine[] = [];
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    if (rows.length >= CDR_INGEST_ROWS_MAX) {
      done(unreadableBody(`at most ${CDR_INGEST_ROWS_MAX} CDRs per request`), undefined);
      return;
    }
    rows.push(new JsonLine(line));
  }
  done(null, { [INGEST_ROWS]: rows });
};

export function registerIngestBodyParsers(app: FastifyInstance): void {
  const bodyLimit = CDR_INGEST_BODY_BYTES_MAX;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, parseJsonBatch);
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit },
    parseNdjsonBatch);
}
