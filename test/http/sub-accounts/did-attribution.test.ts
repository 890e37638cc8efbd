/**
 * Usage attributed through DIDs: a call on a number the parent gave to a sub-account (inbound:
 * to it; outbound: from it) is the sub-account's without the row naming it, SIP edge calls
 * included; the parent's wallet pays; the parent (and the partner) filter by the sub-account, and
 * another customer's sub-account in the filter finds nothing.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { ingestEndedEdgeCalls } from '../../../src/domain/edge/edge-cdrs';
import { useTestApp } from '../../support/app';
import { CDR_TEST_NOW, cdrRow, ingestOk } from '../../support/cdrs';
import { authHeaders, type Credentials } from '../../support/factories';
import {
  type FundedCustomer, fundedCustomer, numberPath, purchase, stockNumber, walletBalance,
} from '../../support/numbers';
import { createSubAccount } from '../../support/sub-accounts';

const clock = manualClock(CDR_TEST_NOW);
const t = useTestApp({ clock });
const FREE = { setup_fee: '0', monthly_fee: '0' };
let parent: FundedCustomer;
let child: Credentials;
let sibling: Credentials;
let strangersChild: Credentials;
let childDid: string;
let parentDid: string;

async function ownedNumber(owner: Credentials): Promise<string> {
  const e164 = await stockNumber(t.current.app, FREE);
  expect((await purchase(t.current.app, owner, e164)).statusCode).toBe(200);
  return e164;
}

beforeAll(async () => {
  const { app } = t.current;
  parent = await fundedCustomer(app, '100.00');
  child = await createSubAccount(app, parent);
  sibling = await createSubAccount(app, parent);
  const stranger = await fundedCustomer(app, '0', parent.partner);
  strangersChild = await createSubAccount(app, stranger);
  childDid = await ownedNumber(parent);
  parentDid = await ownedNumber(parent);
  const assigned = await app.inject({
    method: 'POST',
    url: `/api/v1/account/${parent.authId}/numbers/${numberPath(childDid)}/assign-subaccount`,
    headers: authHeaders(parent), payload: { sub_account_id: child.authId },
  });
  expect(assigned.statusCode, assigned.body).toBeLessThan(300);
});

const get = (url: string, who: Credentials) =>
  t.current.app.inject({ url, headers: authHeaders(who) });
const uuids = (body: { data: { uuid: unknown }[] }) => body.data.map((cdr) => String(cdr.uuid)).sort();

describe('calls on a DID assigned to a sub-account', () => {
  let inbound: Record<string, unknown>;
  let outbound: Record<string, unknown>;
  let named: Record<string, unknown>;

  beforeAll(async () => {
    inbound = cdrRow({ account: parent, direction: 'inbound', to: childDid, talk: 60 });
    outbound = cdrRow({ account: parent, direction: 'outbound', from: childDid, talk: 120,
      start: '2026-07-15T11:00:00Z' });
    // The row's own attribution wins over the DID's.
    named = cdrRow({ account: parent, direction: 'inbound', to: childDid, sub_account_id: sibling.authId,
      start: '2026-07-15T12:00:00Z' });
    const rows = [
      inbound, outbound, named,
      // The parent's own DID, a landline caller ID, and the DID on the other side of the call.
      cdrRow({ account: parent, direction: 'inbound', to: parentDid, start: '2026-07-15T13:00:00Z' }),
      cdrRow({ account: parent, direction: 'outbound', start: '2026-07-15T14:00:00Z' }),
      cdrRow({ account: parent, direction: 'outbound', to: childDid, start: '2026-07-15T15:00:00Z' }),
    ];
    expect(await ingestOk(t.current.app, rows)).toMatchObject({ accepted: 6, rejected: 0 });
  });

  it("are the sub-account's, paid from the parent's wallet (6 calls at 0.50/min: 0.50 + 1.00 + 4 x 0.50)", async () => {
    expect(await walletBalance(t.current.app, parent)).toMatch(/^96\.50*$/);
    const own = await get(`/api/v1/Account/${child.authId}/cdr`, child);
    expect(own.statusCode, own.body).toBe(200);
    expect(uuids(own.json())).toEqual([inbound.uuid, outbound.uuid].sort());
    expect(uuids((await get(`/api/v1/Account/${sibling.authId}/cdr`, sibling)).json()))
      .toEqual([named.uuid]);
  });

  it('are what the parent and the partner filter by sub-account; a stranger\'s finds nothing', async () => {
    const base = `/api/v1/Account/${parent.authId}/cdr`;
    expect((await get(base, parent)).json().pagination.total).toBe(6);
    const filtered = await get(`${base}?sub_account_id=${child.authId}`, parent);
    expect(uuids(filtered.json())).toEqual([inbound.uuid, outbound.uuid].sort());
    const partnerView = await get(
      `/api/v1/partner/accounts/${parent.authId}/cdrs?sub_account_id=${child.authId}`, parent.partner);
    expect(uuids(partnerView.json())).toEqual([inbound.uuid, outbound.uuid].sort());
    const stranger = await get(`${base}?sub_account_id=${strangersChild.authId}`, parent);
    expect(stranger.statusCode).toBe(200);
    expect(stranger.json()).toMatchObject({ count: 0, data: [] });
  });
});

it('attributes a SIP edge call on the DID the same way', async () => {
  const { db } = t.current.deps;
  const callUuid = randomUUID();
  const account = await db.selectFrom('accounts').select(['id', 'partner_id'])
    .where('auth_id', '=', parent.authId).executeTakeFirstOrThrow();
  await db.insertInto('edge_calls').values({
    call_uuid: callUuid, edge_id: 'test-edge', account_id: account.id,
    partner_id: account.partner_id, call_direction: 'inbound', caller_id_number: '+919845012345',
    destination_number: childDid, is_admitted: true, max_duration_seconds: 600,
    started_at: new Date('2026-07-18T10:00:00Z'), answered_at: new Date('2026-07-18T10:00:05Z'),
    ended_at: new Date('2026-07-18T10:01:05Z'), final_code: 200, hangup_source: 'caller',
    trunk_id: null, sip_call_id: null, sip_user_agent: null, source_address: null,
    terminated_to: null, progress_at: null, final_reason: null, ingested_at: null,
  }).execute();
  expect(await ingestEndedEdgeCalls(db, clock)).toMatchObject({ accepted: 1, rejected: 0 });
  const cdr = await get(`/api/v1/Account/${child.authId}/cdr/${callUuid}`, child);
  expect(cdr.statusCode, cdr.body).toBe(200);
});
