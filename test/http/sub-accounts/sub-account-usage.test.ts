/**
 * Usage attribution: calls ingested with a sub_account_id are charged to the parent's wallet,
 * listed for the sub-account's own credentials (and no one else's sub-account), and filterable
 * by the parent and the partner; wrong attributions are reported by index, not stored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { useTestApp } from '../../support/app';
import { CDR_TEST_NOW, cdrRow, fundCustomer, ingestOk } from '../../support/cdrs';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let partner: Credentials;
let parent: Credentials;
let child: Credentials;
let sibling: Credentials;
let stranger: Credentials;
let strangersChild: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
  parent = await createCustomer(t.current.app, partner);
  await fundCustomer(t.current.app, partner, parent, '100.00');
  child = await createSubAccount(t.current.app, parent);
  sibling = await createSubAccount(t.current.app, parent);
  stranger = await createCustomer(t.current.app, partner);
  strangersChild = await createSubAccount(t.current.app, stranger);
});

const get = (url: string, who: Credentials) =>
  t.current.app.inject({ url, headers: authHeaders(who) });
const uuids = (body: { data: { uuid: unknown }[] }) => body.data.map((cdr) => String(cdr.uuid)).sort();
const balanceOf = async (who: Credentials) =>
  Number((await get(`/api/v1/Account/${who.authId}/balance/INR`, who)).json().balance);

describe('attributed calls', () => {
  // Built once the accounts exist (describe bodies run before any beforeAll).
  let childCall: Record<string, unknown>;
  let childOnlyCall: Record<string, unknown>;
  let parentCall: Record<string, unknown>;

  beforeAll(async () => {
    childCall = cdrRow({ account: parent, sub_account_id: child.authId, talk: 60 });
    childOnlyCall = cdrRow({ sub_account_id: child.authId, talk: 120, start: '2026-07-15T11:00:00Z' });
    parentCall = cdrRow({ account: parent, talk: 60, start: '2026-07-15T12:00:00Z' });
    const result = await ingestOk(t.current.app, [childCall, childOnlyCall, parentCall]);
    expect(result).toMatchObject({ accepted: 3, rejected: 0 });
  });

  it('are paid from the parent\'s wallet (platform default 0.50/min: 0.50 + 1.00 + 0.50)', async () => {
    expect(await balanceOf(parent)).toBe(98);
    expect(await balanceOf(child)).toBe(98);
  });

  it('are what the sub-account\'s own credentials list, search, read and export', async () => {
    const base = `/api/v1/Account/${child.authId}`;
    const list = await get(`${base}/cdr`, child);
    expect(list.statusCode, list.body).toBe(200);
    expect(uuids(list.json())).toEqual([childCall.uuid, childOnlyCall.uuid].sort());
    expect(list.json().summary).toMatchObject({ totalCalls: 2 });
    const recent = await get(`${base}/cdr/recent`, child);
    expect(uuids(recent.json())).toEqual([childCall.uuid, childOnlyCall.uuid].sort());
    expect((await get(`${base}/cdr/${childCall.uuid}`, child)).statusCode).toBe(200);
    expect((await get(`${base}/cdr/${parentCall.uuid}`, child)).statusCode).toBe(404);
    const csv = await get(`${base}/cdr/export`, child);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(String(childOnlyCall.uuid));
    expect(csv.body).not.toContain(String(parentCall.uuid));
    const siblings = await get(`/api/v1/Account/${sibling.authId}/cdr`, sibling);
    expect(siblings.json()).toMatchObject({ count: 0, data: [] });
  });

  it('the parent sees all three and filters by sub-account; the partner too', async () => {
    const base = `/api/v1/Account/${parent.authId}/cdr`;
    expect((await get(base, parent)).json().pagination.total).toBe(3);
    const filtered = await get(`${base}?sub_account_id=${child.authId}`, parent);
    expect(uuids(filtered.json())).toEqual([childCall.uuid, childOnlyCall.uuid].sort());
    expect((await get(`${base}?sub_account_id=${strangersChild.authId}`, parent)).json().count).toBe(0);
    const partnerView = await get(
      `/api/v1/partner/accounts/${parent.authId}/cdrs?sub_account_id=${child.authId}`, partner);
    expect(partnerView.statusCode, partnerView.body).toBe(200);
    expect(partnerView.json().count).toBe(2);
  });

  it('stay listed for the parent after the sub-account is deleted', async () => {
    const gone = await createSubAccount(t.current.app, parent);
    const call = cdrRow({ sub_account_id: gone.authId, start: '2026-07-16T10:00:00Z' });
    await ingestOk(t.current.app, [call]);
    await t.current.app.inject({
      method: 'DELETE', url: subAccountsUrl(parent, `/${gone.authId}`), headers: authHeaders(parent),
    });
    const kept = await get(`/api/v1/Account/${parent.authId}/cdr/${call.uuid}`, parent);
    expect(kept.statusCode).toBe(200);
    const late = await ingestOk(t.current.app, [cdrRow({ sub_account_id: gone.authId })]);
    expect(late).toMatchObject({ accepted: 0, rejected: 1 });
  });
});

describe('wrong attributions', () => {
  it('are rejected by index: unknown, another account\'s, malformed', async () => {
    const result = await ingestOk(t.current.app, [
      cdrRow({ sub_account_id: 'SA_ZZZZZZZZ' }),
      cdrRow({ account: parent, sub_account_id: strangersChild.authId }),
      cdrRow({ account: parent, sub_account_id: 'MA_12345678' }),
    ]);
    expect(result).toMatchObject({ accepted: 0, rejected: 3 });
    expect(result.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [0, 'sub_account_id'], [1, 'sub_account_id'], [2, 'sub_account_id'],
    ]);
  });
});
