/**
 * The hosted widget over HTTP (forms posted as a browser would): both paths, every way a step
 * can refuse input, the failures that end a session, dead links, and what is (not) stored.
 * The browser itself is exercised in test/e2e/kyc-browser.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { DAY_MS, manualClock } from '../../src/domain/clock';
import type { IdentityProvider } from '../../src/domain/kyc/identity-providers';
import { createSandboxProvider } from '../../src/domain/kyc/identity-providers';
import { mintWidgetLink } from '../../src/domain/kyc/kyc-links';
import { WIDGET_PATHS } from '../../src/widget/views/paths';
import { useTestApp } from '../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../support/factories';
import { createKycSession, getKycSession, tokenOf, widgetPath } from '../support/kyc';

const clock = manualClock(new Date());
/** The sandbox, except that PAN ZZZPZ9999Z makes the provider itself fail (an outage). */
const sandbox = createSandboxProvider();
const provider: IdentityProvider = {
  ...sandbox,
  verifyPan: async (input) => {
    if (input.pan === 'ZZZPZ9999Z') throw new Error('provider timed out at 10.0.0.7');
    return sandbox.verifyPan(input);
  },
};
const t = useTestApp({ clock, identityProvider: provider });

async function redirectSession(fields: Record<string, unknown> = {}) {
  const partner = await createPartner(t.current.app);
  const customer = await createCustomer(t.current.app, partner);
  const created = await createKycSession(t.current.app, partner, customer, {
    flow_type: 'redirect', redirect_url: 'https://partner.example/kyc-done?ref=7', ...fields,
  });
  return { partner, customer, sessionId: created.session_id, token: tokenOf(created.widget_url!), url: widgetPath(created.widget_url!) };
}

function open(token: string) {
  return t.current.app.inject({ url: `${WIDGET_PATHS.entry}?token=${token}` });
}

