/**
 * Money written as a JSON number without ever becoming a float. Vobiz's clients type many
 * amounts as `number`, but fast-json-stringify writes a number field through `Number()`. So a
 * field whose response schema carries EXACT_NUMBER_KEYWORD takes the exact decimal text the
 * handler passes ("5000.50") and is written as that text, unquoted: `5000.50`.
 *
 * How: at compile time such a node becomes a string node and its path is remembered; before
 * serializing, the values on those paths are tagged (copy-on-write, the handler's object is
 * untouched) with a NUL byte and a per-process random nonce; after, each tagged string loses
 * its quotes. No stored text can hold a NUL byte (PostgreSQL refuses it) and the nonce cannot
 * be guessed, so nothing else in a body can be mistaken for a tagged value.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fastJsonStringify, { type Schema } from 'fast-json-stringify';

/** The schema keyword (an OpenAPI extension) of a number field written from exact text. */
export const EXACT_NUMBER_KEYWORD = 'x-exact-number';

const DECIMAL_TEXT = /^-?[0-9]{1,20}(\.[0-9]{1,10})?$/;
const NONCE = randomBytes(12).toString('hex');
const TAG = `\u0000${NONCE}`;
// fast-json-stringify escapes the NUL byte as the six characters \u0000.
const TAGGED = new RegExp(`"\\\\u0000${NONCE}(-?[0-9]+(?:\\.[0-9]+)?)"`, 'g');

interface SchemaNode {
  type?: unknown;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
  allOf?: SchemaNode[];
  [EXACT_NUMBER_KEYWORD]?: boolean;
  [key: string]: unknown;
}

/** Where exact numbers sit: a tree of property names ('*' = every array item), true = a leaf. */
type PathTree = { [key: string]: PathTree | true };

/** An exact-number node, or a union with one (Nullable(MoneyNumber)). */
function isExact(node: SchemaNode): boolean {
  const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
  return node[EXACT_NUMBER_KEYWORD] === true || branches.some((branch) => isExact(branch));
}

/** The schema with exact-number nodes turned into strings, and the paths of those nodes. */
function rewrite(node: SchemaNode, paths: PathTree): SchemaNode {
  if (node[EXACT_NUMBER_KEYWORD]) {
    const { [EXACT_NUMBER_KEYWORD]: _marker, type, ...rest } = node;
    const nullable = Array.isArray(type) && type.includes('null');
    return { ...rest, type: nullable ? ['string', 'null'] : 'string' };
  }
  const copy: SchemaNode = { ...node };
  if (node.properties) {
    copy.properties = {};
    for (const [key, child] of Object.entries(node.properties)) {
      const childPaths: PathTree = {};
      copy.properties[key] = rewrite(child, childPaths);
      merge(paths, key, isExact(child) ? true : childPaths);
    }
  }
  if (node.items && !Array.isArray(node.items)) {
    const childPaths: PathTree = {};
    copy.items = rewrite(node.items, childPaths);
    merge(paths, '*', isExact(node.items) ? true : childPaths);
  }
  for (const keyword of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[keyword];
    if (branches) copy[keyword] = branches.map((branch) => rewrite(branch, paths));
  }
  return copy;
}

function merge(paths: PathTree, key: string, child: PathTree | true): void {
  const existing = paths[key];
  if (child === true || existing === undefined) {
    if (child === true || Object.keys(child).length > 0) paths[key] = child;
    return;
  }
  if (existing === true) return;
  for (const [childKey, grandChild] of Object.entries(child)) merge(existing, childKey, grandChild);
}

/** The exact text of one value, tagged; a float is a programmer error (it would round). */
function tag(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isSafeInteger(value))) {
    return `${TAG}${value}`;
  }
  if (typeof value === 'string' && DECIMAL_TEXT.test(value)) return `${TAG}${value}`;
  throw new Error(`exact number field got ${typeof value} ${String(value)}, not decimal text`);
}

/** A copy of `value` with the values on `paths` tagged; everything else is shared. */
function tagPaths(value: unknown, paths: PathTree): unknown {
  if (Array.isArray(value)) {
    const items = paths['*'];
    if (items === undefined) return value;
    return value.map((item) => (items === true ? tag(item) : tagPaths(item, items)));
  }
  if (value === null || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  const copy: Record<string, unknown> = { ...record };
  for (const [key, child] of Object.entries(paths)) {
    if (key === '*' || !(key in record)) continue;
    copy[key] = child === true ? tag(record[key]) : tagPaths(record[key], child);
  }
  return copy;
}

/** A serializer for one response schema; plain fast-json-stringify when it has no exact field. */
export function compileExactSerializer(schema: object): (data: unknown) => string {
  const paths: PathTree = {};
  const rewritten = rewrite(schema as SchemaNode, paths);
  const stringify = fastJsonStringify(rewritten as Schema);
  if (Object.keys(paths).length === 0) return stringify;
  return (data) => stringify(tagPaths(data, paths)).replace(TAGGED, '$1');
}

export function registerExactNumberSerializer(app: FastifyInstance): void {
  app.setSerializerCompiler(({ schema }) => compileExactSerializer(schema));
}
