/**
 * A sub-account's own credentials on the account routes a Vobiz SA_ user calls: /auth/me (its
 * own identity, its parent's limits and tier), /Account/{SA_}/concurrency (its own live calls,
 * attributed by the DID as its CDRs are, against the parent's limit), number health (its own
 * numbers only), and the parent-only routes (channel subscriptions, transactions) refused with
 * Vobiz's 403 body.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { sipCustomer } from '../../support/edge-customers';
import { authHeaders, operatorHeaders, type Credentials } from '../../support/factories';
import { fundedCustomer, numberPath, purchase, stockNumber } from '../../support/numbers';
import { CONTRACT_METHODS, shapeProblems, type Shape } from '../../support/sdk-contract';
import { createSubAccount } from '../../support/sub-accounts';

const t = useTestApp();

const get = (url: string, who: Credentials) =>
  t.current.app.inject({ url, headers: authHeaders(who) });

/** `e164` (bought by `parent`) moves to `subAccount`. */
async function assignNumber(parent: Credentials, subAccount: Credentials, e164: string) {
  const moved = await t.current.app.inject({
    method: 'POST',
    url: `/api/v1/account/${parent.authId}/numbers/${numberPath(e164)}/assign-subaccount`,
    headers: authHeaders(parent), payload: { sub_account_id: subAccount.authId },
  });
  expect(moved.statusCode, moved.body).toBeLessThan(300);
}

async function boughtNumber(customer: Credentials): Promise<string> {
  const e164 = await stockNumber(t.current.app, { setup_fee: '0.00', monthly_fee: '0.00' });
  expect((await purchase(t.current.app, customer, e164)).statusCode).toBe(200);
  return e164;
}

describe('GET /api/v1/auth/me with SA_ credentials', () => {
  it("is the sub-account's own identity, with its parent's limits and pricing tier", async () => {
    const parent = await fundedCustomer(t.current.app, '100.00');
    const subAccount = await createSubAccount(t.current.app, parent, {
      name: 'Acme support', email: 'support@acme.test', kyc_mode: 'customer_use',
      business_type: 'individual',
    });
    const me = await get('/api/v1/auth/me', subAccount);
    expect(me.statusCode, me.body).toBe(200);
    const retrieveAccount = CONTRACT_METHODS.find((method) => method.name === 'retrieveAccount')!;
    expect(shapeProblems(me.json(), retrieveAccount.returns as Shape)).toEqual([]);
    const parentMe = (await get('/api/v1/auth/me', parent)).json();
    const body = me.json();
    expect(body).toMatchObject({
      id: subAccount.body.sub_account.id, api_id: subAccount.body.sub_account.api_id,
      auth_id: subAccount.authId, auth_secret: '********', name: 'Acme support',
      email: 'support@acme.test', account_type: 'sub_account', role: 'sub_account',
      parent_auth_id: parent.authId, kyc_mode: 'customer_use', kyc_calls_blocked: true,
      is_verified: false, enabled: true, is_active: true, last_login: '',
      created_at: subAccount.body.sub_account.created_at,
    });
    for (const key of ['cps_limit', 'concurrent_calls_limit', 'base_cps_limit',
      'base_concurrent_calls_limit', 'purchased_cps', 'purchased_concurrent_calls',
      'pricing_tier_id', 'pricing_tier', 'country', 'timezone', 'currency'] as const) {
      expect(body[key], key).toEqual(parentMe[key]);
    }
    expect(me.body).not.toContain(subAccount.token);
    expect(me.body).not.toContain(parent.token);
  });

  it('a personal_use sub-account is verified while its parent is', async () => {
    const { app, database } = t.current;
    const parent = await fundedCustomer(app, '0');
    const subAccount = await createSubAccount(app, parent);
    expect((await get('/api/v1/auth/me', subAccount)).json())
      .toMatchObject({ kyc_mode: 'personal_use', is_verified: false, kyc_calls_blocked: true });
    await database.handle.db.updateTable('accounts').set({ kyc_status: 'completed' })
      .where('auth_id', '=', parent.authId).execute();
    expect((await get('/api/v1/auth/me', subAccount)).json())
      .toMatchObject({ is_verified: true, kyc_calls_blocked: false });
  });

  it('is 401 once the sub-account is deleted', async () => {
    const parent = await fundedCustomer(t.current.app, '0');
    const subAccount = await createSubAccount(t.current.app, parent);
    const removed = await t.current.app.inject({
      method: 'DELETE', url: `/api/v1/accounts/${parent.authId}/sub-accounts/${subAccount.authId}`,
      headers: authHeaders(parent),
    });
    expect(removed.statusCode).toBeLessThan(300);
    expect((await get('/api/v1/auth/me', subAccount)).statusCode).toBe(401);
  });
});

