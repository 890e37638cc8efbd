/**
 * fast-check arbitraries built from the OpenAPI document's own schemas: values a client could
 * plausibly send (so a request reaches the domain and the database), and hostile ones to put in
 * one field at a time (wrong types, NUL and control characters, huge and negative numbers, dates
 * outside what PostgreSQL or Date hold, oversized text).
 */
import fc from 'fast-check';

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  examples?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

const CONTROL_CHARACTERS = ['\u0000', '\u0001', '\u0007', '\u001b', '\u007f', '\r\n', '\u2028'];

const hostileText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(...CONTROL_CHARACTERS).chain((control) =>
      fc.string({ maxLength: 8 }).map((text) => `${text}${control}${text}`)),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '', ' ', '%', "'; drop table cdrs; --", '\\', '../../etc/passwd', '😀', '\ud800'),
  },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 20_000 }).map((n) => 'x'.repeat(n)) },
);

const hostileDates = fc.constantFrom(
  '0001-01-01', '0000-01-01', '1899-12-31', '9999-12-31', '2026-02-30', '2026-13-01',
  '10000-01-01', '-000001-01-01', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z',
  '294277-01-01T00:00:00Z',
);

const hostileNumbers: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, -(2 ** 53), 1e20, -1e20, 1e308, 0.5, -0.000001),
  fc.integer(),
  fc.double({ noNaN: true }),
);

const wrongTypes: fc.Arbitrary<unknown> = fc.constantFrom(null, true, [], {}, [1, 'a'], { a: 1 });

/** A value meant to satisfy `schema` (examples, enums, bounded numbers, patterns). */
function plausible(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union && union.length > 0) return fc.oneof(...union.map((branch) => valueFor(branch, depth)));
  const examples = schema.examples ?? [];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const fromType = ((): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'integer':
        return fc.integer({
          min: Math.max(schema.minimum ?? -1_000, -(2 ** 31)),
          max: Math.min(schema.maximum ?? 1_000, 2 ** 31),
        });
      case 'number':
        return fc.double({
          min: schema.minimum ?? -1_000, max: schema.maximum ?? 1_000, noNaN: true,
        });
      case 'boolean':
        return fc.boolean();
      case 'array':
        return fc.array(valueFor(schema.items ?? {}, depth + 1), { maxLength: 3 });
      case 'object':
        return objectFor(schema, depth + 1);
      case 'string':
        if (schema.format === 'date') return fc.constantFrom('2026-01-01', '2026-03-25');
        if (schema.format === 'date-time') return fc.constant('2026-03-25T10:00:00Z');
        if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).map(
          (text) => text.slice(0, schema.maxLength ?? text.length));
        return fc.string({ maxLength: Math.min(schema.maxLength ?? 20, 20) });
      default:
        return fc.constant('x');
    }
  })();
  return examples.length > 0 ? fc.oneof(fc.constantFrom(...examples), fromType) : fromType;
}

/** A value meant to satisfy `schema`, so the request gets past validation to the domain. */
export function valueFor(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  return depth > 4 ? fc.constant(null) : plausible(schema, depth);
}

/** A value meant to break whatever reads a field of this schema, or the wrong type. */
export function hostileFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  const typed = type === 'integer' || type === 'number'
    ? hostileNumbers
    : schema.format === 'date' || schema.format === 'date-time'
      ? hostileDates
      : hostileText;
  return fc.oneof({ weight: 4, arbitrary: typed }, hostileText, wrongTypes);
}

function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const names = Object.keys(properties);
  if (names.length === 0) {
    return fc.dictionary(fc.string({ maxLength: 5 }), hostileText, { maxKeys: 3 });
  }
  const required = new Set(schema.required ?? []);
  const record = Object.fromEntries(
    names.map((name) => [name, valueFor(properties[name]!, depth)]));
  return fc.record(record, {
    requiredKeys: names.filter((name) => required.has(name)),
  });
}

/** Text for a query or path parameter: a value as the client would write it in a URL. */
export function asParameterText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'null';
}
