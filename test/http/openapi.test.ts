import type { InjectOptions } from 'fastify';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { authHeaders, createCustomer, createPartner, creditPartner, operatorHeaders, transfer } from '../support/factories';
import { expectDocumented, openApiDocument } from '../support/openapi';

const t = useTestApp();

describe('GET /openapi.json', () => {
  it('is OpenAPI 3.1 with auth schemes and every public route group', async () => {
    const document = await openApiDocument(t.current.app) as unknown as {
      openapi: string; paths: Record<string, unknown>; components: { securitySchemes: object };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.components.securitySchemes))
      .toEqual(['authId', 'authToken', 'operatorToken', 'ingestToken']);
    for (const prefix of ['/api/v1/admin/', '/api/v1/partner/', '/api/v1/Account/']) {
      expect(Object.keys(document.paths).some((path) => path.startsWith(prefix))).toBe(true);
    }
  });

  it('documents what the foundation routes really answer, errors included', async () => {
    const { app } = t.current;
    const document = await openApiDocument(app);
    const partner = await createPartner(app);
    await creditPartner(app, partner, 100);
    const customer = await createCustomer(app, partner);
    const p = authHeaders(partner);
    const c = authHeaders(customer);
    const cases: [string, string, InjectOptions][] = [
      ['GET', '/api/v1/partner/me', { url: '/api/v1/partner/me', headers: p }],
      ['GET', '/api/v1/partner/me', { url: '/api/v1/partner/me' }],
      ['GET', '/api/v1/partner/accounts', { url: '/api/v1/partner/accounts', headers: p }],
      ['GET', '/api/v1/partner/accounts', { url: '/api/v1/partner/accounts?per_page=500', headers: p }],
      ['GET', '/api/v1/partner/accounts/{cid}', { url: `/api/v1/partner/accounts/${customer.authId}`, headers: p }],
      ['GET', '/api/v1/partner/accounts/{cid}', { url: '/api/v1/partner/accounts/MA_ZZZZZZZZ', headers: p }],
      ['GET', '/api/v1/partner/accounts/{cid}/balance', { url: `/api/v1/partner/accounts/${customer.authId}/balance`, headers: p }],
      ['GET', '/api/v1/partner/accounts/{cid}/transactions', { url: `/api/v1/partner/accounts/${customer.authId}/transactions`, headers: p }],
      ['GET', '/api/v1/partner/transactions', { url: '/api/v1/partner/transactions', headers: p }],
      ['GET', '/api/v1/Account/{auth_id}/balance/{currency}', { url: `/api/v1/Account/${customer.authId}/balance/INR`, headers: c }],
      ['GET', '/api/v1/Account/{auth_id}/transactions', { url: `/api/v1/Account/${customer.authId}/transactions`, headers: c }],
      ['GET', '/api/v1/admin/partners', { url: '/api/v1/admin/partners', headers: operatorHeaders }],
      ['GET', '/api/v1/admin/partners/{auth_id}', { url: `/api/v1/admin/partners/${partner.authId}`, headers: operatorHeaders }],
      ['GET', '/health', { url: '/health' }],
    ];
    for (const [method, path, request] of cases) {
      expectDocumented(document, method, path, await app.inject(request));
    }
    const moved = await transfer(app, partner, customer, '10.50');
    expectDocumented(document, 'POST', '/api/v1/partner/accounts/{cid}/transfer-balance', moved);
    const refused = await transfer(app, partner, customer, 1000);
    expectDocumented(document, 'POST', '/api/v1/partner/accounts/{cid}/transfer-balance', refused);
  });
});

interface Operation { operationId?: string; security?: Record<string, string[]>[] }
interface FullDocument {
  info: { description?: string };
  servers?: { url: string }[];
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { description?: string }> };
}

function operationsOf(document: FullDocument): [string, Operation][] {
  return Object.entries(document.paths).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]): [string, Operation] =>
      [`${method} ${path}`, operation]));
}

/** Every property or parameter in `node` that is both required and has a `default`. */
function requiredWithDefault(node: unknown, at: string, found: string[]): string[] {
  if (Array.isArray(node)) {
    node.forEach((item, i) => requiredWithDefault(item, `${at}/${i}`, found));
  }
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return found;
  const { required, properties, schema } = node as {
    required?: unknown;
    properties?: Record<string, { default?: unknown }>;
    schema?: { default?: unknown };
  };
  if (required === true && schema?.default !== undefined) found.push(at);
  if (Array.isArray(required) && properties) {
    for (const name of required) {
      if (properties[name]?.default !== undefined) found.push(`${at}/properties/${String(name)}`);
    }
  }
  for (const [key, child] of Object.entries(node)) {
    requiredWithDefault(child, `${at}/${key}`, found);
  }
  return found;
}

describe('the OpenAPI document as a whole', () => {
  const document = async () => await openApiDocument(t.current.app) as unknown as FullDocument;

  it('gives every operation a unique operationId derived from method and path', async () => {
    const operations = operationsOf(await document());
    expect(operations.length).toBeGreaterThan(50);
    const missing = operations.filter(([, operation]) => !operation.operationId)
      .map(([name]) => name);
    expect(missing).toEqual([]);
    const ids = operations.map(([, operation]) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const byName = Object.fromEntries(operations);
    expect(byName['get /api/v1/partner/accounts/{cid}']?.operationId)
      .toBe('get_api_v1_partner_accounts_cid');
  });

  it('names its server, describes every credential and which tag takes which', async () => {
    const doc = await document();
    expect(doc.servers?.[0]?.url).toMatch(/^https?:\/\//);
    for (const [name, scheme] of Object.entries(doc.components.securitySchemes)) {
      expect(scheme.description, `security scheme ${name}`).toMatch(/\w+ \w+/);
    }
    expect(Object.keys(doc.components.securitySchemes)).toContain('ingestToken');
    const used = new Set(operationsOf(doc).flatMap(([, operation]) =>
      (operation.security ?? []).flatMap((requirement) => Object.keys(requirement))));
    for (const name of used) expect(doc.components.securitySchemes[name]).toBeDefined();
    const tagged = new Map((doc.tags ?? []).map((tag) => [tag.name, tag.description ?? '']));
    for (const name of ['partner', 'customer', 'admin', 'internal']) {
      expect(tagged.get(name), `tag ${name}`).toMatch(/Credentials: /);
    }
  });

  it('explains the product: auth, money, idempotency, errors, pagination', async () => {
    const description = (await document()).info.description ?? '';
    expect(description.length).toBeGreaterThan(800);
    const topics = [
      /X-Auth-Token/, /Bearer/, /exact decimal/i, /Idempotency-Key/, /## Errors/, /## Pagination/,
    ];
    for (const topic of topics) {
      expect(description).toMatch(topic);
    }
  });

  it('has no property both required and defaulted (generated clients would force it)', async () => {
    expect(requiredWithDefault(await document(), '#', [])).toEqual([]);
  });
});

describe('GET /docs', () => {
  it('is a dialtone-branded reference, scripts and styles all from this server', async () => {
    const { app } = t.current;
    const page = await app.inject({ url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<title>dialtone API reference</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const sources = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(sources.length).toBeGreaterThan(0);
    expect(sources.filter((source) => /^(https?:)?\/\//.test(source))).toEqual([]);
    const initializer = await app.inject({ url: '/docs/static/swagger-initializer.js' });
    expect(initializer.statusCode).toBe(200);
    expect(initializer.body).toContain('data:image/svg+xml;base64,');
    expect(Buffer.from(initializer.body.split('base64,')[1]!.split("'")[0]!, 'base64').toString())
      .toContain('dialtone');
  });
});
