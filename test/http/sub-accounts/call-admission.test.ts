/**
 * A sub-account's calls at the edge (issue 13: kyc_calls_blocked "enforced wherever calls are
 * admitted"): outbound on a trunk it owns and inbound to a DID assigned to it are refused while
 * it may not call, with the same answer from dialtone's policy (POST /internal/edge/calls) and
 * from the trunk cache Kamailio loads (edge.trunk_cache), and the API's kyc_calls_blocked says
 * the same; the parent's own trunk is untouched; a sub-account change reloads the edge's cache.
 */
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { send, sipCustomer, type SipCustomer } from '../../support/edge-customers';
import { authHeaders, operatorHeaders, type Credentials } from '../../support/factories';
import { createTrunk, numberPath } from '../../support/numbers';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';
import { waitFor } from '../../support/wait';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });
let parent: SipCustomer;
let sub: Credentials;
let subTrunk: { trunkId: string; trunkDomain: string };

beforeAll(async () => {
  const { app, deps } = t.current;
  // Limits far above the few calls admitted here: only the rule under test refuses.
  const limits = { cps_limit: 20, concurrent_calls_limit: 20 };
  parent = await sipCustomer(app, deps.db, '500.00', limits, { cps: 20, concurrent_calls: 20 });
  sub = await createSubAccount(app, parent, { email: 'ops@sub.test' });
  const credential = await send(app, sub, 'POST', '/credentials',
    { username: `sub${Date.now()}`, password: 'Sub-Secret-123' });
  const created = await createTrunk(app, sub, {
    name: 'Sub PBX', credential_uuid: credential.id, ...limits,
  });
  subTrunk = { trunkId: created.trunk_id, trunkDomain: created.trunk_domain as string };
});

function decide(payload: Record<string, unknown>) {
  return t.current.app.inject({
    method: 'POST', url: '/api/v1/internal/edge/calls', headers: operatorHeaders,
    payload: {
      edge_id: '127.0.0.1:5060', source_ip: '127.0.0.1', caller: parent.callerNumber,
      callee: '+919876543210', call_id: '', user_agent: 'pbx', domain: '', trunk_id: '',
      edge_started: Math.floor(Date.now() / 1000) - 3600, ...payload,
    },
  }).then((response) => response.json() as { action: string; code: number; reason: string });
}

const outbound = (trunk: { trunkId: string; trunkDomain: string }) => decide({
  direction: 'outbound', trunk_id: trunk.trunkId, domain: trunk.trunkDomain,
});

/** The refusal Kamailio's trunk cache holds for the trunk ('' when it admits). */
async function cachedRefusal(trunk: { trunkDomain: string }) {
  const { rows } = await t.current.database.handle.pool.query<{ key_value: string }>(
    'select key_value from edge.trunk_cache where key_name = $1', [trunk.trunkDomain]);
  return rows[0]!.key_value.split(';')[1];
}

async function kycCallsBlocked() {
  const response = await t.current.app.inject({
    url: subAccountsUrl(parent, `/${sub.authId}`), headers: authHeaders(parent),
  });
  return response.json().kyc_calls_blocked as boolean;
}

async function updateSub(payload: Record<string, unknown>) {
  const response = await t.current.app.inject({
    method: 'PUT', url: subAccountsUrl(parent, `/${sub.authId}`), headers: authHeaders(parent),
    payload,
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** Outbound on the sub-account's trunk: refused with `reason`, or relayed when it is ''. */
async function expectSubTrunk(reason: string) {
  const decision = await outbound(subTrunk);
  if (reason === '') expect(decision).toMatchObject({ action: 'relay' });
  else expect(decision).toMatchObject({ action: 'reply', code: 403, reason });
  expect(await cachedRefusal(subTrunk)).toBe(reason);
}

describe("a sub-account's calls at the edge", () => {
  it('follow its KYC mode and state, its parent\'s KYC and its enabled flag', async () => {
    const { db } = t.current.deps;
    // personal_use rides on the parent's KYC, which is completed.
    expect(await kycCallsBlocked()).toBe(false);
    await expectSubTrunk('');
    await db.updateTable('accounts').set({ kyc_status: 'pending' })
      .where('auth_id', '=', parent.authId).execute();
    expect(await kycCallsBlocked()).toBe(true);
    await expectSubTrunk('Account KYC not completed');
    await db.updateTable('accounts').set({ kyc_status: 'completed' })
      .where('auth_id', '=', parent.authId).execute();

    await updateSub({ kyc_mode: 'customer_use' });
    expect(await kycCallsBlocked()).toBe(true);
    await expectSubTrunk('Sub-account KYC not verified');
    // The parent's own trunk does not ride on the sub-account's KYC.
    expect((await outbound(parent)).action).toBe('relay');
    expect(await cachedRefusal(parent)).toBe('');

    for (const [suffix, payload] of [['verify-pan', { pan: 'TESTSUCCESS0001' }],
      ['digilocker/verify', { access_request_id: 'MOCK_AR_SUCCESS' }]] as const) {
      const response = await t.current.app.inject({
        method: 'POST', url: `/api/v1/sub-accounts/test/${sub.authId}/kyc/${suffix}`,
        headers: authHeaders(parent), payload,
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    expect(await kycCallsBlocked()).toBe(false);
    await expectSubTrunk('');

    await updateSub({ enabled: false });
    await expectSubTrunk('Sub-account disabled');
    await updateSub({ enabled: true });
    await expectSubTrunk('');
  });

  it('refuses inbound calls to its DID while it may not call', async () => {
    const assigned = await t.current.app.inject({
      method: 'POST',
      url: `/api/v1/account/${parent.authId}/numbers/${numberPath(parent.callerNumber)}/assign-subaccount`,
      headers: authHeaders(parent), payload: { sub_account_id: sub.authId },
    });
    expect(assigned.statusCode, assigned.body).toBeLessThan(300);
    const inbound = () => decide({ direction: 'inbound', callee: parent.callerNumber });
    await updateSub({ enabled: false });
    expect(await inbound()).toMatchObject({ code: 403, reason: 'Sub-account disabled' });
    await updateSub({ enabled: true });
    // Admissible again: what stops it now is only that the number routes nowhere.
    expect(await inbound()).toMatchObject({ code: 480, reason: 'Number has no destination' });
  });

  it("announces a sub-account's change to the edge's trunk cache", async () => {
    const listener = new pg.Client({ connectionString: t.current.database.url });
    await listener.connect();
    try {
      const announced: string[] = [];
      listener.on('notification', (message) => announced.push(message.payload ?? ''));
      await listener.query('listen dialtone_edge_cache');
      await updateSub({ name: 'Renamed only' });
      await updateSub({ enabled: false });
      await waitFor('the trunk cache announced',
        () => (announced.includes('trunks') ? true : undefined), 5_000, 50);
      await updateSub({ enabled: true });
    } finally {
      await listener.end();
    }
  });
});
