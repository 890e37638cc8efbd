/**
 * The operator acting for accounts (vobiz-sdk-surface.md §3 and §5: "admins may act for other
 * accounts"): with its bearer token alone, on exactly the routes that admit it, for two
 * customers of two partners; unknown and deleted ids are 404; a channel subscription it buys is
 * paid from the account's own wallet through the ledger; each act is logged with ids only; the
 * operator stays refused on the customer's other routes, and customers still cannot reach each
 * other's accounts.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app';
import { findLedgerViolations, isLedgerSound } from '../../../src/domain/ledger/invariants';
import { ADMIN_TOKEN, testDeps, useTestApp } from '../../support/app';
import { authHeaders, operatorHeaders, type Credentials } from '../../support/factories';
import { fundedCustomer, walletBalance } from '../../support/numbers';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';

const t = useTestApp();

const UNKNOWN_ACCOUNT = 'MA_ZZZZZZZZ';
const UNKNOWN_SUB_ACCOUNT = 'SA_ZZZZZZZZ';

const get = (url: string, headers: Record<string, string> = operatorHeaders) =>
  t.current.app.inject({ url, headers });
const post = (url: string, payload: object, headers: Record<string, string> = operatorHeaders) =>
  t.current.app.inject({ method: 'POST', url, headers, payload });

/** A funded customer of its own partner, with a live sub-account and a deleted one. */
async function customerWithSubAccounts() {
  const customer = await fundedCustomer(t.current.app, '1500.00');
  const subAccount = await createSubAccount(t.current.app, customer, {
    kyc_mode: 'customer_use', email: 'ops@sub.test', business_type: 'individual',
  });
  const deleted = await createSubAccount(t.current.app, customer);
  const removed = await t.current.app.inject({
    method: 'DELETE', url: subAccountsUrl(customer, `/${deleted.authId}`),
    headers: authHeaders(customer),
  });
  expect(removed.statusCode, removed.body).toBeLessThan(300);
  return { customer, subAccount, deleted };
}

const concurrencyUrl = (authId: string) => `/api/v1/Account/${authId}/concurrency`;
const channelsUrl = (authId: string, path: string) => `/api/v1/accounts/${authId}/${path}`;
const kycUrl = (subAuthId: string, path: string) => `/api/v1/sub-accounts/${subAuthId}/${path}`;
const testKycUrl = (subAuthId: string, path: string) =>
  `/api/v1/sub-accounts/test/${subAuthId}/kyc/${path}`;

describe('the operator token on the routes an admin may call', () => {
  it('reads concurrency and prices channels for two customers of two partners', async () => {
    for (const { customer, subAccount } of [
      await customerWithSubAccounts(), await customerWithSubAccounts(),
    ]) {
      const own = await get(concurrencyUrl(customer.authId));
      expect(own.statusCode, own.body).toBe(200);
      expect(own.json()).toMatchObject({ account_id: customer.authId, concurrent_calls: 0 });
      const ofSub = await get(concurrencyUrl(subAccount.authId));
      expect(ofSub.statusCode, ofSub.body).toBe(200);
      expect(ofSub.json()).toMatchObject({ account_id: subAccount.authId, concurrent_calls: 0 });
      const preview = await get(
        channelsUrl(customer.authId, 'channel-pricing-preview?resource_type=cps&quantity=2'));
      expect(preview.statusCode, preview.body).toBe(200);
      expect(preview.json()).toMatchObject({ quantity: 2, monthly_cost: '2000.00000' });
    }
  });

  it("buys a channel subscription paid from the account's wallet through the ledger", async () => {
    const { app, database } = t.current;
    const first = await customerWithSubAccounts();
    const second = await customerWithSubAccounts();
    for (const { customer } of [first, second]) {
      const bought = await post(channelsUrl(customer.authId, 'channel-subscriptions'),
        { resource_type: 'concurrent_calls', quantity: 1 });
      expect(bought.statusCode, bought.body).toBe(201);
      expect(bought.json())
        .toMatchObject({ quantity: 1, monthly_cost: '500.00000', is_active: true });
      expect(await walletBalance(app, customer)).toBe('1000.00000');
      const me = await get('/api/v1/auth/me', authHeaders(customer));
      expect(me.json()).toMatchObject({ purchased_concurrent_calls: 1 });
      const ledger = await get(`/api/v1/Account/${customer.authId}/transactions`,
        authHeaders(customer));
      expect(ledger.json().transactions).toEqual(expect.arrayContaining([
        expect.objectContaining({
          description: expect.stringMatching(/concurrent_calls channels/),
        }),
      ]));
    }
    // The sub-account draws on its parent's wallet: it buys nothing, even through the operator.
    const forSub = await post(channelsUrl(first.subAccount.authId, 'channel-subscriptions'),
      { resource_type: 'cps', quantity: 1 });
    expect(forSub.statusCode, forSub.body).toBe(403);
    expect(await walletBalance(app, first.customer)).toBe('1000.00000');
    expect(isLedgerSound(await findLedgerViolations(database.handle.db))).toBe(true);
  });

  it("runs a sub-account's live and test-mode KYC and opens a hosted session", async () => {
    const customers = [await customerWithSubAccounts(), await customerWithSubAccounts()];
    for (const { subAccount } of customers) {
      const status = await get(kycUrl(subAccount.authId, 'kyc/status'));
      expect(status.statusCode, status.body).toBe(200);
      expect(status.json())
        .toMatchObject({ overall_status: 'not_started', kyc_calls_blocked: true });
      const pan = await post(testKycUrl(subAccount.authId, 'verify-pan'),
        { pan: 'TESTSUCCESS0001' });
      expect(pan.json())
        .toMatchObject({ verification_type: 'pan', status: 'verified', mock: true });
      const aadhaar = await post(testKycUrl(subAccount.authId, 'digilocker/verify'),
        { access_request_id: 'MOCK_AR_SUCCESS' });
      expect(aadhaar.json()).toMatchObject({ status: 'verified', kyc_calls_blocked: false });
      const live = await post(kycUrl(subAccount.authId, 'kyc/cin/search'),
        { company_name: 'Acme Technologies' });
      expect(live.statusCode, live.body).toBe(200);
      const session = await post(kycUrl(subAccount.authId, 'kyc-sessions'), {
        account_auth_id: subAccount.authId, flow_type: 'email', customer_email: 'ops@sub.test',
      });
      expect(session.statusCode, session.body).toBe(201);
    }
  });

  it('answers 404 for an unknown account or sub-account, and a deleted sub-account', async () => {
    const { deleted } = await customerWithSubAccounts();
    for (const url of [
      concurrencyUrl(UNKNOWN_ACCOUNT), concurrencyUrl(UNKNOWN_SUB_ACCOUNT),
      concurrencyUrl(deleted.authId),
      channelsUrl(UNKNOWN_ACCOUNT, 'channel-pricing-preview?resource_type=cps&quantity=1'),
      kycUrl(UNKNOWN_SUB_ACCOUNT, 'kyc/status'), kycUrl(deleted.authId, 'kyc/status'),
    ]) {
      const response = await get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(404);
    }
    for (const [url, body] of [
      [channelsUrl(UNKNOWN_ACCOUNT, 'channel-subscriptions'),
        { resource_type: 'cps', quantity: 1 }],
      [testKycUrl(UNKNOWN_SUB_ACCOUNT, 'verify-pan'), { pan: 'TESTSUCCESS0001' }],
      [testKycUrl(deleted.authId, 'verify-pan'), { pan: 'TESTSUCCESS0001' }],
      [kycUrl(deleted.authId, 'kyc/verify-pan'), { pan: 'ABCPD1234K' }],
    ] as const) {
      const response = await post(url, body);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(404);
    }
  });

  it("logs each act with the method, route and account, never the operator's token", async () => {
    const lines: string[] = [];
    const app = await buildApp(testDeps(t.current.database), {
      logLevel: 'info', logStream: { write: (line) => lines.push(line) },
    });
    try {
      const { customer, subAccount } = await customerWithSubAccounts();
      expect((await app.inject({ url: concurrencyUrl(customer.authId), headers: operatorHeaders }))
        .statusCode).toBe(200);
      expect((await app.inject({
        url: kycUrl(subAccount.authId, 'kyc/status'), headers: operatorHeaders,
      })).statusCode).toBe(200);
      const acts = lines.map((line) => JSON.parse(line)).filter((line) => line.operator_action)
        .map((line) => line.operator_action);
      expect(acts).toEqual([
        {
          method: 'GET', route: '/api/v1/Account/:auth_id/concurrency',
          account_auth_id: customer.authId,
        },
        {
          method: 'GET', route: '/api/v1/sub-accounts/:sub_auth_id/kyc/status',
          account_auth_id: customer.authId, sub_auth_id: subAccount.authId,
        },
      ]);
      expect(lines.join('\n')).not.toContain(ADMIN_TOKEN);
    } finally {
      await app.close();
    }
  });
});

