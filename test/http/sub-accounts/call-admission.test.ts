/**
 * isCallAdmissionBlocked, the check the SIP edge calls per call, against real rows: KYC in both
 * modes, disabled and deleted sub-accounts, a suspended parent, an unknown id.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isCallAdmissionBlocked } from '../../../src/domain/sub-accounts/call-admission';
import { useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';

const t = useTestApp();
let partner: Credentials;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
});

const idOf = async (sub: Credentials) => (await t.current.database.handle.db.selectFrom('sub_accounts')
  .select('id').where('auth_id', '=', sub.authId).executeTakeFirstOrThrow()).id;
const blocked = async (sub: Credentials) => isCallAdmissionBlocked(t.current.database.handle.db, await idOf(sub));
const put = (parent: Credentials, sub: Credentials, payload: object) => t.current.app.inject({
  method: 'PUT', url: subAccountsUrl(parent, `/${sub.authId}`), headers: authHeaders(parent), payload,
});

describe('isCallAdmissionBlocked', () => {
  it('follows KYC, enabled, deletion and the parent\'s status', async () => {
    const parent = await createCustomer(t.current.app, partner);
    const sub = await createSubAccount(t.current.app, parent, { email: 'c@sub.test' });
    expect(await blocked(sub)).toBe(true);
    await t.current.database.handle.db.updateTable('accounts').set({ kyc_status: 'completed' })
      .where('auth_id', '=', parent.authId).execute();
    expect(await blocked(sub)).toBe(false);

    expect((await put(parent, sub, { kyc_mode: 'customer_use' })).statusCode).toBe(200);
    expect(await blocked(sub)).toBe(true);
    const url = `/api/v1/sub-accounts/test/${sub.authId}/kyc`;
    for (const [suffix, payload] of [['verify-pan', { pan: 'TESTSUCCESS0001' }],
      ['digilocker/verify', { access_request_id: 'MOCK_AR_SUCCESS' }]] as const) {
      const response = await t.current.app.inject({
        method: 'POST', url: `${url}/${suffix}`, headers: authHeaders(parent), payload,
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    expect(await blocked(sub)).toBe(false);

    expect((await put(parent, sub, { enabled: false })).statusCode).toBe(200);
    expect(await blocked(sub)).toBe(true);
    expect((await put(parent, sub, { enabled: true })).statusCode).toBe(200);
    expect(await blocked(sub)).toBe(false);

    const suspend = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/accounts/${parent.authId}/suspend`, headers: authHeaders(partner),
    });
    expect(suspend.statusCode).toBe(200);
    expect(await blocked(sub)).toBe(true);
  });

  it('a deleted or unknown sub-account is blocked', async () => {
    const parent = await createCustomer(t.current.app, partner);
    const sub = await createSubAccount(t.current.app, parent);
    const id = await idOf(sub);
    await t.current.app.inject({
      method: 'DELETE', url: subAccountsUrl(parent, `/${sub.authId}`), headers: authHeaders(parent),
    });
    expect(await isCallAdmissionBlocked(t.current.database.handle.db, id)).toBe(true);
    expect(await isCallAdmissionBlocked(t.current.database.handle.db, '1')).toBe(true);
  });
});