describe('GET /api/v1/Account/{SA_}/concurrency', () => {
  it("counts the sub-account's own live calls against its parent's limit", async () => {
    const { app, deps } = t.current;
    // Three calls within a second: CPS above the base 2, for the account and its trunk.
    const parent = await sipCustomer(app, deps.db, '1000.00', { cps_limit: 10 }, { cps: 10 });
    const subAccount = await createSubAccount(app, parent);
    const parentsOwn = await boughtNumber(parent);
    await assignNumber(parent, subAccount, parent.callerNumber);
    const concurrency = async (who: Credentials) => {
      const response = await get(`/api/v1/Account/${who.authId}/concurrency`, who);
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    expect(await concurrency(subAccount)).toMatchObject({
      account_id: subAccount.authId, concurrent_calls: 0, utilization_pct: 0,
    });
    const callers = [[parent.callerNumber, 1], [parentsOwn, 2], [parentsOwn, 3]] as const;
    for (const [caller, index] of callers) {
      const offered = await app.inject({
        method: 'POST', url: '/api/v1/internal/edge/calls', headers: operatorHeaders,
        payload: {
          edge_id: '127.0.0.1:5060', direction: 'outbound', domain: parent.trunkDomain,
          trunk_id: parent.trunkId, source_ip: '127.0.0.1', caller, callee: '+919876543210',
          call_id: `call-${index}`, user_agent: 'pbx', edge_started: Math.floor(Date.now() / 1000),
        },
      });
      expect(offered.json(), offered.body).toMatchObject({ action: 'relay' });
    }
    const parents = await concurrency(parent);
    expect(parents).toMatchObject({ concurrent_calls: 3 });
    expect(await concurrency(subAccount)).toEqual({
      account_id: subAccount.authId, request_id: expect.any(String), concurrent_calls: 1,
      max_concurrent: parents.max_concurrent,
      utilization_pct: Math.round((1 / parents.max_concurrent) * 10_000) / 100,
    });
  });

  it("is 404 on its parent's or a sibling's path", async () => {
    const parent = await fundedCustomer(t.current.app, '0');
    const subAccount = await createSubAccount(t.current.app, parent);
    const sibling = await createSubAccount(t.current.app, parent);
    for (const path of [parent.authId, sibling.authId]) {
      expect((await get(`/api/v1/Account/${path}/concurrency`, subAccount)).statusCode).toBe(404);
    }
  });
});

describe('GET /api/v1/account/{SA_}/numbers/{e164}/health', () => {
  it("answers for the sub-account's own numbers only (others 404)", async () => {
    const parent = await fundedCustomer(t.current.app, '0');
    const stranger = await fundedCustomer(t.current.app, '0');
    const subAccount = await createSubAccount(t.current.app, parent);
    const sibling = await createSubAccount(t.current.app, parent);
    const [own, siblings, parents, strangers] = [
      await boughtNumber(parent), await boughtNumber(parent), await boughtNumber(parent),
      await boughtNumber(stranger),
    ];
    await assignNumber(parent, subAccount, own);
    await assignNumber(parent, sibling, siblings);
    const health = (e164: string, who: Credentials = subAccount) =>
      get(`/api/v1/account/${who.authId}/numbers/${numberPath(e164)}/health?days=7`, who);
    const mine = await health(own);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ e164: own, status: 'active', summary: { total_calls: 0 } });
    for (const e164 of [siblings, parents, strangers]) {
      const response = await health(e164);
      expect(response.statusCode, `${e164}: ${response.body}`).toBe(404);
    }
    // The parent still sees every number of its own, the sub-account's included.
    expect((await health(own, parent)).statusCode).toBe(200);
  });
});

describe("the parent's wallet routes with SA_ credentials", () => {
  it('answer 403 in the Vobiz error shape: the wallet and limits are the parent\'s', async () => {
    const parent = await fundedCustomer(t.current.app, '100.00');
    const subAccount = await createSubAccount(t.current.app, parent);
    const base = `/api/v1/accounts/${subAccount.authId}`;
    const refused = [
      await get(`${base}/channel-pricing-preview?resource_type=cps&quantity=1`, subAccount),
      await t.current.app.inject({
        method: 'POST', url: `${base}/channel-subscriptions`, headers: authHeaders(subAccount),
        payload: { resource_type: 'cps', quantity: 1 },
      }),
      await get(`/api/v1/Account/${subAccount.authId}/transactions`, subAccount),
    ];
    for (const response of refused) {
      expect(response.statusCode, response.body).toBe(403);
      expect(response.json()).toEqual({
        error: 'HTTPError', message: 'Sub-account credentials cannot use this route',
        status_code: 403,
      });
    }
  });
});