describe('the operator token elsewhere on customer routes', () => {
  it('is refused (403) and changes nothing', async () => {
    const { customer, subAccount } = await customerWithSubAccounts();
    const refused: [string, string, object?][] = [
      ['GET', '/api/v1/auth/me'],
      ['GET', `/api/v1/Account/${customer.authId}/balance/INR`],
      ['GET', `/api/v1/Account/${customer.authId}/transactions`],
      ['GET', `/api/v1/Account/${customer.authId}/numbers`],
      ['GET', `/api/v1/Account/${customer.authId}/trunks`],
      ['POST', `/api/v1/Account/${customer.authId}/trunks`, { name: 'Operator trunk' }],
      ['GET', subAccountsUrl(customer)],
      ['POST', subAccountsUrl(customer), { name: 'Operator sub' }],
      ['DELETE', subAccountsUrl(customer, `/${subAccount.authId}`)],
    ];
    for (const [method, url, payload] of refused) {
      const response = await t.current.app.inject({
        method: method as 'GET', url, headers: operatorHeaders, ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(403);
    }
    const list = await get(subAccountsUrl(customer), authHeaders(customer));
    expect(list.json().total).toBe(1);
  });

  it('a wrong bearer token is no credential at all (401)', async () => {
    const { customer } = await customerWithSubAccounts();
    const response = await get(concurrencyUrl(customer.authId), { authorization: 'Bearer wrong' });
    expect(response.statusCode).toBe(401);
  });
});

describe("a customer on another customer's account", () => {
  it('is still 404 on the routes the operator may call', async () => {
    const mine = await customerWithSubAccounts();
    const theirs = await customerWithSubAccounts();
    const as: Credentials = mine.customer;
    for (const url of [
      concurrencyUrl(theirs.customer.authId), concurrencyUrl(theirs.subAccount.authId),
      channelsUrl(theirs.customer.authId, 'channel-pricing-preview?resource_type=cps&quantity=1'),
      kycUrl(theirs.subAccount.authId, 'kyc/status'),
    ]) {
      const response = await get(url, authHeaders(as));
      expect(response.statusCode, `${url}: ${response.body}`).toBe(404);
    }
    const bought = await post(channelsUrl(theirs.customer.authId, 'channel-subscriptions'),
      { resource_type: 'cps', quantity: 1 }, authHeaders(as));
    expect(bought.statusCode).toBe(404);
    expect(await walletBalance(t.current.app, theirs.customer)).toBe('1500.00000');
  });
});
