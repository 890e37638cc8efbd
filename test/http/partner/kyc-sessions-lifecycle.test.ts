/**
 * KYC sessions after creation (vobiz-api.md 1.9): resend and its 30-minute cooldown, revoke,
 * the races between them, and the OpenAPI document of every KYC and webhook route.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../../support/factories';
import { createKycSession, kycSessionFields, postKycSession } from '../../support/kyc';
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

describe('POST /api/v1/partner/kyc-sessions/{id}/resend', () => {
  it('answers 429 with the exact seconds left, counted from creation, then resends after 30 minutes', async () => {
    const { partner, customer } = await partnerAndCustomer();
    const session = await createKycSession(t.current.app, partner, customer);
    const url = `/kyc-sessions/${session.session_id}/resend`;
    const immediately = await request(partner, 'POST', url);
    expect(immediately.statusCode).toBe(429);
    expect(immediately.json()).toEqual({
      error: 'HTTPError', message: 'Email was sent recently. Please wait 1800 seconds before resending.', status_code: 429,
      retry_after_seconds: 1800,
    });
    // Vobiz's clients wait Retry-After before retrying a 429.
    expect(immediately.headers['retry-after']).toBe('1800');
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
