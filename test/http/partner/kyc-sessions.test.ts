/**
 * The KYC sessions API (vobiz-api.md 1.9): both flows, reads, lists, auto-revoke, validation,
 * tenancy and the races that matter. Time is a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app';
import { manualClock } from '../../../src/domain/clock';
import { testDeps, useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { createKycSession, getKycSession, kycSessionFields, postKycSession } from '../../support/kyc';

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
