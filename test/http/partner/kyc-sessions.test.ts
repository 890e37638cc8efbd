/**
 * The KYC sessions API (vobiz-api.md 1.9): both flows, reads, lists, resend cooldown, revoke,
 * auto-revoke, validation, tenancy and the races that matter. Time is a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app';
import { manualClock } from '../../../src/domain/clock';
import { testDeps, useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { createKycSession, getKycSession, kycSessionFields, postKycSession } from '../../support/kyc';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const clock = manualClock(new Date());
const t = useTestApp({ clock });
const MINUTE_MS = 60_000;

async function partnerAndCustomer() {
  const partner = await createPartner(t.current.app);
  const customer = await createCustomer(t.current.app, partner);
  return { partner, customer };
}

function request(partner: Credentials, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) {
  return t.current.app.inject({
    method, url: `/api/v1/partner${url}`, headers: authHeaders(partner), ...(payload ? { payload } : {}),
  });
}

async function eventsOf(sessionId: string) {
  return t.current.database.handle.db.selectFrom('webhook_events').select(['type', 'payload'])
    .where('kyc_session_id', '=', sessionId).execute();
}

describe('POST /api/v1/partner/kyc-sessions', () => {
  it('email flow: starts at email_sent, masks the address, queues the invite, echoes metadata', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const response = await postKycSession(t.current.app, partner, kycSessionFields(customer, {
      customer_email: 'customer@example.com', metadata: { crm_id: 42, tags: ['a'], nested: { ok: true } },
    }));
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({
      account_auth_id: customer.authId, customer_email: 'customer@example.com',
      email_dispatched_to: 'c***@example.com', kyc_type: null, status: 'email_sent', widget_url: null,
      kyc_link: null, message: 'KYC email dispatched successfully',
      metadata: { crm_id: 42, tags: ['a'], nested: { ok: true } },
    });
    expect(new Date(body.expires_at).getTime()).toBe(clock().getTime() + 7 * 24 * 60 * MINUTE_MS);
    const emails = await t.current.database.handle.db.selectFrom('outbound_emails').selectAll()
      .where('kyc_session_id', '=', body.session_id).execute();
    expect(emails).toMatchObject([{ kind: 'kyc_invite', to_address: 'customer@example.com', status: 'queued' }]);

    const read = await getKycSession(t.current.app, partner, body.session_id);
    expect(read).toMatchObject({
      id: body.session_id, status: 'email_sent', flow_type: 'email', reminder_schedule: [],
      metadata: { crm_id: 42, tags: ['a'], nested: { ok: true } }, verified_data: null, first_opened_at: null,
    });
    expect(read.session_id).toBeUndefined();
  });

  it('redirect flow: starts at link_ready with a kst_ widget_url whose token is stored only digested', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const body = await createKycSession(t.current.app, partner, customer, {
      flow_type: 'redirect', redirect_url: 'https://partner.example/kyc-done', customer_email: 'ignored@example.com',
    });
    expect(body).toMatchObject({ status: 'link_ready', customer_email: null, email_dispatched_to: null });
    expect(body.widget_url).toMatch(/^http:\/\/localhost:8080\/kyc\/verify\?token=kst_[0-9a-f]{64}$/);
    const token = new URL(body.widget_url!).searchParams.get('token')!;
    const rows = await t.current.database.handle.db.selectFrom('kyc_sessions').selectAll().execute();
    const tokens = await t.current.database.handle.db.selectFrom('kyc_session_tokens').selectAll().execute();
    expect(JSON.stringify([rows, tokens])).not.toContain(token);
    expect(tokens.some((row) => row.kyc_session_id === body.session_id)).toBe(true);
  });

  it.each([
    ['an email flow without customer_email', { customer_email: undefined }, 'customer_email'],
    ['a redirect flow without redirect_url', { flow_type: 'redirect' }, 'redirect_url'],
    ['a malformed customer_email', { customer_email: 'nope' }, 'customer_email'],
    ['an unknown flow_type', { flow_type: 'sms' }, 'flow_type'],
    ['expires_in_days 0', { expires_in_days: 0 }, 'expires_in_days'],
    ['expires_in_days 366', { expires_in_days: 366 }, 'expires_in_days'],
    ['expires_in_days as text', { expires_in_days: '7' }, 'expires_in_days'],
    ['a reminder with another trigger', { reminder_schedule: [{ trigger: 'days_after_start', value: 1 }] }, 'trigger'],
    ['a reminder at or past creation', { expires_in_days: 3, reminder_schedule: [{ trigger: 'days_before_expiry', value: 3 }] }, 'value'],
    ['a reminder of 0 days', { reminder_schedule: [{ trigger: 'days_before_expiry', value: 0 }] }, 'value'],
    ['duplicate reminders', { reminder_schedule: [{ trigger: 'days_before_expiry', value: 1 }, { trigger: 'days_before_expiry', value: 1 }] }, 'value'],
    ['11 reminders', { expires_in_days: 30, reminder_schedule: Array.from({ length: 11 }, (_, i) => ({ trigger: 'days_before_expiry', value: i + 1 })) }, 'reminder_schedule'],
    ['metadata that is not an object', { metadata: 'x' }, 'metadata'],
    ['metadata over 4 KiB', { metadata: { blob: 'x'.repeat(5000) } }, 'metadata'],
    ['a webhook_url that is not http(s)', { webhook_url: 'ftp://partner.example/hook' }, 'webhook_url'],
    ['a redirect_url with credentials', { flow_type: 'redirect', redirect_url: 'https://u:p@partner.example/' }, 'redirect_url'],
    ['a malformed account_auth_id', { account_auth_id: 'MA_x' }, 'account_auth_id'],
  ])('rejects %s with 422 naming the field', async (_name, fields, field) => {
    const { partner, customer } = await partnerAndCustomer();
    const response = await postKycSession(t.current.app, partner, kycSessionFields(customer, fields));
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json().error).toBe('ValidationError');
    const locations = response.json().details.map((detail: { loc: (string | number)[] }) => detail.loc.map(String));
    expect(locations.some((loc: string[]) => loc.includes(field)), JSON.stringify(locations)).toBe(true);
  });

  it('accepts the boundaries: expires_in_days 1 and 365, a reminder one day before expiry', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const short = await createKycSession(t.current.app, partner, customer, { expires_in_days: 1 });
    expect(new Date(short.expires_at).getTime() - clock().getTime()).toBe(24 * 60 * MINUTE_MS);
    const long = await createKycSession(t.current.app, partner, customer, {
      expires_in_days: 365, reminder_schedule: [{ trigger: 'days_before_expiry', value: 364 }],
    });
    expect(new Date(long.expires_at).getTime() - clock().getTime()).toBe(365 * 24 * 60 * MINUTE_MS);
  });

  it('refuses webhook and redirect URLs on private addresses unless DIALTONE_ALLOW_PRIVATE_URLS', async () => {
    const strict = await buildApp(testDeps(t.current.database, { clock, allowPrivateUrls: false }), { logLevel: 'silent' });
    try {
      const { partner, customer } = await partnerAndCustomer();
      const cases = [
        ['webhook_url', { webhook_url: 'http://127.0.0.1:9000/hook' }],
        ['webhook_url', { webhook_url: 'http://169.254.169.254/latest/meta-data' }],
        ['webhook_url', { webhook_url: 'http://[::1]/hook' }],
        ['webhook_url', { webhook_url: 'http://localhost/hook' }],
        ['redirect_url', { flow_type: 'redirect', redirect_url: 'http://10.0.0.5/back' }],
      ] as const;
      for (const [field, fields] of cases) {
        const response = await postKycSession(strict, partner, kycSessionFields(customer, fields));
        expect(response.statusCode, JSON.stringify(fields)).toBe(422);
        expect(response.json().details[0]).toMatchObject({ loc: ['body', field] });
        expect(response.json().details[0].msg).toContain('public addresses only');
      }
      const allowed = await postKycSession(t.current.app, partner, kycSessionFields(customer, cases[0][1]));
      expect(allowed.statusCode).toBe(201);
    } finally {
      await strict.close();
    }
  });

  it('refuses invalid JSON with 422', async () => {
    const { partner } = await partnerAndCustomer();
    const response = await t.current.app.inject({
      method: 'POST', url: '/api/v1/partner/kyc-sessions',
      headers: { ...authHeaders(partner), 'content-type': 'application/json' }, payload: '{"account_auth_id":',
    });
    expect(response.statusCode).toBe(422);
  });

  it("answers 404 for an unknown account and for another partner's account", async () => {
    const { partner } = await partnerAndCustomer();
    const other = await partnerAndCustomer();
    for (const authId of ['MA_ZZZZZZZZ', other.customer.authId]) {
      const response = await postKycSession(t.current.app, partner, kycSessionFields({ authId, token: '' }));
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: 'HTTPError', status_code: 404 });
    }
  });

  it('auto-revokes the active session of the account and records kyc.session_revoked for it', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const first = await createKycSession(t.current.app, partner, customer, { webhook_url: 'https://partner.example/hook' });
    const second = await createKycSession(t.current.app, partner, customer);
    expect((await getKycSession(t.current.app, partner, first.session_id)).status).toBe('revoked');
    expect((await getKycSession(t.current.app, partner, second.session_id)).status).toBe('email_sent');
    const events = await eventsOf(first.session_id);
    expect(events.map((event) => event.type)).toEqual(['kyc.session_revoked']);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({
      event: 'kyc.session_revoked', session_id: first.session_id, account_auth_id: customer.authId, status: 'revoked',
    });
  });

  it('keeps exactly one active session when two creates race for one account', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const responses = await Promise.all([1, 2, 3].map(() => postKycSession(t.current.app, partner, kycSessionFields(customer))));
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    const rows = await t.current.database.handle.db.selectFrom('kyc_sessions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id').select('s.status')
      .where('a.auth_id', '=', customer.authId).execute();
    expect(rows.filter((row) => row.status === 'email_sent')).toHaveLength(1);
    expect(rows.filter((row) => row.status === 'revoked')).toHaveLength(2);
  });

  it('replays the same session for the same Idempotency-Key', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const send = () => t.current.app.inject({
      method: 'POST', url: '/api/v1/partner/kyc-sessions', payload: kycSessionFields(customer),
      headers: { ...authHeaders(partner), 'idempotency-key': `kyc-${customer.authId}` },
    });
    const first = await send();
    const again = await send();
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json().session_id).toBe(first.json().session_id);
  });
});

describe('GET /api/v1/partner/kyc-sessions', () => {
  it('lists newest first with page, size, status and account filters', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const other = await createCustomer(t.current.app, partner);
    const ids: string[] = [];
    for (const who of [customer, customer, other]) {
      clock.advance(1000);
      ids.push((await createKycSession(t.current.app, partner, who)).session_id);
    }
    const all = (await request(partner, 'GET', '/kyc-sessions?page=1&size=2')).json();
    expect(all).toMatchObject({ total: 3, page: 1, size: 2 });
    expect(all.sessions.map((session: { id: string }) => session.id)).toEqual([ids[2], ids[1]]);
    const revoked = (await request(partner, 'GET', '/kyc-sessions?status=revoked')).json();
    expect(revoked.sessions.map((session: { id: string }) => session.id)).toEqual([ids[0]]);
    const mine = (await request(partner, 'GET', `/kyc-sessions?account_auth_id=${other.authId}`)).json();
    expect(mine).toMatchObject({ total: 1, sessions: [{ id: ids[2], account_auth_id: other.authId }] });
    expect((await request(partner, 'GET', '/kyc-sessions?size=101')).statusCode).toBe(422);
    expect((await request(partner, 'GET', '/kyc-sessions?status=done')).statusCode).toBe(422);
  });

  it("never shows another partner's sessions", async () => {
    const { partner, customer } = await partnerAndCustomer();
    const stranger = await createPartner(t.current.app);
    const session = await createKycSession(t.current.app, partner, customer);
    const list = (await request(stranger, 'GET', '/kyc-sessions')).json();
    expect(list).toMatchObject({ total: 0, sessions: [] });
    for (const [method, url] of [
      ['GET', `/kyc-sessions/${session.session_id}`],
      ['POST', `/kyc-sessions/${session.session_id}/resend`],
      ['DELETE', `/kyc-sessions/${session.session_id}`],
    ] as const) {
      expect((await request(stranger, method, url)).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await getKycSession(t.current.app, partner, session.session_id)).status).toBe('email_sent');
  });

  it('answers 404 for unknown and malformed ids, 401 without credentials', async () => {
    const { partner } = await partnerAndCustomer();
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect((await request(partner, 'GET', `/kyc-sessions/${id}`)).statusCode).toBe(404);
    }
    expect((await t.current.app.inject({ url: '/api/v1/partner/kyc-sessions' })).statusCode).toBe(401);
  });
});

describe('POST /api/v1/partner/kyc-sessions/{id}/resend', () => {
  it('answers 429 with the exact seconds left, counted from creation, then resends after 30 minutes', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const session = await createKycSession(t.current.app, partner, customer);
    const url = `/kyc-sessions/${session.session_id}/resend`;
    const immediately = await request(partner, 'POST', url);
    expect(immediately.statusCode).toBe(429);
    expect(immediately.json()).toEqual({
      error: 'HTTPError', message: 'Email was sent recently. Please wait 1800 seconds before resending.', status_code: 429,
    });
    clock.advance(10 * MINUTE_MS + 500);
    expect((await request(partner, 'POST', url)).json().message).toBe(
      'Email was sent recently. Please wait 1200 seconds before resending.');
    clock.advance(20 * MINUTE_MS - 500);
    const resent = await request(partner, 'POST', url);
    expect(resent.statusCode, resent.body).toBe(200);
    expect(resent.json()).toEqual({
      message: 'KYC email resent successfully', session_id: session.session_id, email_dispatched_to: 'c***@example.com',
    });
    expect((await request(partner, 'POST', url)).json().message).toContain('Please wait 1800 seconds');
    const emails = await t.current.database.handle.db.selectFrom('outbound_emails').select('kind')
      .where('kyc_session_id', '=', session.session_id).execute();
    expect(emails).toHaveLength(2);
  });

  it('sends one e-mail when two resends race after the cooldown', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const session = await createKycSession(t.current.app, partner, customer);
    clock.advance(31 * MINUTE_MS);
    const url = `/kyc-sessions/${session.session_id}/resend`;
    const statuses = (await Promise.all([1, 2, 3].map(() => request(partner, 'POST', url)))).map((r) => r.statusCode);
    expect(statuses.sort()).toEqual([200, 429, 429]);
  });

  it('answers 400 for a redirect-flow session and 409 once the session is terminal', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const redirect = await createKycSession(t.current.app, partner, customer, {
      flow_type: 'redirect', redirect_url: 'https://partner.example/back',
    });
    const refused = await request(partner, 'POST', `/kyc-sessions/${redirect.session_id}/resend`);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe(
      'Resend is not available for redirect-flow sessions - no email is associated with this session.');
    const email = await createKycSession(t.current.app, partner, customer);
    expect((await request(partner, 'DELETE', `/kyc-sessions/${email.session_id}`)).statusCode).toBe(200);
    const terminal = await request(partner, 'POST', `/kyc-sessions/${email.session_id}/resend`);
    expect(terminal.statusCode).toBe(409);
    expect(terminal.json()).toEqual({ error: 'HTTPError', message: "Cannot resend: session is 'revoked'", status_code: 409 });
  });
});

describe('DELETE /api/v1/partner/kyc-sessions/{id}', () => {
  it('revokes with a reason and records the webhook; a second revoke is 409', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const session = await createKycSession(t.current.app, partner, customer, {
      flow_type: 'redirect', redirect_url: 'https://partner.example/back', metadata: { ref: 'r-1' },
    });
    const revoked = await request(partner, 'DELETE', `/kyc-sessions/${session.session_id}`, { reason: 'customer left' });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json()).toEqual({ message: 'Session revoked', session_id: session.session_id });
    const again = await request(partner, 'DELETE', `/kyc-sessions/${session.session_id}`);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe("Session is already in terminal status: 'revoked'");
    const [event] = await eventsOf(session.session_id);
    expect(JSON.parse(event!.payload)).toMatchObject({ reason: 'customer left', metadata: { ref: 'r-1' } });
    const page = await t.current.app.inject({ url: new URL(session.widget_url!).pathname + new URL(session.widget_url!).search });
    expect(page.statusCode).toBe(410);
  });

  it('lets exactly one of two racing revokes win', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const session = await createKycSession(t.current.app, partner, customer);
    const statuses = await Promise.all([1, 2].map(() => request(partner, 'DELETE', `/kyc-sessions/${session.session_id}`)));
    expect(statuses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    expect(await eventsOf(session.session_id)).toHaveLength(1);
  });
});

describe('OpenAPI', () => {
  it('documents what the KYC routes answer, errors included', async () => {
    const { app } = t.current;
    const document = await openApiDocument(app);
    const { partner, customer } = await partnerAndCustomer();
    const created = await postKycSession(app, partner, kycSessionFields(customer));
    expectDocumented(document, 'POST', '/api/v1/partner/kyc-sessions', created);
    expectDocumented(document, 'POST', '/api/v1/partner/kyc-sessions', await postKycSession(app, partner, {}));
    const id = created.json().session_id;
    expectDocumented(document, 'GET', '/api/v1/partner/kyc-sessions', await request(partner, 'GET', '/kyc-sessions'));
    expectDocumented(document, 'GET', '/api/v1/partner/kyc-sessions/{sid}', await request(partner, 'GET', `/kyc-sessions/${id}`));
    expectDocumented(document, 'POST', '/api/v1/partner/kyc-sessions/{sid}/resend', await request(partner, 'POST', `/kyc-sessions/${id}/resend`));
    expectDocumented(document, 'DELETE', '/api/v1/partner/kyc-sessions/{sid}', await request(partner, 'DELETE', `/kyc-sessions/${id}`));
    expectDocumented(document, 'DELETE', '/api/v1/partner/kyc-sessions/{sid}', await request(partner, 'DELETE', `/kyc-sessions/${id}`));
    expectDocumented(document, 'GET', '/api/v1/partner/webhook-secret', await request(partner, 'GET', '/webhook-secret'));
    expectDocumented(document, 'POST', '/api/v1/partner/webhook-secret', await request(partner, 'POST', '/webhook-secret'));
    expectDocumented(document, 'GET', '/api/v1/partner/webhook-deliveries', await request(partner, 'GET', '/webhook-deliveries'));
    expectDocumented(document, 'POST', '/api/v1/partner/webhook-deliveries/{id}/redeliver',
      await request(partner, 'POST', '/webhook-deliveries/00000000-0000-4000-8000-000000000000/redeliver'));
  });
});
