/**
 * Every string and date of every route obeys one set of rules at validation: a NUL or control
 * character, or a date outside INPUT_DATE_MIN..MAX, is a 422 naming the field, never a 500
 * from the database. A 422 echoes at most an excerpt of what it refuses.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { INPUT_DATE_MAX, VALIDATION_INPUT_ECHO_CHARS_MAX } from '../../../src/limits';
import { useTestApp } from '../../support/app';
import { CDR_TEST_NOW, cdrRow, ingest } from '../../support/cdrs';
import {
  authHeaders,
  createCustomer,
  createPartner,
  operatorHeaders,
  type Credentials,
} from '../../support/factories';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let partner: Credentials;
let customer: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
  customer = await createCustomer(t.current.app, partner);
});

function expectRefused(response: { statusCode: number; json: () => unknown }, loc: string[]) {
  expect(response.statusCode).toBe(422);
  const body = response.json() as { error: string; details: { loc: string[]; type: string }[] };
  expect(body.error).toBe('ValidationError');
  expect(body.details.map((detail) => detail.loc)).toContainEqual(loc);
}

describe('control characters', () => {
  it.each(['\u0000', '\u0001', '\u001b', '\u007f'])('refuses %j in a JSON string', async (char) => {
    const response = await t.current.app.inject({
      method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`, headers: operatorHeaders,
      payload: { name: `Acme${char}Telecom` },
    });
    expectRefused(response, ['body', 'name']);
    const detail = response.json().details[0];
    expect(detail.type).toBe('control_characters');
  });

  it('refuses NUL in names and descriptions across resources', async () => {
    const cases = [
      ['POST', '/api/v1/partner/pricing-tiers', { name: 'x\u0000', rate_per_minute: 1 }, 'name'],
      ['POST', `/api/v1/Account/${customer.authId}/trunks`, { name: 'a\u0000b' }, 'name'],
      ['POST', `/api/v1/Account/${customer.authId}/origination-uris`,
        { name: 'pbx', sip_uri: 'sip:pbx.test', description: 'd\u0000' }, 'description'],
    ] as const;
    for (const [method, url, payload, field] of cases) {
      const headers = url.includes('/partner/') ? authHeaders(partner) : authHeaders(customer);
      const response = await t.current.app.inject({ method, url, headers, payload });
      expectRefused(response, ['body', field]);
    }
  });

  it('keeps tabs and line breaks in free text', async () => {
    const response = await t.current.app.inject({
      method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`, headers: operatorHeaders,
      payload: { name: 'Acme\tTelecom' },
    });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('refuses NUL in search on lists and on the CSV export, before any byte', async () => {
    const urls = [
      '/api/v1/partner/accounts?search=a%00',
      '/api/v1/partner/transactions?search=%00',
      `/api/v1/Account/${customer.authId}/cdr/export?search=%00`,
    ];
    for (const url of urls) {
      const headers = url.includes('/partner/') ? authHeaders(partner) : authHeaders(customer);
      expectRefused(await t.current.app.inject({ url, headers }), ['query', 'search']);
    }
  });

  it('reports a CDR row with a NUL by its index and keeps the others', async () => {
    const rows = [
      cdrRow({ account: customer }), cdrRow({ account: customer, caller_id_name: 'a\u0000' })];
    const response = await ingest(t.current.app, rows);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ accepted: 1, rejected: 1 });
    expect(response.json().errors[0].index).toBe(1);
  });
});

describe('dates', () => {
  it.each(['0001-01-01', '1899-12-31', '3000-01-01'])('refuses to_date=%s', async (day) => {
    for (const path of ['dashboard', 'analytics']) {
      const response = await t.current.app.inject({
        url: `/api/v1/partner/${path}?to_date=${day}`, headers: authHeaders(partner),
      });
      expectRefused(response, ['query', 'to_date']);
    }
  });

  it('accepts the last day of the range', async () => {
    const response = await t.current.app.inject({
      url: `/api/v1/partner/dashboard?from_date=${INPUT_DATE_MAX}&to_date=${INPUT_DATE_MAX}`,
      headers: authHeaders(partner),
    });
    expect(response.statusCode, response.body).toBe(200);
  });
});

describe('echoed input', () => {
  it('cuts a 20 KB value to a short excerpt', async () => {
    const nested = Array.from({ length: 2_000 }, (_, i) => [i, [i]]);
    const response = await t.current.app.inject({
      method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`, headers: operatorHeaders,
      payload: { name: nested },
    });
    expect(response.statusCode).toBe(422);
    const input = response.json().details[0].input as string;
    expect(input.length).toBe(VALIDATION_INPUT_ECHO_CHARS_MAX + 1);
    expect(input.endsWith('…')).toBe(true);
    expect(response.body.length).toBeLessThan(1_000);
  });

  it('echoes a short value whole', async () => {
    const response = await t.current.app.inject({
      method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`, headers: operatorHeaders,
      payload: { name: [1, 2] },
    });
    expect(response.json().details[0].input).toEqual([1, 2]);
  });
});
