/**
 * Headless KYC of sub-accounts against the sandbox provider (vobiz-sdk-surface.md 3): each step
 * writes a verification, the aggregate and kyc_calls_blocked follow, bad documents are 400,
 * and only the owning parent reaches a sub-account (others 404, other roles 403).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';

const t = useTestApp();
let partner: Credentials;
let parent: Credentials;
let stranger: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
  parent = await createCustomer(t.current.app, partner);
  stranger = await createCustomer(t.current.app, partner);
});

const kycUrl = (sub: Credentials, suffix: string) => `/api/v1/sub-accounts/${sub.authId}/kyc/${suffix}`;
const post = (url: string, payload: object, who: Credentials = parent) =>
  t.current.app.inject({ method: 'POST', url, headers: authHeaders(who), payload });
const status = async (sub: Credentials) => {
  const response = await t.current.app.inject({ url: kycUrl(sub, 'status'), headers: authHeaders(parent) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const rowsOf = (sub: Credentials) => t.current.database.handle.db
  .selectFrom('kyc_verifications as v').innerJoin('sub_accounts as s', 's.id', 'v.sub_account_id')
  .select(['v.verification_type', 'v.status', 'v.document_masked', 'v.is_mock'])
  .where('s.auth_id', '=', sub.authId).orderBy('v.id').execute();

const customerUse = (fields: Record<string, unknown> = {}) => createSubAccount(t.current.app, parent, {
  kyc_mode: 'customer_use', email: 'kyc@sub.test', business_type: 'individual', ...fields,
});

describe('individual: PAN then DigiLocker', () => {
  it('starts not_started and blocked, ends verified and unblocked', async () => {
    const sub = await customerUse();
    expect(await status(sub)).toEqual({
      sub_account_id: sub.authId, kyc_mode: 'customer_use', business_type: 'individual',
      overall_status: 'not_started', kyc_calls_blocked: true,
      verifications: { pan: 'not_started', gst: 'not_started', cin: 'not_started', aadhaar: 'not_started' },
    });
    const pan = await post(kycUrl(sub, 'verify-pan'), { pan: 'AAAPZ0000S' });
    expect(pan.statusCode, pan.body).toBe(200);
    expect(pan.json()).toMatchObject({
      verification_type: 'pan', status: 'verified', overall_status: 'pending', kyc_calls_blocked: true,
    });
    expect(pan.json()).not.toHaveProperty('mock');

    const started = await post(kycUrl(sub, 'digilocker/initiate'), {
      redirect_url: 'http://127.0.0.1:9/return', oauth_state: 'csrf-123',
    });
    expect(started.statusCode, started.body).toBe(200);
    const { access_request_id: accessRequestId, authorization_url: link } = started.json();
    expect(started.json()).toMatchObject({ verification_type: 'aadhaar', status: 'pending' });
    expect(new URL(link).searchParams.get('state')).toBe('csrf-123');
    expect((await status(sub)).verifications.aadhaar).toBe('pending');

    const done = await post(kycUrl(sub, 'digilocker/verify'), { access_request_id: accessRequestId });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      verification_type: 'aadhaar', status: 'verified', overall_status: 'verified', kyc_calls_blocked: false,
    });
    const view = await t.current.app.inject({
      url: subAccountsUrl(parent, `/${sub.authId}`), headers: authHeaders(parent),
    });
    expect(view.json()).toMatchObject({
      kyc_status: 'verified', kyc_calls_blocked: false, permissions: { calls: true },
    });
    expect(await rowsOf(sub)).toEqual([
      { verification_type: 'pan', status: 'verified', document_masked: 'AAAPZXXXXX', is_mock: false },
      { verification_type: 'aadhaar', status: 'verified', document_masked: 'XXXXXXXX7058', is_mock: false },
    ]);
    // A finished consent cannot be replayed.
    const again = await post(kycUrl(sub, 'digilocker/verify'), { access_request_id: accessRequestId });
    expect(again.statusCode).toBe(404);
  });

  it('a PAN the provider refuses is failed, and the aggregate too', async () => {
    const sub = await customerUse();
    const response = await post(kycUrl(sub, 'verify-pan'), { pan: 'AAAPZ1111N' });
    expect(response.json()).toMatchObject({
      status: 'failed', failure_reason: 'name_mismatch', overall_status: 'failed', kyc_calls_blocked: true,
    });
    const retried = await post(kycUrl(sub, 'verify-pan'), { pan: 'AAAPZ0000S' });
    expect(retried.json()).toMatchObject({ status: 'verified', overall_status: 'pending' });
  });

  it.each([['ABC'], ['AAAPZ0000SS'], ['1234567890']])('PAN %s is 400, nothing written', async (pan) => {
    const sub = await customerUse();
    const response = await post(kycUrl(sub, 'verify-pan'), { pan });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'HTTPError', status_code: 400 });
    expect(await rowsOf(sub)).toEqual([]);
  });

  it('an unknown access_request_id is 404; a non-URL or malformed redirect_url 422', async () => {
    const sub = await customerUse();
    expect((await post(kycUrl(sub, 'digilocker/verify'), { access_request_id: 'sandbox_ar_x' })).statusCode)
      .toBe(404);
    expect((await post(kycUrl(sub, 'digilocker/initiate'), { redirect_url: 'javascript:alert(1)' })).statusCode)
      .toBe(422);
    // The schema's pattern accepts it; URL parsing does not (it was a 500).
    const malformed = await post(kycUrl(sub, 'digilocker/initiate'),
      { redirect_url: 'https:///EI[' });
    expect(malformed.statusCode, malformed.body).toBe(422);
    expect(malformed.json().details[0].loc).toEqual(['body', 'redirect_url']);
    expect(await rowsOf(sub)).toEqual([]);
  });
});

describe('company: PAN with GSTIN or CIN', () => {
  it('PAN + GSTIN verifies a private limited company', async () => {
    const sub = await customerUse({ business_type: 'private_limited' });
    await post(kycUrl(sub, 'verify-pan'), { pan: 'AAACZ0000S' });
    const gst = await post(kycUrl(sub, 'verify-gst'), { gstin: '27AAACZ0000S1Z8' });
    expect(gst.statusCode, gst.body).toBe(200);
    expect(gst.json()).toMatchObject({ status: 'verified', overall_status: 'verified', kyc_calls_blocked: false });
  });

  it('a cancelled GSTIN fails; a malformed one is 400', async () => {
    const sub = await customerUse({ business_type: 'llp' });
    const cancelled = await post(kycUrl(sub, 'verify-gst'), { gstin: '27AAACZ5555G1Z3' });
    expect(cancelled.json()).toMatchObject({ status: 'failed', overall_status: 'failed' });
    expect((await post(kycUrl(sub, 'verify-gst'), { gstin: '27AAACZ0000S1Z9' })).statusCode).toBe(400);
  });

  it('CIN search lists candidates; confirming one verifies, a struck-off one fails', async () => {
    const sub = await customerUse({ business_type: 'public_limited' });
    const search = await post(kycUrl(sub, 'cin/search'), { company_name: 'Acme Technologies' });
    expect(search.statusCode, search.body).toBe(200);
    const [first] = search.json().companies;
    expect(first.cin).toMatch(/^U72900KA2024PTC[0-9]{6}$/);
    expect(await rowsOf(sub)).toEqual([]);
    const confirmed = await post(kycUrl(sub, 'cin/confirm'), {
      company_name: first.company_name, selected_cin: first.cin,
    });
    expect(confirmed.json()).toMatchObject({ verification_type: 'cin', status: 'verified' });
    await post(kycUrl(sub, 'verify-pan'), { pan: 'AAACZ0000S' });
    expect((await status(sub)).overall_status).toBe('verified');
    const struck = await post(kycUrl(sub, 'cin/confirm'), {
      company_name: 'Gone Ltd', selected_cin: 'U00000KA2000PTC000001',
    });
    expect(struck.json()).toMatchObject({ status: 'failed' });
    expect((await post(kycUrl(sub, 'cin/confirm'), { company_name: 'x', selected_cin: 'nope' })).statusCode)
      .toBe(400);
  });
});

describe('kyc_mode', () => {
  it('switching to personal_use re-derives kyc_calls_blocked from the parent\'s KYC', async () => {
    const sub = await customerUse();
    const url = subAccountsUrl(parent, `/${sub.authId}`);
    const put = (kyc_mode: string) => t.current.app.inject({
      method: 'PUT', url, headers: authHeaders(parent), payload: { kyc_mode },
    });
    expect((await put('personal_use')).json()).toMatchObject({ kyc_calls_blocked: true });
    await t.current.database.handle.db.updateTable('accounts').set({ kyc_status: 'completed' })
      .where('auth_id', '=', parent.authId).execute();
    expect((await put('personal_use')).json()).toMatchObject({ kyc_calls_blocked: false });
    expect((await put('customer_use')).json()).toMatchObject({ kyc_calls_blocked: true });
    await t.current.database.handle.db.updateTable('accounts').set({ kyc_status: 'pending' })
      .where('auth_id', '=', parent.authId).execute();
  });
});

describe('status', () => {
  it('leaves business_type out until one is set (the clients type it string, never null)', async () => {
    const sub = await createSubAccount(t.current.app, parent);
    const body = await status(sub);
    expect(body).not.toHaveProperty('business_type');
    expect(body).toMatchObject({ kyc_mode: 'personal_use', overall_status: 'not_started' });
  });
});

describe('security', () => {
  let sub: Credentials;
  beforeAll(async () => {
    sub = await customerUse();
  });
  const calls = (): [string, object | undefined][] => [
    [kycUrl(sub, 'status'), undefined],
    [kycUrl(sub, 'verify-pan'), { pan: 'AAAPZ0000S' }],
    [kycUrl(sub, 'verify-gst'), { gstin: '27AAACZ0000S1Z8' }],
    [kycUrl(sub, 'cin/search'), { company_name: 'Acme' }],
    [kycUrl(sub, 'cin/confirm'), { company_name: 'Acme', selected_cin: 'U72900KA2024PTC123456' }],
    [kycUrl(sub, 'digilocker/initiate'), { redirect_url: 'http://127.0.0.1:9/r' }],
    [kycUrl(sub, 'digilocker/verify'), { access_request_id: 'sandbox_ar_1' }],
  ];
  const send = (url: string, payload: object | undefined, headers: Record<string, string>) =>
    t.current.app.inject({ method: payload ? 'POST' : 'GET', url, headers, ...(payload ? { payload } : {}) });

  it('no or wrong credentials are 401', async () => {
    for (const [url, payload] of calls()) {
      expect((await send(url, payload, {})).statusCode, url).toBe(401);
      const wrong = { 'x-auth-id': parent.authId, 'x-auth-token': 'wrong' };
      expect((await send(url, payload, wrong)).statusCode, url).toBe(401);
    }
  });

  it('another customer is 404 and writes nothing; partner and sub-account credentials 403', async () => {
    for (const [url, payload] of calls()) {
      expect((await send(url, payload, authHeaders(stranger))).statusCode, url).toBe(404);
      expect((await send(url, payload, authHeaders(partner))).statusCode, url).toBe(403);
      expect((await send(url, payload, authHeaders(sub))).statusCode, url).toBe(403);
    }
    expect(await rowsOf(sub)).toEqual([]);
  });

  it('a deleted sub-account is 404', async () => {
    const doomed = await customerUse();
    await t.current.app.inject({
      method: 'DELETE', url: subAccountsUrl(parent, `/${doomed.authId}`), headers: authHeaders(parent),
    });
    expect((await post(kycUrl(doomed, 'verify-pan'), { pan: 'AAAPZ0000S' })).statusCode).toBe(404);
  });
});
