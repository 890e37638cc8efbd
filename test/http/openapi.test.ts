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
    expect(Object.keys(document.components.securitySchemes)).toEqual(['authId', 'authToken', 'operatorToken']);
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
