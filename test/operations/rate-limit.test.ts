import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { pruneRateLimitWindows } from '../../src/domain/rate-limits/rate-limit-windows';
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
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({ error: 'HTTPError', status_code: 429 });
    expect(limited.json().message).toMatch(/Rate limit exceeded/);

    expect((await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(second) })).statusCode).toBe(200);
    for (let i = 0; i < 8; i += 1) {
      expect((await app.inject({ url: '/api/v1/admin/partners', headers: operatorHeaders })).statusCode).toBe(200);
    }
  });

  it('counts concurrent requests of one credential exactly', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    const answers = await Promise.all(Array.from({ length: 40 }, () =>
      app.inject({ url: '/api/v1/partner/me', headers: authHeaders(partner) })));
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
  });

  it('refuses a credential over its limit without asking the database again', async () => {
    const { app, database } = t.current;
    const db = database.handle.db;
    const partner = await createPartner(app);
    for (let i = 0; i < 6; i += 1) {
      await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(partner) });
    }
    await db.deleteFrom('rate_limit_windows').where('subject', '=', partner.authId).execute();
    const refused = await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(partner) });
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const rows = await db.selectFrom('rate_limit_windows').select('subject')
      .where('subject', '=', partner.authId).execute();
    expect(rows).toEqual([]);
  });

  it('opens a new window once the last has ended, and prunes ended windows only', async () => {
    const { app, database } = t.current;
    const db = database.handle.db;
    const [ended, live] = [await createPartner(app), await createPartner(app)];
    // At the limit, not over it (a process remembers a credential over it until the window ends).
    for (let i = 0; i < 5; i += 1) {
      await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(ended) });
    }
    await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(live) });
    // The window's end moved into the past: what a minute's wait would do.
    await sql`update rate_limit_windows set window_ends_at = now() - interval '1 second'
              where subject = ${ended.authId}`.execute(db);
    const again = await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(ended) });
    expect(again.statusCode).toBe(200);

    await sql`update rate_limit_windows set window_ends_at = now() - interval '1 second'
              where subject = ${ended.authId}`.execute(db);
    expect(await pruneRateLimitWindows(db)).toBeGreaterThanOrEqual(1);
    const left = await db.selectFrom('rate_limit_windows').select('subject')
      .where('subject', 'in', [ended.authId, live.authId]).execute();
    expect(left.map((row) => row.subject)).toEqual([live.authId]);
  });
});