function post(path: string, fields: Record<string, string>) {
  return t.current.app.inject({
    method: 'POST', url: path, payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

async function session(partner: Credentials, id: string) {
  return getKycSession(t.current.app, partner, id);
}

/** Posts a step and expects the post/redirect/get answer back to the entry page. */
async function advance(path: string, fields: Record<string, string>) {
  const response = await post(path, fields);
  expect(response.statusCode, response.body).toBe(303);
  expect(response.headers.location).toBe(`${WIDGET_PATHS.entry}?token=${fields.token}`);
}

async function individualUpToOtp(token: string, pan = 'ABCPD1234E') {
  await open(token);
  await advance(WIDGET_PATHS.pan, { token, pan: pan.toLowerCase() });
  await advance(WIDGET_PATHS.individual, { token, name: 'Asha Verma', date_of_birth: '1990-04-12' });
  await advance(WIDGET_PATHS.digiLockerStart, { token, consent: 'yes' });
}

describe('GET /kyc/verify', () => {
  it('opens the session once (first_opened_at) and serves the PAN step with a strict CSP', async () => {
    const { partner, sessionId, token } = await redirectSession();
    // A link checker's HEAD request does not count as opening the link.
    const head = await t.current.app.inject({ method: 'HEAD', url: `${WIDGET_PATHS.entry}?token=${token}` });
    expect(head.statusCode).toBe(405);
    expect((await session(partner, sessionId)).status).toBe('link_ready');
    const first = await open(token);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toContain('text/html');
    expect(first.body).toContain('Enter your PAN');
    // The sandbox provider runs here, so the page lists its test PANs and OTP.
    expect(first.body).toContain('<aside class="sandbox" aria-label="Sandbox">');
    expect(first.body).toContain('<code>123456</code>');
    expect(first.headers['content-security-policy']).toBe("default-src 'none'; style-src 'self'; img-src 'self'; " +
      "base-uri 'none'; form-action 'self' https://partner.example; frame-ancestors 'none'");
    expect(first.headers['x-frame-options']).toBe('DENY');
    const opened = await session(partner, sessionId);
    expect(opened).toMatchObject({ status: 'opened', first_opened_at: clock().toISOString() });
    clock.advance(1000);
    await open(token);
    expect((await session(partner, sessionId)).first_opened_at).toBe(opened.first_opened_at);
  });

  it('answers 404 with a page for unknown, malformed and missing tokens', async () => {
    for (const query of [`token=kst_${'0'.repeat(64)}`, 'token=kst_nope', '', `token=${'x'.repeat(500)}`]) {
      const response = await t.current.app.inject({ url: `${WIDGET_PATHS.entry}?${query}` });
      expect(response.statusCode, query).toBeGreaterThanOrEqual(400);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).not.toMatch(/at .*\.ts|stack|Error:/);
    }
    expect((await open(`kst_${'0'.repeat(64)}`)).statusCode).toBe(404);
  });

  it('serves the stylesheet from our own origin', async () => {
    const css = await t.current.app.inject({ url: '/kyc/assets/widget.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });
});

describe('individual path', () => {
  it('completes: masked data only, kyc_status completed, kyc.completed recorded, back to redirect_url', async () => {
    const { partner, customer, sessionId, token } = await redirectSession({ webhook_url: 'https://partner.example/hook' });
    await open(token);
    await advance(WIDGET_PATHS.pan, { token, pan: 'abcpd1234e' });
    expect((await open(token)).body).toContain('ABCPDXXXXX');
    expect((await session(partner, sessionId))).toMatchObject({ status: 'in_progress', kyc_type: 'individual' });
    await advance(WIDGET_PATHS.individual, { token, name: 'Asha  Verma', date_of_birth: '1990-04-12' });
    expect((await open(token)).body).toContain('DigiLocker');
    await advance(WIDGET_PATHS.digiLockerStart, { token, consent: 'yes' });
    expect((await open(token)).body).toContain('XXXXXX7890');
    const done = await post(WIDGET_PATHS.digiLockerOtp, { token, otp: '123456' });
    expect(done.statusCode).toBe(303);
    const back = new URL(done.headers.location as string);
    expect(`${back.origin}${back.pathname}`).toBe('https://partner.example/kyc-done');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      ref: '7', session_id: sessionId, status: 'kyc_completed', auth_id: customer.authId,
    });
    const completed = await session(partner, sessionId);
    expect(completed).toMatchObject({
      status: 'kyc_completed', kyc_type: 'individual',
      verified_data: {
        pan_type: 'individual', pan_number: 'ABCPDXXXXX', pan_name_match: true, pan_registered_name: 'ASHA VERMA',
        masked_aadhaar: 'XXXXXXXX7058', completed_steps: ['pan', 'aadhaar'],
      },
    });
    expect(completed.completed_at).toBe(clock().toISOString());
    const account = await t.current.app.inject({ url: `/api/v1/partner/accounts/${customer.authId}`, headers: authHeaders(partner) });
    expect(account.json().kyc_status).toBe('completed');
    const row = await t.current.database.handle.db.selectFrom('kyc_sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row.pan_sealed).toBeNull();
    const stored = JSON.stringify(await t.current.database.handle.db.selectFrom('kyc_sessions').selectAll().execute());
    expect(stored).not.toContain('ABCPD1234E');
    expect(stored).not.toContain('999941057058');
    const events = await t.current.database.handle.db.selectFrom('webhook_events').select(['type', 'payload'])
      .where('kyc_session_id', '=', sessionId).execute();
    expect(events.map((event) => event.type)).toEqual(['kyc.completed']);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({
      event: 'kyc.completed', status: 'kyc_completed', kyc_type: 'individual',
      verified_data: { pan_type: 'individual', pan_name_match: true, completed_steps: ['pan', 'aadhaar'] },
    });
    const again = await open(token);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('You are already verified');
  });

  it('re-asks for a malformed PAN (422) and says when the holder type is not supported', async () => {
    const { partner, sessionId, token } = await redirectSession();
    await open(token);
    const bad = await post(WIDGET_PATHS.pan, { token, pan: 'ABC123' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('five letters, four digits');
    expect(bad.body).toContain('aria-invalid="true"');
    const firm = await post(WIDGET_PATHS.pan, { token, pan: 'ABCFD1234E' });
    expect(firm.statusCode).toBe(200);
    expect(firm.body).toContain('not supported');
    expect(firm.body).toContain('ABCFDXXXXX');
    expect((await session(partner, sessionId)).status).toBe('opened');
  });

  it.each([
    ['an empty name', { name: '  ', date_of_birth: '1990-04-12' }, 'full name'],
    ['an impossible date', { name: 'Asha', date_of_birth: '1990-02-30' }, 'date of birth'],
    ['a minor', { name: 'Asha', date_of_birth: new Date(Date.now() - 17 * 365 * DAY_MS).toISOString().slice(0, 10) }, '18 or older'],
  ])('re-asks the details step for %s with 422', async (_name, fields, text) => {
    const { token } = await redirectSession();
    await open(token);
    await advance(WIDGET_PATHS.pan, { token, pan: 'ABCPD1234E' });
    const response = await post(WIDGET_PATHS.individual, { token, ...fields });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(text);
  });

  it('ends in kyc_failed on a name mismatch, back to redirect_url with the failure status', async () => {
    const { partner, customer, sessionId, token } = await redirectSession();
    await open(token);
    await advance(WIDGET_PATHS.pan, { token, pan: 'AAAPZ1111N' });
    const failed = await post(WIDGET_PATHS.individual, { token, name: 'Someone Else', date_of_birth: '1985-01-01' });
    expect(failed.statusCode).toBe(303);
    const back = new URL(failed.headers.location as string);
    expect(back.searchParams.get('status')).toBe('kyc_failed');
    expect(back.searchParams.get('auth_id')).toBe(customer.authId);
    expect(await session(partner, sessionId)).toMatchObject({ status: 'kyc_failed', verified_data: { pan_name_match: false } });
    const account = await t.current.app.inject({ url: `/api/v1/partner/accounts/${customer.authId}`, headers: authHeaders(partner) });
    expect(account.json().kyc_status).toBe('pending');
    const revisit = await open(token);
    expect(revisit.statusCode).toBe(410);
    expect(revisit.body).toContain('does not match');
  });

  it('needs consent before DigiLocker, then fails after three wrong OTPs', async () => {
    const { partner, sessionId, token } = await redirectSession();
    await open(token);
    await advance(WIDGET_PATHS.pan, { token, pan: 'ABCPD1234E' });
    await advance(WIDGET_PATHS.individual, { token, name: 'Asha', date_of_birth: '1990-04-12' });
    const noConsent = await post(WIDGET_PATHS.digiLockerStart, { token });
    expect(noConsent.statusCode).toBe(422);
    await advance(WIDGET_PATHS.digiLockerStart, { token, consent: 'yes' });
    const malformed = await post(WIDGET_PATHS.digiLockerOtp, { token, otp: '12ab' });
    expect(malformed.statusCode).toBe(422);
    expect(malformed.body).toContain('3 attempts left');
    const first = await post(WIDGET_PATHS.digiLockerOtp, { token, otp: '000000' });
    expect(first.statusCode).toBe(422);
    expect(first.body).toContain('2 attempts left');
    expect((await post(WIDGET_PATHS.digiLockerOtp, { token, otp: '111111' })).body).toContain('1 attempt left');
    const last = await post(WIDGET_PATHS.digiLockerOtp, { token, otp: '222222' });
    expect(last.statusCode).toBe(303);
    expect(new URL(last.headers.location as string).searchParams.get('status')).toBe('kyc_failed');
    expect((await session(partner, sessionId)).status).toBe('kyc_failed');
    expect((await post(WIDGET_PATHS.digiLockerOtp, { token, otp: '123456' })).statusCode).toBe(410);
  });

  it('shows the done page in the email flow (no redirect)', async () => {
    const partner = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, partner);
    const created = await createKycSession(t.current.app, partner, customer);
    // The invite's own link is minted by the send job (see the e-mail tests); this is another one.
    const link = await mintWidgetLink(t.current.database.handle.db, 'http://localhost:8080', created.session_id, clock());
    await individualUpToOtp(link.token);
    const done = await post(WIDGET_PATHS.digiLockerOtp, { token: link.token, otp: '123456' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Verification complete');
  });
});

describe('company path', () => {
  it('completes with a GSTIN issued to the PAN', async () => {
    const { partner, sessionId, token } = await redirectSession();
    await open(token);
    await advance(WIDGET_PATHS.pan, { token, pan: 'AAACZ0000S' });
    expect((await open(token)).body).toContain('Company details');
    const done = await post(WIDGET_PATHS.company, { token, legal_name: 'Acme Private Limited', gstin: '27aaacz0000s1z8' });
    expect(done.statusCode).toBe(303);
    expect(new URL(done.headers.location as string).searchParams.get('status')).toBe('kyc_completed');
    expect(await session(partner, sessionId)).toMatchObject({
      status: 'kyc_completed', kyc_type: 'company',
      verified_data: {
        pan_type: 'company', pan_number: 'AAACZXXXXX', pan_name_match: true, gstin: '27AAACZ0000S1Z8',
        gst_status: 'Active', completed_steps: ['pan', 'gst'],
      },
    });
  });

  it.each([
    ['a bad check character', '27AAACZ0000S1Z9', 'valid GSTIN'],
    ['another PAN', '27AAACZ5555G1Z3', 'must be the company PAN'],
    ['an empty legal name', '', 'legal name'],
  ])('re-asks for %s with 422', async (_name, gstin, text) => {
    const { token } = await redirectSession();
    await open(token);
    await advance(WIDGET_PATHS.pan, { token, pan: 'AAACZ0000S' });
    const response = await post(WIDGET_PATHS.company, { token, legal_name: gstin ? 'Acme' : ' ', gstin });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain(text);
  });

  it('ends in kyc_failed when the GST registration does not verify', async () => {
    const { partner, sessionId, token } = await redirectSession();
    await open(token);
    await advance(WIDGET_PATHS.pan, { token, pan: 'AAACZ5555G' });
    const failed = await post(WIDGET_PATHS.company, { token, legal_name: 'Cancelled Co', gstin: '27AAACZ5555G1Z3' });
    expect(new URL(failed.headers.location as string).searchParams.get('status')).toBe('kyc_failed');
    expect(await session(partner, sessionId)).toMatchObject({ status: 'kyc_failed', kyc_type: 'company' });
  });
});

describe('dead links and stale pages', () => {
  it('answers 410 for a revoked link and for a link past expires_at (expiring the session then)', async () => {
    const revoked = await redirectSession();
    await t.current.app.inject({
      method: 'DELETE', url: `/api/v1/partner/kyc-sessions/${revoked.sessionId}`, headers: authHeaders(revoked.partner),
    });
    const gone = await open(revoked.token);
    expect(gone.statusCode).toBe(410);
    expect(gone.body).toContain('no longer valid');
    expect((await post(WIDGET_PATHS.pan, { token: revoked.token, pan: 'ABCPD1234E' })).statusCode).toBe(410);

    const expiring = await redirectSession({ expires_in_days: 1 });
    await open(expiring.token);
    clock.advance(DAY_MS);
    const expired = await open(expiring.token);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
    expect((await session(expiring.partner, expiring.sessionId)).status).toBe('expired');
    const events = await t.current.database.handle.db.selectFrom('webhook_events').select('type')
      .where('kyc_session_id', '=', expiring.sessionId).execute();
    expect(events).toEqual([{ type: 'kyc.session_expired' }]);
  });

  it('sends a stale or repeated post to the current step instead of redoing it', async () => {
    const { partner, sessionId, token } = await redirectSession();
    await open(token);
    await advance(WIDGET_PATHS.pan, { token, pan: 'ABCPD1234E' });
    await advance(WIDGET_PATHS.pan, { token, pan: 'AAACZ0000S' });
    await advance(WIDGET_PATHS.digiLockerOtp, { token, otp: '123456' });
    expect(await session(partner, sessionId)).toMatchObject({ status: 'in_progress', kyc_type: 'individual' });
  });

  it('shows a friendly page, never details, when the identity provider fails; the step can be retried', async () => {
    const { partner, sessionId, token } = await redirectSession();
    await open(token);
    await advance(WIDGET_PATHS.pan, { token, pan: 'ZZZPZ9999Z' });
    const failure = await post(WIDGET_PATHS.individual, { token, name: 'Asha', date_of_birth: '1990-04-12' });
    expect(failure.statusCode).toBe(500);
    expect(failure.body).toContain('Verification is unavailable right now');
    expect(failure.body).not.toContain('10.0.0.7');
    expect(failure.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await session(partner, sessionId)).status).toBe('in_progress');
  });

  it('answers a form it cannot read with a 400 page', async () => {
    const response = await t.current.app.inject({
      method: 'POST', url: WIDGET_PATHS.pan, payload: `token=${'a'.repeat(300)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('We could not read that form');
  });
});
