/**
 * The partner's CDR views (vobiz-api.md 1.6): per customer, one call, across customers;
 * can_view_cdrs=false is 403 on each; another partner's customer is 404.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { CDR_FIELDS } from '../../../src/domain/cdrs/cdr-rows';
import { useTestApp } from '../../support/app';
import {
  CDR_TEST_NOW, type WireCdr, cdrRow, createTrunk, fundCustomer, ingestOk, recomputeSummary, scenarioCalls,
} from '../../support/cdrs';
import { authHeaders, createCustomer, createPartner, operatorHeaders, type Credentials } from '../../support/factories';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let partner: Credentials;
let alice: Credentials;
let bob: Credentials;
const labelOf = new Map<string, string>();

beforeAll(async () => {
  partner = await createPartner(t.current.app);
  alice = await createCustomer(t.current.app, partner);
  bob = await createCustomer(t.current.app, partner);
  await fundCustomer(t.current.app, partner, alice, '100.00');
  // Bob's wallet holds 1.00: his 8.50 of calls leave a 7.50 shortfall.
  await fundCustomer(t.current.app, partner, bob, '1.00');
  const trunks = { t1: await createTrunk(t.current.app, alice, 'T1'), t2: await createTrunk(t.current.app, alice, 'T2') };
  const aliceCalls = scenarioCalls(alice, trunks);
  for (const [label, row] of aliceCalls) labelOf.set(row.uuid as string, `a${label}`);
  const bobCalls = [...scenarioCalls(bob, trunks).entries()].map(([label, { trunk_id: _trunk, ...row }]) => {
    labelOf.set(row.uuid as string, `b${label}`);
    return row;
  });
  await ingestOk(t.current.app, [...aliceCalls.values()]);
  await ingestOk(t.current.app, bobCalls);
});

const get = (url: string, who: Credentials = partner) =>
  t.current.app.inject({ url: `/api/v1/partner${url}`, headers: authHeaders(who) });

describe('GET /partner/accounts/{cid}/cdrs', () => {
  it("lists one customer's calls in the Vobiz envelope", async () => {
    const response = await get(`/accounts/${alice.authId}/cdrs?per_page=5`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      success: true, account_id: expect.stringMatching(/^[0-9]+$/), account_auth_id: alice.authId, count: 5,
      pagination: { page: 1, per_page: 5, total: 12, pages: 3, has_next: true, has_prev: false },
      summary: { totalCalls: 12, answeredCalls: 6, total_cost: 8.5, total_shortfall: 0 },
    });
    expect(body.data.every((row: WireCdr) => row.account_id === alice.authId)).toBe(true);
  });

  it("applies the partner guide's filters and summarises the filtered set", async () => {
    const body = (await get(`/accounts/${alice.authId}/cdrs?call_direction=inbound&status=answered&min_duration=10`)).json();
    expect(body.data).toHaveLength(1);
    expect(body.summary).toEqual(recomputeSummary(body.data));
  });

  it('shows the shortfall of a customer whose wallet ran dry', async () => {
    const body = (await get(`/accounts/${bob.authId}/cdrs?per_page=100`)).json();
    expect(body.summary).toMatchObject({ total_cost: 8.5, total_shortfall: 7.5 });
    expect(body.summary).toEqual(recomputeSummary(body.data));
    const paid = body.data.reduce((sum: number, row: WireCdr) => sum + Math.round((row.cost - row.shortfall) * 1e5), 0);
    expect(paid / 1e5).toBe(1);
  });

  it("another partner's customer, or an unknown one, is 404", async () => {
    const stranger = await createPartner(t.current.app);
    expect((await get(`/accounts/${alice.authId}/cdrs`, stranger)).statusCode).toBe(404);
    expect((await get('/accounts/MA_ZZZZZZZZ/cdrs')).statusCode).toBe(404);
  });
});

describe('GET /partner/accounts/{cid}/cdrs/{call_uuid}', () => {
  it('is the bare CDR object, only under its own customer', async () => {
    const [uuid] = [...labelOf.entries()].find(([, label]) => label === 'a7')!;
    const response = await get(`/accounts/${alice.authId}/cdrs/${uuid}`);
    expect(response.statusCode).toBe(200);
    expect(Object.keys(response.json())).toEqual([...CDR_FIELDS, 'billable_seconds', 'shortfall']);
    expect(response.json()).toMatchObject({ uuid, campaign_id: 'c-1', context: 'voice-api', cost: 5 });
    expect((await get(`/accounts/${bob.authId}/cdrs/${uuid}`)).statusCode).toBe(404);
    expect((await get(`/accounts/${alice.authId}/cdrs/${randomUUID()}`)).statusCode).toBe(404);
  });
});

describe('GET /partner/cdrs', () => {
  it("lists every customer's calls, newest first, with one summary", async () => {
    const body = (await get('/cdrs?per_page=100')).json();
    expect(body).toMatchObject({ account_id: null, account_auth_id: null, pagination: { total: 24 } });
    expect(new Set(body.data.map((row: WireCdr) => row.account_id))).toEqual(new Set([alice.authId, bob.authId]));
    const starts = body.data.map((row: WireCdr) => row.start_time);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(body.summary).toEqual(recomputeSummary(body.data));
    expect(body.summary).toMatchObject({ totalCalls: 24, total_cost: 17, total_shortfall: 7.5 });
  });

  it('filters and walks the keyset cursor across customers', async () => {
    const failed = (await get('/cdrs?status=failed&per_page=100')).json();
    expect(failed.data).toHaveLength(12);
    const walked: string[] = [];
    let cursor = '';
    for (let step = 0; step < 10; step += 1) {
      const body = (await get(`/cdrs?status=failed&per_page=5${cursor}`)).json();
      walked.push(...body.data.map((row: WireCdr) => row.uuid));
      if (!body.pagination.next_cursor) break;
      cursor = `&cursor=${body.pagination.next_cursor}`;
    }
    expect(walked).toEqual(failed.data.map((row: WireCdr) => row.uuid));
  });

  it("never shows another partner's calls", async () => {
    const stranger = await createPartner(t.current.app);
    const theirs = await createCustomer(t.current.app, stranger);
    await ingestOk(t.current.app, [cdrRow({ account: theirs })]);
    expect((await get('/cdrs', stranger)).json().pagination.total).toBe(1);
    expect((await get('/cdrs')).json().pagination.total).toBe(24);
  });
});

describe('can_view_cdrs=false', () => {
  it('is 403 on every CDR route, and lifting it restores them', async () => {
    const setFlag = (value: boolean) => t.current.app.inject({
      method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`, headers: operatorHeaders,
      payload: { can_view_cdrs: value },
    });
    expect((await setFlag(false)).json().can_view_cdrs).toBe(false);
    const [uuid] = [...labelOf.keys()];
    const urls = [`/accounts/${alice.authId}/cdrs`, `/accounts/${alice.authId}/cdrs/${uuid}`, '/cdrs',
      '/accounts/MA_ZZZZZZZZ/cdrs', '/cdrs?per_page=999'];
    try {
      for (const url of urls) {
        const response = await get(url);
        expect(response.statusCode, url).toBe(403);
        expect(response.json()).toMatchObject({ error: 'HTTPError', status_code: 403 });
      }
      // Not a CDR route: the dashboard stays available.
      expect((await get('/dashboard')).statusCode).toBe(200);
    } finally {
      await setFlag(true);
    }
    expect((await get('/cdrs')).statusCode).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('documents what the partner CDR routes answer', async () => {
    const document = await openApiDocument(t.current.app);
    const [uuid] = [...labelOf.keys()];
    const cases: [string, string][] = [
      ['/api/v1/partner/accounts/{cid}/cdrs', `/accounts/${alice.authId}/cdrs`],
      ['/api/v1/partner/accounts/{cid}/cdrs', '/accounts/MA_ZZZZZZZZ/cdrs'],
      ['/api/v1/partner/accounts/{cid}/cdrs/{call_uuid}', `/accounts/${alice.authId}/cdrs/${uuid}`],
      ['/api/v1/partner/cdrs', '/cdrs'],
      ['/api/v1/partner/cdrs', '/cdrs?per_page=101'],
    ];
    for (const [path, url] of cases) expectDocumented(document, 'GET', path, await get(url));
  });
});
