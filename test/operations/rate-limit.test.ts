import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { authHeaders, createPartner, operatorHeaders } from '../support/factories';

const t = useTestApp({ rateLimitPerMinute: 5 });

describe('rate limiting per credential', () => {
  it('answers 429 with Retry-After in the Vobiz shape, per credential, never for the operator', async () => {
    const { app } = t.current;
    const first = await createPartner(app);
    const second = await createPartner(app);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push((await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(first) })).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(first) });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: 'HTTPError', status_code: 429 });
    expect(limited.json().message).toMatch(/Rate limit exceeded/);

    expect((await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(second) })).statusCode).toBe(200);
    for (let i = 0; i < 8; i += 1) {
      expect((await app.inject({ url: '/api/v1/admin/partners', headers: operatorHeaders })).statusCode).toBe(200);
    }
  });
});
