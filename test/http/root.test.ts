/**
 * The surface around the API: / points to the reference, the document, the console and health
 * (HTML or JSON); a known path with the wrong method is 405 with Allow; a body in a type a
 * route does not take is 415 naming the one to send.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { authHeaders, createPartner } from '../support/factories';

const t = useTestApp();
const LINKS = { docs: '/docs', openapi: '/openapi.json', console: '/console', health: '/health' };

describe('GET /', () => {
  it('is a small page linking the reference, the document, the console and health', async () => {
    const page = await t.current.app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    for (const href of Object.values(LINKS)) expect(page.body).toContain(`href="${href}"`);
    const anything = await t.current.app.inject({ url: '/', headers: { accept: '*/*' } });
    expect(anything.headers['content-type']).toMatch(/^text\/html/);
  });

  it('answers the same links as JSON to a client asking for JSON', async () => {
    const json = await t.current.app.inject({ url: '/', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ name: 'dialtone', links: LINKS });
  });
});

describe('a known path with another method', () => {
  it('is 405 with Allow, while an unknown path stays 404', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    const wrong = await app.inject({ method: 'DELETE', url: '/api/v1/partner/me', headers: authHeaders(partner) });
    expect(wrong.statusCode).toBe(405);
    expect(wrong.headers.allow).toBe('GET, HEAD');
    expect(wrong.json()).toMatchObject({ error: 'HTTPError', status_code: 405 });
    const withParams = await app.inject({ method: 'PATCH', url: '/api/v1/account/MA_AAAAAAAA/trunks/x' });
    expect(withParams.statusCode).toBe(405);
    expect(withParams.headers.allow).toBe('DELETE, GET, HEAD, PUT');
    expect((await app.inject({ url: '/api/v1/partner/nothing-here' })).statusCode).toBe(404);
  });
});

describe('a body of a type the route does not take', () => {
  it('is 415 saying to send Content-Type: application/json', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    const response = await app.inject({
      method: 'POST', url: '/api/v1/partner/accounts',
      headers: { ...authHeaders(partner), 'content-type': 'application/xml' }, payload: '<name>x</name>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().message).toMatch(/send Content-Type: application\/json/);
  });
});
