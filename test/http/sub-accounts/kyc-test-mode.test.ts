/**
 * Test mode of headless KYC (vobiz-sdk-surface.md 4): every magic input, the simulated provider
 * error retried as the SDK does (three requests, no rows), finalize-pending, and security.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { createSubAccount } from '../../support/sub-accounts';

const t = useTestApp();
let partner: Credentials;
let parent: Credentials;
let stranger: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
  parent = await createCustomer(t.current.app, partner);
  stranger = await createCustomer(t.current.app, partner);
});

const testUrl = (sub: Credentials, suffix: string) => `/api/v1/sub-accounts/test/${sub.authId}/kyc/${suffix}`;
const post = (url: string, payload: object, who: Credentials = parent) =>
  t.current.app.inject({ method: 'POST', url, headers: authHeaders(who), payload });
const newSub = (businessType = 'individual') => createSubAccount(t.current.app, parent, {
  kyc_mode: 'customer_use', email: 'mock@sub.test', business_type: businessType,
});
const rowsOf = (sub: Credentials) => t.current.database.handle.db
  .selectFrom('kyc_verifications as v').innerJoin('sub_accounts as s', 's.id', 'v.sub_account_id')
  .select(['v.verification_type', 'v.status', 'v.is_mock'])
  .where('s.auth_id', '=', sub.authId).orderBy('v.id').execute();

describe('magic PAN and GSTIN inputs', () => {
  it.each([
    ['verify-pan', { pan: 'TESTSUCCESS0001' }, 'pan', 'verified'],
    ['verify-pan', { pan: 'TESTFAIL0001' }, 'pan', 'failed'],
    ['verify-pan', { pan: 'TESTPENDING001' }, 'pan', 'pending'],
    ['verify-pan', { pan: 'TESTPENDING_FAIL' }, 'pan', 'pending'],
    ['verify-gst', { gstin: 'TESTSUCCESS0001GST' }, 'gst', 'verified'],
    ['verify-gst', { gstin: 'TESTFAIL0001GST' }, 'gst', 'failed'],
    ['verify-gst', { gstin: 'TESTPENDING001GST' }, 'gst', 'pending'],
  ])('%s %j is %s %s, with mock: true and a real row', async (suffix, payload, type, outcome) => {
    const sub = await newSub();
    const response = await post(testUrl(sub, suffix), payload);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ verification_type: type, status: outcome, mock: true });
    expect(await rowsOf(sub)).toEqual([{ verification_type: type, status: outcome, is_mock: true }]);
  });

  it('TESTERROR0001 is 500 in the Vobiz shape on each of the SDK\'s 3 attempts, writing no row', async () => {
    const sub = await newSub();
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const response = await post(testUrl(sub, 'verify-pan'), { pan: 'TESTERROR0001' });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        error: 'HTTPError', message: expect.stringContaining('TESTERROR0001'), status_code: 500,
      });
    }
    const gst = await post(testUrl(sub, 'verify-gst'), { gstin: 'TESTERROR0001GST' });
    expect(gst.statusCode).toBe(500);
    expect(await rowsOf(sub)).toEqual([]);
  });

  it('any other input is 400 (test mode never calls the provider); the real limits do not apply', async () => {
    const sub = await newSub();
    const real = await post(testUrl(sub, 'verify-pan'), { pan: 'AAAPZ0000S' });
    expect(real.statusCode).toBe(400);
    expect(real.json().message).toContain('TESTSUCCESS0001');
    expect((await post(testUrl(sub, 'verify-pan'), { pan: 'X'.repeat(65) })).statusCode).toBe(422);
    expect(await rowsOf(sub)).toEqual([]);
  });
});

describe('finalize-pending', () => {
  it('moves the most recent pending mock of a type to the named outcome', async () => {
    const sub = await newSub();
    await post(testUrl(sub, 'verify-pan'), { pan: 'TESTPENDING001' });
    await post(testUrl(sub, 'verify-pan'), { pan: 'TESTPENDING_FAIL' });
    const finalized = await post(testUrl(sub, 'finalize-pending'), { verification_type: 'pan', outcome: 'failed' });
    expect(finalized.statusCode, finalized.body).toBe(200);
    expect(finalized.json()).toMatchObject({ verification_type: 'pan', status: 'failed', mock: true });
    expect(await rowsOf(sub)).toEqual([
      { verification_type: 'pan', status: 'pending', is_mock: true },
      { verification_type: 'pan', status: 'failed', is_mock: true },
    ]);
    const second = await post(testUrl(sub, 'finalize-pending'), { verification_type: 'pan', outcome: 'verified' });
    expect(second.json()).toMatchObject({ status: 'verified', overall_status: 'failed' });
  });

  it('with nothing pending of that type is 404; a bad outcome is 422', async () => {
    const sub = await newSub();
    await post(testUrl(sub, 'verify-pan'), { pan: 'TESTSUCCESS0001' });
    expect((await post(testUrl(sub, 'finalize-pending'), { verification_type: 'pan', outcome: 'verified' }))
      .statusCode).toBe(404);
    expect((await post(testUrl(sub, 'finalize-pending'), { verification_type: 'pan', outcome: 'pending' }))
      .statusCode).toBe(422);
  });
});

describe('CIN and DigiLocker mocks', () => {
  it('search gives fixed matches; confirm succeeds on the CIN prefix only', async () => {
    const sub = await newSub('private_limited');
    const search = await post(testUrl(sub, 'cin/search'), { company_name: 'anything' });
    expect(search.json()).toMatchObject({ mock: true, companies: [{ cin: 'U72900KA2024PTC123456' }, {}] });
    const ok = await post(testUrl(sub, 'cin/confirm'), {
      company_name: 'x', selected_cin: 'U72900KA2024PTC123456',
    });
    expect(ok.json()).toMatchObject({ verification_type: 'cin', status: 'verified', mock: true });
    const no = await post(testUrl(sub, 'cin/confirm'), { company_name: 'x', selected_cin: 'U72900KA2024PTC999999' });
    expect(no.json()).toMatchObject({ status: 'failed' });
    await post(testUrl(sub, 'verify-pan'), { pan: 'TESTSUCCESS0001' });
    await post(testUrl(sub, 'cin/confirm'), { company_name: 'x', selected_cin: 'U72900KA2024PTC123456' });
    const status = await t.current.app.inject({
      url: `/api/v1/sub-accounts/${sub.authId}/kyc/status`, headers: authHeaders(parent),
    });
    expect(status.json()).toMatchObject({ overall_status: 'verified', kyc_calls_blocked: false });
  });

  it('initiate hands out MOCK_AR_SUCCESS; MOCK_AR_SUCCESS verifies, MOCK_AR_FAIL fails', async () => {
    const sub = await newSub();
    const started = await post(testUrl(sub, 'digilocker/initiate'), { redirect_url: 'http://127.0.0.1:9/r' });
    expect(started.json()).toMatchObject({ access_request_id: 'MOCK_AR_SUCCESS', status: 'pending', mock: true });
    const ok = await post(testUrl(sub, 'digilocker/verify'), { access_request_id: 'MOCK_AR_SUCCESS' });
    expect(ok.json()).toMatchObject({ verification_type: 'aadhaar', status: 'verified' });
    const fail = await post(testUrl(sub, 'digilocker/verify'), { access_request_id: 'MOCK_AR_FAIL' });
    expect(fail.json()).toMatchObject({ status: 'failed' });
    expect(await rowsOf(sub)).toEqual([
      { verification_type: 'aadhaar', status: 'verified', is_mock: true },
      { verification_type: 'aadhaar', status: 'failed', is_mock: true },
    ]);
    expect((await post(testUrl(sub, 'digilocker/verify'), { access_request_id: 'OTHER' })).statusCode).toBe(400);
    const malformed = await post(testUrl(sub, 'digilocker/initiate'),
      { redirect_url: 'https:///EI[' });
    expect(malformed.statusCode, malformed.body).toBe(422);
    expect(await rowsOf(sub)).toHaveLength(2);
  });
});

describe('security', () => {
  it('401 without or with wrong credentials, 404 for another customer, 403 for other roles', async () => {
    const sub = await newSub();
    const url = testUrl(sub, 'verify-pan');
    const payload = { pan: 'TESTSUCCESS0001' };
    expect((await t.current.app.inject({ method: 'POST', url, payload })).statusCode).toBe(401);
    expect((await t.current.app.inject({
      method: 'POST', url, payload, headers: { 'x-auth-id': parent.authId, 'x-auth-token': 'x' },
    })).statusCode).toBe(401);
    expect((await post(url, payload, stranger)).statusCode).toBe(404);
    expect((await post(testUrl(sub, 'finalize-pending'), { verification_type: 'pan', outcome: 'verified' }, stranger))
      .statusCode).toBe(404);
    expect((await post(url, payload, partner)).statusCode).toBe(403);
    expect((await post(url, payload, sub)).statusCode).toBe(403);
    expect(await rowsOf(sub)).toEqual([]);
  });
});
