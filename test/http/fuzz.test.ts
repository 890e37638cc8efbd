/**
 * Property-based fuzzing of every route in the OpenAPI document against the real app: path,
 * query and body values drawn from each operation's own schemas, mixed with wrong types, NUL and
 * control characters, huge and negative numbers, out-of-range dates and oversized text. No
 * answer may be a 5xx (or a cut connection). Seeded: FUZZ_SEED and FUZZ_RUNS reproduce a
 * failure, and fast-check prints the shrunk counterexample.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import {
  authHeaders,
  createCustomer,
  createPartner,
  creditPartner,
  operatorHeaders,
  type Credentials,
} from '../support/factories';
import { asParameterText, hostileFor, valueFor, type JsonSchema } from '../support/fuzz';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

// /ready answers 503 without a worker by design; here the worker is taken as running.
const t = useTestApp({ isWorkerRunning: () => true });
let document: Document;
let partner: Credentials;
/** The customer the partner routes act on (suspended, charged, ... as the fuzzer pleases). */
let managed: Credentials;
/** The customer calling the Customer API. */
let caller: Credentials;
/** The partner the admin routes act on, so the fuzzing partner itself stays active. */
let administered: Credentials;

beforeAll(async () => {
  const app = t.current.app;
  document = (await app.inject({ url: '/openapi.json' })).json();
  partner = await createPartner(app);
  await creditPartner(app, partner, 10_000);
  managed = await createCustomer(app, partner);
  caller = await createCustomer(app, partner);
  administered = await createPartner(app);
}, 120_000);

function credentialsFor(path: string): Record<string, string> {
  const lower = path.toLowerCase();
  const operatorScope = lower.startsWith('/api/v1/admin') || lower.startsWith('/api/v1/internal');
  if (operatorScope) return operatorHeaders;
  if (lower.startsWith('/api/v1/partner')) return authHeaders(partner);
  if (lower.startsWith('/api/v1/account')) return authHeaders(caller);
  return {};
}

/** The id a path parameter names when the fuzzer plays fair, if the test has one. */
function knownId(path: string, name: string): string | undefined {
  if (name === 'cid') return managed.authId;
  if (name !== 'auth_id') return undefined;
  return path.startsWith('/api/v1/admin') ? administered.authId : caller.authId;
}

function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate: invalid UTF-8 on the wire, itself worth sending
  }
}

interface Target {
  part: 'path' | 'query' | 'body';
  name: string;
  schema: JsonSchema;
}

interface FuzzedRequest {
  path: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
}

/**
 * A plausible request with one field (path or query parameter, or top-level body property)
 * made hostile: one bad field at a time gets past the checks of all the others, which is where
 * a value reaches the database unvalidated.
 */
function requestFor(path: string, operation: Operation): fc.Arbitrary<FuzzedRequest> {
  const parameters = operation.parameters ?? [];
  const bodySchema = operation.requestBody?.content['application/json']?.schema;
  const targets: Target[] = [
    ...parameters.filter((p) => p.in === 'path' || p.in === 'query')
      .map((p) => ({ part: p.in as 'path' | 'query', name: p.name, schema: p.schema })),
    ...Object.entries(bodySchema?.properties ?? {})
      .map(([name, schema]) => ({ part: 'body' as const, name, schema })),
  ];
  const pathValues = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => {
    const id = knownId(path, p.name);
    return [p.name, id ? fc.constant(id) : valueFor(p.schema).map(asParameterText)];
  }));
  const queryValues = Object.fromEntries(parameters.filter((p) => p.in === 'query')
    .map((p) => [p.name, valueFor(p.schema).map(asParameterText)]));
  const plausibleRequest = fc.record({
    path: fc.record(pathValues),
    query: fc.record(queryValues, { requiredKeys: [] }),
    body: bodySchema ? valueFor(bodySchema) : fc.constant(null),
  });
  const mutation = targets.length === 0
    ? fc.constant(undefined)
    : fc.integer({ min: 0, max: targets.length - 1 }).chain((index) =>
      hostileFor(targets[index]!.schema).map((value) => ({ target: targets[index]!, value })));
  return fc.tuple(plausibleRequest, fc.option(mutation, { freq: 8 })).map(([request, change]) =>
    change ? withChange(request, change.target, change.value) : request);
}

function withChange(request: FuzzedRequest, target: Target, value: unknown): FuzzedRequest {
  if (target.part === 'body') {
    const body = request.body !== null && typeof request.body === 'object' ? request.body : {};
    return { ...request, body: { ...body, [target.name]: value } };
  }
  const part = { ...request[target.part], [target.name]: asParameterText(value) };
  return { ...request, [target.part]: part };
}

function urlOf(path: string, values: FuzzedRequest) {
  const filled = path.replace(/\{([^}]+)\}/g, (_all, name: string) =>
    encode(values.path[name] ?? ''));
  const query = Object.entries(values.query)
    .flatMap(([key, value]) => (value === undefined ? [] : [`${encode(key)}=${encode(value)}`]))
    .join('&');
  return query ? `${filled}?${query}` : filled;
}

describe('every route survives fuzzed input without a 5xx', () => {
  it('the OpenAPI document lists the routes', () => {
    expect(Object.keys(document.paths).length).toBeGreaterThan(50);
  });

  const operations = () => Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));

  it('fuzzes each operation', async () => {
    const failures: string[] = [];
    for (const { path, method, operation } of operations()) {
      const property = fc.asyncProperty(requestFor(path, operation), async (values) => {
        const url = urlOf(path, values);
        const response = await t.current.app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          headers: { ...credentialsFor(path), 'content-type': 'application/json' },
          ...(values.body === null ? {} : { payload: JSON.stringify(values.body) }),
        });
        if (response.statusCode >= 500) {
          const sent = JSON.stringify(values.body)?.slice(0, 300);
          const answer = `${response.statusCode} ${response.body}`;
          throw new Error(`${method.toUpperCase()} ${url} ${sent} -> ${answer}`);
        }
      });
      const result = await fc.check(property, { seed: SEED, numRuns: RUNS });
      if (result.failed) {
        const replay = `seed ${SEED}, path ${result.counterexamplePath}`;
        failures.push(`${method.toUpperCase()} ${path} (${replay}):` +
          ` ${String(result.errorInstance).slice(0, 600)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 900_000);
});
