/**
 * The customer's CDR views over a hand-built scenario (test/support/cdrs.ts scenarioCalls):
 * each filter and combinations against hand-written expectations, the summary against a
 * recomputation from the rows, pagination and the keyset cursor, export equal to the list.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { CDR_FIELDS } from '../../../src/domain/cdrs/cdr-rows';
import { canUseRollups } from '../../../src/domain/cdrs/cdr-filters';
import { summariseFromCdrs, summariseFromRollups } from '../../../src/domain/cdrs/cdr-summaries';
import { useTestApp } from '../../support/app';
import {
  CDR_TEST_NOW, N, type WireCdr, cdrRow, createTrunk, fundCustomer, ingestOk, parseCsv,
  recomputeSummary, scenarioCalls,
} from '../../support/cdrs';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let customer: Credentials;
let other: Credentials;
let trunks: { t1: string; t2: string };
const labelOf = new Map<string, number>();

beforeAll(async () => {
  const partner = await createPartner(t.current.app);
  customer = await createCustomer(t.current.app, partner);
  other = await createCustomer(t.current.app, partner);
  await fundCustomer(t.current.app, partner, customer, '100.00');
  trunks = { t1: await createTrunk(t.current.app, customer, 'T1'), t2: await createTrunk(t.current.app, customer, 'T2') };
  const calls = scenarioCalls(customer, trunks);
  for (const [label, row] of calls) labelOf.set(row.uuid as string, label);
  await ingestOk(t.current.app, [...calls.values()]);
  // The other customer's calls look alike and must never show up.
  await ingestOk(t.current.app, [...scenarioCalls(other, { t1: '', t2: '' }).values()]
    .map(({ trunk_id: _trunk, ...row }) => ({ ...row, uuid: randomUUID() })));
});

const get = (path: string, who: Credentials = customer) =>
  t.current.app.inject({ url: `/api/v1/Account/${who.authId}${path}`, headers: authHeaders(who) });

async function labels(query: string, path = '/cdr') {
  const response = await get(`${path}?per_page=100&${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().data as WireCdr[]).map((row) => labelOf.get(row.uuid));
}

describe('GET /Account/{id}/cdr filters', () => {
  it.each([
    ['', [10, 8, 7, 6, 5, 4, 3, 2, 1, 9, 11, 12]],
    [`from_number=${encodeURIComponent(N.A)}`, [7, 2, 1, 9, 11, 12]],
    [`to_number=${encodeURIComponent(N.A)}`, [10, 4, 3]],
    ['start_date=2026-07-01&end_date=2026-07-03', [6, 5, 4, 3, 2, 1]],
    ['start_date=2026-06-30&end_date=2026-06-30', [9]],
    ['call_direction=inbound', [10, 8, 4, 3]],
    ['call_direction=outbound', [7, 6, 5, 2, 1, 9, 11, 12]],
    ['status=answered', [8, 7, 3, 1, 9, 11]],
    ['status=failed', [10, 6, 5, 4, 2, 12]],
    ['status=busy', [4]],
    ['status=no_answer', [10, 5, 2]],
    ['min_duration=60', [7, 3, 11]],
    ['min_duration=35', [7, 3, 1, 9, 11]],
    ['min_duration=0', [10, 8, 7, 6, 5, 4, 3, 2, 1, 9, 11, 12]],
    ['hangup_cause=NO_ANSWER', [10, 2]],
    ['hangup_cause=MEDIA_TIMEOUT', [9]],
    [`sip_call_id=${encodeURIComponent('call-11@sip.test')}`, [11]],
    ['trunk_id=T1', [7, 2, 1]],
    ['bridge_uuid=br-1', [8]],
    ['hangup_disposition=send_cancel', [10, 6, 5, 4, 2, 12]],
    ['context=voice-api', [8, 7]],
    ['context=sip-trunking', [10, 6, 5, 4, 3, 2, 1, 9, 11, 12]],
    ['campaign_id=c-1', [7]],
    ['search=Priya', [3]],
    ['search=022222', [8, 6, 4, 2, 9]],
    ['search=call-1', [10, 1, 11, 12]],
    ['search=%25', []],
    ['hangup_cause=NOPE', []],
  ])('%s', async (query, expected) => {
    const resolved = query.replace('T1', () => trunks.t1);
    expect(await labels(resolved)).toEqual(expected);
  });

  it.each([
    // The partner guide's own example: unanswered calls that were not answered.
    ['status=failed&hangup_cause=NO_ANSWER', [10, 2]],
    ['call_direction=inbound&status=answered&min_duration=10', [3]],
    ['start_date=2026-07-01&end_date=2026-07-10&call_direction=outbound&status=answered', [7, 1]],
    ['trunk_id=T2&status=no_answer', [10]],
    [`from_number=${encodeURIComponent(N.A)}&status=failed&start_date=2026-05-01&end_date=2026-07-31`, [2, 12]],
    ['context=voice-api&call_direction=outbound', [7]],
    ['status=answered&hangup_cause=NO_ANSWER', []],
  ])('combined: %s', async (query, expected) => {
    expect(await labels(query.replace('T2', () => trunks.t2))).toEqual(expected);
  });
});

describe('summary', () => {
  it.each([
    '', 'status=answered', 'status=failed', 'call_direction=inbound', 'start_date=2026-07-01&end_date=2026-07-03',
    'status=failed&call_direction=inbound&start_date=2026-07-01&end_date=2026-07-31', 'status=answered&context=voice-api',
    'start_date=2026-07-01&end_date=2026-07-31&call_direction=outbound', 'context=voice-api',
    'status=failed&hangup_cause=NO_ANSWER', 'min_duration=35', 'search=call-1', 'hangup_cause=NOPE',
  ])('equals a recomputation from the raw rows: %s', async (query) => {
    const body = (await get(`/cdr?per_page=100&${query}`)).json();
    expect(body.summary).toEqual(recomputeSummary(body.data));
    expect(body.pagination.total).toBe(body.data.length);
  });

  it('the daily roll-ups and the CDRs give the same summary for every filter the roll-ups serve', async () => {
    const db = t.current.database.handle.db;
    const { id } = await db.selectFrom('accounts').select('id').where('auth_id', '=', customer.authId).executeTakeFirstOrThrow();
    const ranges = [{}, { start_date: '2026-07-01', end_date: '2026-07-03' }, { start_date: '2026-06-30', end_date: '2026-06-30' }];
    for (const range of ranges) {
      for (const status of [undefined, 'answered', 'failed'] as const) {
        for (const direction of [undefined, 'inbound', 'outbound'] as const) {
          for (const context of [undefined, 'voice-api'] as const) {
            const filters = { ...range, status, call_direction: direction, context };
            expect(canUseRollups(filters)).toBe(true);
            expect(await summariseFromRollups(db, { accountId: id }, filters), JSON.stringify(filters))
              .toEqual(await summariseFromCdrs(db, { accountId: id }, filters));
          }
        }
      }
    }
    expect(canUseRollups({ status: 'busy' })).toBe(false);
    expect(canUseRollups({ min_duration: 1 })).toBe(false);
  });

  it('has the documented numbers for the whole scenario', async () => {
    const body = (await get('/cdr')).json();
    expect(body.summary).toEqual({
      totalCalls: 12, answeredCalls: 6, answerRate: 50, avgCallDuration: '144s',
      total_duration_seconds: 959, total_billable_seconds: 1020, total_cost: 8.5, total_shortfall: 0,
      last_call_at: '2026-07-15T10:00:00Z',
    });
  });
});

describe('pagination', () => {
  it('pages by per_page with the Vobiz block, and pages join up to the whole list', async () => {
    const pages = [];
    for (const page of [1, 2, 3]) {
      const body = (await get(`/cdr?per_page=5&page=${page}`)).json();
      expect(body.pagination).toMatchObject({
        page, per_page: 5, total: 12, pages: 3, has_next: page < 3, has_prev: page > 1,
      });
      expect(body.count).toBe(body.data.length);
      pages.push(...body.data.map((row: WireCdr) => labelOf.get(row.uuid)));
    }
    expect(pages).toEqual(await labels(''));
    const beyond = (await get('/cdr?per_page=5&page=4')).json();
    expect(beyond).toMatchObject({ count: 0, data: [], pagination: { total: 12, has_next: false } });
  });

  it('the keyset cursor walks the same rows as pages, filters included', async () => {
    for (const query of ['', 'status=failed']) {
      const walked = [];
      let cursor: string | null = null;
      for (let step = 0; step < 10; step += 1) {
        const suffix: string = cursor ? `&cursor=${cursor}` : '';
        const body = (await get(`/cdr?per_page=4&${query}${suffix}`)).json();
        walked.push(...body.data.map((row: WireCdr) => labelOf.get(row.uuid)));
        expect(body.pagination.has_prev).toBe(cursor !== null);
        cursor = body.pagination.next_cursor;
        expect(cursor === null).toBe(!body.pagination.has_next);
        if (!cursor) break;
      }
      expect(walked).toEqual(await labels(query));
    }
  });

  it('per_page is 1..100 (default 20); page >= 1', async () => {
    expect((await get('/cdr')).json().pagination.per_page).toBe(20);
    expect((await get('/cdr?per_page=100')).statusCode).toBe(200);
    for (const query of ['per_page=101', 'per_page=0', 'page=0', 'page=x']) {
      const response = await get(`/cdr?${query}`);
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toBe('ValidationError');
    }
  });
});

describe('validation', () => {
  it.each([
    ['start_date=2026-07-01', 'end_date'],
    ['end_date=2026-07-01', 'start_date'],
    ['start_date=2026-07-02&end_date=2026-07-01', 'end_date'],
    ['start_date=2026-13-01&end_date=2026-13-02', 'start_date'],
    ['status=missed', 'status'],
    ['call_direction=up', 'call_direction'],
    ['min_duration=-1', 'min_duration'],
    ['trunk_id=not-a-uuid', 'trunk_id'],
    ['cursor=bm90IGEgY3Vyc29y', 'cursor'],
    [`search=${'x'.repeat(101)}`, 'search'],
  ])('%s is 422 naming %s', async (query, field) => {
    const response = await get(`/cdr?${query}`);
    expect(response.statusCode).toBe(422);
    expect(response.json().details.map((detail: { loc: string[] }) => detail.loc.at(-1))).toContain(field);
  });
});

describe('search, recent, one CDR, plural alias', () => {
  it('/cdr/search echoes every filter, "" for those not sent', async () => {
    const body = (await get('/cdr/search?status=failed&hangup_cause=NO_ANSWER&min_duration=5')).json();
    expect(body.filters).toEqual({
      from_number: '', to_number: '', start_date: '', end_date: '', call_direction: '',
      status: 'failed', min_duration: '5', hangup_cause: 'NO_ANSWER', sip_call_id: '', trunk_id: '',
      bridge_uuid: '', hangup_disposition: '', context: '', campaign_id: '', search: '',
      sub_account_id: '',
    });
    expect(body.data.map((row: WireCdr) => labelOf.get(row.uuid))).toEqual([10, 2]);
  });

  it('/cdr/recent gives the newest calls, limit 1..100', async () => {
    const body = (await get('/cdr/recent?limit=3')).json();
    expect(Object.keys(body).sort()).toEqual(['account_id', 'count', 'data', 'success']);
    expect(body).toMatchObject({ account_id: customer.authId, count: 3, success: true });
    expect(body.data.map((row: WireCdr) => labelOf.get(row.uuid))).toEqual([10, 8, 7]);
    expect((await get('/cdr/recent')).json().count).toBe(12);
    expect((await get('/cdr/recent?limit=101')).statusCode).toBe(422);
  });

  it('/cdr/{uuid} is the 43-field object; unknown, malformed and foreign uuids are 404', async () => {
    const [uuid] = [...labelOf.entries()].find(([, label]) => label === 3)!;
    const response = await get(`/cdr/${uuid.toUpperCase()}`);
    expect(response.statusCode).toBe(200);
    const { data } = response.json();
    expect(Object.keys(data)).toEqual([...CDR_FIELDS, 'billable_seconds', 'shortfall']);
    expect(data).toMatchObject({
      uuid, account_id: customer.authId, call_direction: 'inbound', caller_id_name: 'Priya "PN" Nair, Sales',
      caller_id_number: N.X, destination_number: N.A, trunk_id: trunks.t2, duration: 123, billsec: 120,
      ring_time: 3, start_time: '2026-07-02T11:00:00Z', answer_time: '2026-07-02T11:00:03Z',
      end_time: '2026-07-02T11:02:03Z', cost: 1, streaming_cost: 0, total_cost: 1, currency: 'INR',
      hangup_cause: 'NORMAL_CLEARING', hangup_cause_code: 4000, hangup_cause_name: 'Normal Hangup',
      mos: 4.3, codec: 'PCMA', billable_seconds: 120, shortfall: 0,
    });
    const theirs = (await get('/cdr?per_page=1', other)).json().data[0].uuid;
    for (const missing of [theirs, randomUUID(), 'xyz']) {
      expect((await get(`/cdr/${missing}`)).statusCode).toBe(404);
    }
  });

  it('/cdrs answers as /cdr, and /account/ works as /Account/', async () => {
    for (const path of ['', '/search', '/recent']) {
      const singular = (await get(`/cdr${path}?status=busy`)).json();
      const plural = (await get(`/cdrs${path}?status=busy`)).json();
      expect(plural).toEqual(singular);
    }
    const lower = await t.current.app.inject({ url: `/api/v1/account/${customer.authId}/cdrs`, headers: authHeaders(customer) });
    expect(lower.json().pagination.total).toBe(12);
  });
});

describe('GET /Account/{id}/cdr/export', () => {
  async function exported(query: string, path = '/cdr/export') {
    const response = await get(`${path}?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="cdrs-${customer.authId}.csv"`);
    return parseCsv(response.body);
  }

  it.each(['', 'status=answered', 'call_direction=inbound&start_date=2026-07-01&end_date=2026-07-31', 'search=Priya'])(
    'equals the list, field by field: %s', async (query) => {
      const [header, ...lines] = await exported(query);
      expect(header).toEqual([...CDR_FIELDS]);
      const list = (await get(`/cdr?per_page=100&${query}`)).json().data as Record<string, unknown>[];
      expect(lines).toEqual(list.map((row) => CDR_FIELDS.map((field) => (row[field] === null ? '' : String(row[field])))));
    });

  it('ignores paging and streams every matching row (more than one batch)', async () => {
    const bulk = Array.from({ length: 4_500 }, (_, i) =>
      cdrRow({ account: other, talk: i % 3 === 0 ? null : 10, start: `2026-04-0${1 + (i % 9)}T10:00:00Z` }));
    await ingestOk(t.current.app, bulk);
    const response = await get('/cdr/export?page=3&per_page=1', other);
    const [, ...lines] = parseCsv(response.body);
    const total = (await get('/cdr?per_page=1', other)).json().pagination.total;
    expect(lines).toHaveLength(total);
    expect(new Set(lines.map((line) => line[1])).size).toBe(total);
  });

  it('validates before it streams; plural alias works', async () => {
    expect((await get('/cdr/export?start_date=2026-07-01')).statusCode).toBe(422);
    expect((await exported('status=busy', '/cdrs/export')).length).toBe(2);
  });
});

describe('OpenAPI', () => {
  it('documents what the customer CDR routes answer', async () => {
    const document = await openApiDocument(t.current.app);
    const [uuid] = [...labelOf.keys()];
    const base = '/api/v1/Account/{auth_id}';
    const cases: [string, string][] = [
      [`${base}/cdr`, '/cdr'], [`${base}/cdr`, '/cdr?status=nope'], [`${base}/cdrs`, '/cdrs'],
      [`${base}/cdr/search`, '/cdr/search'], [`${base}/cdr/recent`, '/cdr/recent'],
      [`${base}/cdr/{uuid}`, `/cdr/${uuid}`], [`${base}/cdr/{uuid}`, `/cdr/${randomUUID()}`],
      [`${base}/cdr/export`, '/cdr/export'],
    ];
    for (const [path, url] of cases) expectDocumented(document, 'GET', path, await get(url));
  });
});
