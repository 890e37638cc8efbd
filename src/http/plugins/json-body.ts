/**
 * JSON bodies parsed without float rounding. Integers that fit a double become numbers; any
 * other number literal is kept as its exact source text until the route's schema says what it
 * is: where the schema marks an exact decimal (MoneyInput), the text is kept ("500.10"), so
 * money is never rounded on the way in; anywhere else (metadata, quality figures) it becomes a
 * plain number, as a client would expect to get it back. lossless-json also refuses duplicate
 * keys with different values and keeps `__proto__` as a plain key (no prototype pollution).
 */
import type { FastifyInstance } from 'fastify';
import { parse } from 'lossless-json';
import { DomainError } from '../../domain/errors';

/** The schema keyword (an OpenAPI extension) that marks a field whose number text is kept. */
export const EXACT_DECIMAL_KEYWORD = 'x-exact-decimal';

/** A non-integer (or oversized) number literal, until the route schema resolves it. */
class NumberLiteral {
  constructor(readonly text: string) {}
}

/**
 * Bodies that hold at least one NumberLiteral: only those need the schema walk, so a large body
 * of integers and strings (a CDR batch) costs nothing more than its parse.
 */
const bodiesWithLiterals = new WeakSet<object>();

export function parseJsonExactly(text: string): unknown {
  let literals = 0;
  const parseNumber = (numberText: string): number | NumberLiteral => {
    if (/^-?[0-9]+$/.test(numberText)) {
      const value = Number(numberText);
      if (Number.isSafeInteger(value)) return value;
    }
    literals += 1;
    return new NumberLiteral(numberText);
  };
  try {
    const parsed = parse(text, null, parseNumber);
    if (literals > 0 && parsed !== null && typeof parsed === 'object') bodiesWithLiterals.add(parsed);
    return parsed;
  } catch (error) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, [{
      loc: ['body'],
      msg: `JSON decode error: ${(error as Error).message}`,
      type: 'json_invalid',
    }]);
  }
}

interface SchemaNode {
  type?: string;
  anyOf?: SchemaNode[];
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  [EXACT_DECIMAL_KEYWORD]?: boolean;
}

/** The branch of a union that describes values of JSON type `type`. */
function branchFor(schema: SchemaNode | undefined, type: 'object' | 'array'): SchemaNode | undefined {
  return schema?.anyOf ? schema.anyOf.find((branch) => branch.type === type) : schema;
}

/** An exact-decimal node, or a union with one (Nullable(MoneyInput)). */
function isExactDecimal(schema: SchemaNode | undefined): boolean {
  return schema?.[EXACT_DECIMAL_KEYWORD] === true || (schema?.anyOf ?? []).some(isExactDecimal);
}

/** Replaces every NumberLiteral: exact text where the schema asks for it, a number elsewhere. */
export function resolveNumberLiterals(value: unknown, schema: SchemaNode | undefined): unknown {
  if (value instanceof NumberLiteral) return isExactDecimal(schema) ? value.text : Number(value.text);
  if (Array.isArray(value)) {
    const items = branchFor(schema, 'array')?.items;
    return value.map((item) => resolveNumberLiterals(item, items));
  }
  if (value !== null && typeof value === 'object') {
    const properties = branchFor(schema, 'object')?.properties;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = resolveNumberLiterals(record[key], properties?.[key]);
  }
  return value;
}

export function registerExactJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, parseJsonExactly(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  app.addHook('preValidation', async (request) => {
    if (request.body !== null && typeof request.body === 'object' && bodiesWithLiterals.has(request.body)) {
      request.body = resolveNumberLiterals(request.body, request.routeOptions.schema?.body as SchemaNode | undefined);
    }
  });
}
