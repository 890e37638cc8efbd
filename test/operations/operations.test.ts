import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { authHeaders, createCustomer, createPartner, creditPartner, operatorHeaders, transfer } from '../support/factories';

const t = useTestApp();

describe('health, readiness, metrics, request ids', () => {
  it('answers /health without auth, and /ready with each check', async () => {
    const health = await t.current.app.inject({ url: '/health' });
    expect(health.json()).toEqual({ status: 'ok' });
    // The test app runs no job worker, so readiness must say so rather than lie.
    const ready = await t.current.app.inject({ url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'not_ready', checks: { database: true, migrations: true, worker: false } });
  });

  it('protects /metrics with the operator token and reports requests, pool, jobs and ledger', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    await creditPartner(app, partner, '10.50');
    const customer = await createCustomer(app, partner);
    expect((await transfer(app, partner, customer, '2.25')).statusCode).toBe(200);

    expect((await app.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/metrics', headers: authHeaders(partner) })).statusCode).toBe(401);
    const response = await app.inject({ url: '/metrics', headers: operatorHeaders });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.body;
    expect(text).toMatch(/dialtone_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/partner\/accounts\/:cid\/transfer-balance",status_code="200"\} 1/);
    expect(text).toContain('dialtone_ledger_amount_minor_units_total{type="transfer"} 225');
    expect(text).toContain('dialtone_ledger_amount_minor_units_total{type="recharge"} 1050');
    expect(text).toMatch(/dialtone_db_pool_connections\{state="total"\} \d+/);
    expect(text).toMatch(/dialtone_jobs\{state="queued"\} \d+/);
  });

  it('echoes a valid X-Request-ID and mints one otherwise', async () => {
    const echoed = await t.current.app.inject({ url: '/health', headers: { 'x-request-id': 'req_abc-123' } });
    expect(echoed.headers['x-request-id']).toBe('req_abc-123');
    const minted = await t.current.app.inject({ url: '/health', headers: { 'x-request-id': 'bad id\n' } });
    expect(minted.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const error = await t.current.app.inject({ url: '/api/v1/partner/me' });
    expect(error.headers['x-request-id']).toBeDefined();
  });
});
