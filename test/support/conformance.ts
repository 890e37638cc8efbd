/**
 * Every answer of every API route, in every test, checked against the app's own OpenAPI
 * document: a status the route does not document, or a body that does not validate, is
 * recorded and fails the file (see useTestApp). The document cannot drift from the API.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

type Operation = { responses?: Record<string, { content?: Record<string, { schema: object }> }> };
type Document = { paths: Record<string, Record<string, Operation>> };

/**
 * Answers any route can give before its own logic runs (body too large, wrong media type, rate
 * limited) or whatever it does (503: database unavailable, shutting down): documented once in
 * the README rather than on every operation.
 */
const TRANSPORT_STATUSES = new Set([413, 415, 429, 503]);

export function recordConformance(app: FastifyInstance): { violations: string[] } {
  const violations: string[] = [];
  const ajv = new Ajv({ strict: false, allErrors: false });
  addFormats(ajv);
  const validators = new Map<string, ValidateFunction | null>();
  let document: Document | undefined;

  app.addHook('onSend', async (request, reply, payload) => {
    const route = request.routeOptions.url;
    if (!route?.startsWith('/api/') || TRANSPORT_STATUSES.has(reply.statusCode)) return payload;
    document ??= app.swagger() as unknown as Document;
    const path = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const key = `${request.method} ${path} ${reply.statusCode}`;
    const entry = document.paths[path]?.[request.method.toLowerCase()]?.responses?.[String(reply.statusCode)];
    if (!entry) {
      violations.push(`${key}: status not documented`);
      return payload;
    }
    const isJson = String(reply.getHeader('content-type') ?? '').startsWith('application/json');
    if (!isJson || typeof payload !== 'string' || payload === '') return payload;
    if (!validators.has(key)) {
      const schema = entry.content?.['application/json']?.schema;
      validators.set(key, schema ? ajv.compile(schema) : null);
    }
    const validate = validators.get(key);
    if (validate && !validate(JSON.parse(payload))) {
      violations.push(`${key}: ${ajv.errorsText(validate.errors)}`);
    }
    return payload;
  });
  return { violations };
}
