/**
 * Checks real responses against the app's own OpenAPI document, so the document cannot drift
 * from what the API sends.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';
import { expect } from 'vitest';

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>>;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addKeyword('example');

export async function openApiDocument(app: FastifyInstance): Promise<OpenApiDocument> {
  const response = await app.inject({ url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  return response.json();
}

/** Asserts `response` is documented for `method` `path` (OpenAPI template) and validates. */
export function expectDocumented(
  document: OpenApiDocument,
  method: string,
  path: string,
  response: InjectResponse,
): void {
  const operation = document.paths[path]?.[method.toLowerCase()];
  expect(operation, `${method} ${path} is not in the OpenAPI document`).toBeDefined();
  const entry = operation!.responses[String(response.statusCode)];
  expect(entry, `${method} ${path} does not document status ${response.statusCode}`).toBeDefined();
  const schema = entry!.content?.['application/json']?.schema;
  if (!schema) return;
  const validate = ajv.compile(schema);
  const valid = validate(response.json());
  expect(valid, `${method} ${path} ${response.statusCode}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}
