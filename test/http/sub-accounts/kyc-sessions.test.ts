/**
 * Hosted KYC for a sub-account (POST /sub-accounts/{id}/kyc-sessions): the same widget, the
 * contract's webhooks (kyc.initiated, submitted, completed, session_revoked) signed with
 * X-Vobiz-Signature keyed by the parent's auth token, and the outcome recorded as the
 * sub-account's verifications, not the parent's KYC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_DIGILOCKER_OTP } from '../../../src/domain/kyc/identity-providers';
import { verifyVobizSignature } from '../../../src/domain/webhooks/signatures';
import { WIDGET_PATHS } from '../../../src/widget/views/paths';
import { useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { runJobsOnce, tokenOf, workerDepsOf } from '../../support/kyc';
import { type HttpReceiver, startHttpReceiver } from '../../support/receivers';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';

const t = useTestApp();
let partner: Credentials;
let parent: Credentials;
let stranger: Credentials;
let receiver: HttpReceiver;

beforeAll(async () => {
  partner = await createPartner(t.current.app);
  parent = await createCustomer(t.current.app, partner);
  stranger = await createCustomer(t.current.app, partner);
  receiver = await startHttpReceiver();
});
afterAll(async () => receiver.close());

const sessionsUrl = (sub: Credentials) => `/api/v1/sub-accounts/${sub.authId}/kyc-sessions`;
const start = (sub: Credentials, fields: Record<string, unknown> = {}, who: Credentials = parent) =>
  t.current.app.inject({
    method: 'POST', url: sessionsUrl(sub), headers: authHeaders(who),
    payload: {
      account_auth_id: sub.authId, flow_type: 'redirect', redirect_url: 'http://127.0.0.1:9/back',
      webhook_url: `${receiver.origin}/hooks`, ...fields,
    },
  });
const widgetPost = (path: string, fields: Record<string, string>) => t.current.app.inject({
  method: 'POST', url: path, payload: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});
const eventTypes = async (sessionId: string) => (await t.current.database.handle.db
  .selectFrom('webhook_events').select('type').where('kyc_session_id', '=', sessionId)
  .orderBy('created_at').execute()).map((row) => row.type);

describe('hosted KYC of a sub-account', () => {
  it('runs the widget to completion: verifications recorded, signed webhooks, parent untouched', async () => {
    const sub = await createSubAccount(t.current.app, parent, {
      kyc_mode: 'customer_use', email: 'hosted@sub.test', business_type: 'individual',
    });
    const created = await start(sub);
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({ account_auth_id: sub.authId, status: 'link_ready' });
    const token = tokenOf(body.widget_url);

    await t.current.app.inject({ url: `${WIDGET_PATHS.entry}?token=${token}` });
    for (const [path, fields] of [
      [WIDGET_PATHS.pan, { pan: 'AAAPZ0000S' }],
      [WIDGET_PATHS.individual, { name: 'Asha Verma', date_of_birth: '1990-04-12' }],
      [WIDGET_PATHS.digiLockerStart, { consent: 'yes' }],
      [WIDGET_PATHS.digiLockerOtp, { otp: SANDBOX_DIGILOCKER_OTP }],
    ] as const) {
      const response = await widgetPost(path, { token, ...fields });
      expect(response.statusCode, `${path} ${response.body}`).toBe(303);
    }
    expect(await eventTypes(body.session_id)).toEqual(['kyc.initiated', 'kyc.submitted', 'kyc.completed']);

    const status = await t.current.app.inject({
      url: `/api/v1/sub-accounts/${sub.authId}/kyc/status`, headers: authHeaders(parent),
    });
    expect(status.json()).toMatchObject({
      overall_status: 'verified', kyc_calls_blocked: false,
      verifications: { pan: 'verified', aadhaar: 'verified' },
    });
    const parentRow = await t.current.database.handle.db.selectFrom('accounts').select('kyc_status')
      .where('auth_id', '=', parent.authId).executeTakeFirstOrThrow();
    expect(parentRow.kyc_status).toBe('pending');

    await runJobsOnce(workerDepsOf(t.current));
    const hooks = receiver.received.filter((request) => request.body.includes(body.session_id));
    expect(hooks.map((hook) => JSON.parse(hook.body).event).sort())
      .toEqual(['kyc.completed', 'kyc.initiated', 'kyc.submitted']);
    for (const hook of hooks) {
      expect(JSON.parse(hook.body)).toMatchObject({ account_auth_id: sub.authId, session_id: body.session_id });
      const signature = hook.headers['x-vobiz-signature'] as string;
      expect(verifyVobizSignature({ secret: parent.token, signature, body: hook.body })).toMatchObject({ ok: true });
    }
  });

  it('a new session revokes the sub-account\'s active one, not the parent\'s', async () => {
    const sub = await createSubAccount(t.current.app, parent);
    const parentSession = await t.current.app.inject({
      method: 'POST', url: '/api/v1/partner/kyc-sessions', headers: authHeaders(partner),
      payload: { account_auth_id: parent.authId, flow_type: 'redirect', redirect_url: 'http://127.0.0.1:9/b' },
    });
    expect(parentSession.statusCode, parentSession.body).toBe(201);
    const first = (await start(sub)).json();
    const second = await start(sub, { webhook_url: undefined });
    expect(second.statusCode).toBe(201);
    expect(await eventTypes(first.session_id)).toEqual(['kyc.initiated', 'kyc.session_revoked']);
    const stillActive = await t.current.app.inject({
      url: `/api/v1/partner/kyc-sessions/${parentSession.json().session_id}`, headers: authHeaders(partner),
    });
    expect(stillActive.json().status).toBe('link_ready');
    const listed = await t.current.app.inject({
      url: `/api/v1/partner/kyc-sessions?account_auth_id=${parent.authId}&size=100`,
      headers: authHeaders(partner),
    });
    const subjects = listed.json().sessions.map((row: { id: string; account_auth_id: string }) =>
      [row.id, row.account_auth_id]);
    expect(subjects).toContainEqual([second.json().session_id, sub.authId]);
    expect(subjects).toContainEqual([parentSession.json().session_id, parent.authId]);
  });

  it('deleting the sub-account revokes its session at once: link gone, signed webhook sent', async () => {
    const sub = await createSubAccount(t.current.app, parent);
    const sibling = await createSubAccount(t.current.app, parent);
    const doomed = (await start(sub)).json();
    const kept = (await start(sibling)).json();
    const deleted = await t.current.app.inject({
      method: 'DELETE', url: subAccountsUrl(parent, `/${sub.authId}`), headers: authHeaders(parent),
    });
    expect(deleted.statusCode, deleted.body).toBe(200);

    const link = await t.current.app.inject({ url: `${WIDGET_PATHS.entry}?token=${tokenOf(doomed.widget_url)}` });
    expect(link.statusCode).toBe(410);
    expect(await eventTypes(doomed.session_id)).toEqual(['kyc.initiated', 'kyc.session_revoked']);
    const session = await t.current.app.inject({
      url: `/api/v1/partner/kyc-sessions/${doomed.session_id}`, headers: authHeaders(partner),
    });
    expect(session.json()).toMatchObject({ status: 'revoked' });
    // The sibling's session is untouched.
    expect(await eventTypes(kept.session_id)).toEqual(['kyc.initiated']);
    const open = await t.current.app.inject({ url: `${WIDGET_PATHS.entry}?token=${tokenOf(kept.widget_url)}` });
    expect(open.statusCode).toBe(200);

    await runJobsOnce(workerDepsOf(t.current));
    const hook = receiver.received.find((request) => request.body.includes(doomed.session_id) &&
      JSON.parse(request.body).event === 'kyc.session_revoked');
    expect(hook, 'kyc.session_revoked delivered').toBeDefined();
    expect(JSON.parse(hook!.body)).toMatchObject({ account_auth_id: sub.authId });
    const signature = hook!.headers['x-vobiz-signature'] as string;
    expect(verifyVobizSignature({ secret: parent.token, signature, body: hook!.body }))
      .toMatchObject({ ok: true });
  });

  it('refuses a body naming another account (422), a missing redirect_url (422)', async () => {
    const sub = await createSubAccount(t.current.app, parent);
    const other = await createSubAccount(t.current.app, parent);
    expect((await start(sub, { account_auth_id: other.authId })).statusCode).toBe(422);
    expect((await start(sub, { redirect_url: undefined })).statusCode).toBe(422);
  });
});

describe('security', () => {
  it('401 without or with wrong credentials; 404 another customer or deleted; 403 other roles', async () => {
    const sub = await createSubAccount(t.current.app, parent);
    const bare = await t.current.app.inject({
      method: 'POST', url: sessionsUrl(sub), payload: { account_auth_id: sub.authId },
    });
    expect(bare.statusCode).toBe(401);
    expect((await start(sub, {}, { authId: parent.authId, token: 'wrong' })).statusCode).toBe(401);
    expect((await start(sub, {}, stranger)).statusCode).toBe(404);
    expect((await start(sub, {}, partner)).statusCode).toBe(403);
    expect((await start(sub, {}, sub)).statusCode).toBe(403);
    await t.current.app.inject({
      method: 'DELETE', url: subAccountsUrl(parent, `/${sub.authId}`), headers: authHeaders(parent),
    });
    expect((await start(sub)).statusCode).toBe(404);
  });
});
