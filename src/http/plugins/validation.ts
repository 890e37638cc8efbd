/**
 * Request validation. Query strings, params and headers are text, so they are coerced to the
 * schema's types; JSON bodies are not (a string where a number belongs is a 422, as Vobiz's
 * validation does). Unknown properties are removed so they never reach the domain. Every string
 * and date also obeys the rules of input-rules.ts.
 */
import Ajv, { type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance, FastifySchema } from 'fastify';
import { addInputKeywords, withInputRules } from './input-rules';

const COMMON: Options = {
  removeAdditional: 'all',
  useDefaults: true,
  allErrors: true,
  strict: false,
  // Error objects carry the offending value, reported back as `input` as FastAPI does.
  verbose: true,
};

function newAjv(options: Options): Ajv {
  const ajv = new Ajv({ ...COMMON, ...options });
  addFormats(ajv);
  addInputKeywords(ajv);
  return ajv;
}

export function registerValidation(app: FastifyInstance): void {
  const bodies = newAjv({ coerceTypes: false });
  const text = newAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler<FastifySchema>(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodies : text).compile(withInputRules(schema) as object),
  );
}
