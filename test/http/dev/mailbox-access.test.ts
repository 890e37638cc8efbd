/**
 * The dev mailbox holds live KYC links: it answers clients on this machine (loopback, IPv4 or
 * IPv6) and the operator token only; anyone else on the network gets 401. Its pages load their
 * own stylesheet (allowed by their CSP) and show an e-mail's HTML body in a sandboxed frame.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useTestApp } from '../../support/app';

const t = useTestApp();
let emailId: string;

beforeAll(async () => {
  const now = new Date();
  const row = await t.current.database.handle.db.insertInto('outbound_emails').values({
    kind: 'kyc_invite', to_address: 'asha@example.com', subject: 'Verify your identity',
    text_body: 'Open http://127.0.0.1:8080/kyc/widget?token=abc', status: 'stored',
    transport: 'mailbox', partner_id: null, kyc_session_id: null, last_error: null,
    message_id: null, sent_at: now, created_at: now, updated_at: now,
    html_body: '<p style="color: #123456">Open <a href="http://127.0.0.1:8080/kyc">the form</a></p>',
  }).returning('id').executeTakeFirstOrThrow();
  emailId = row.id;
});

const fromNetwork = { remoteAddress: '192.0.2.44' };

describe('who may read the dev mailbox', () => {
  it('answers loopback clients, IPv4, IPv6 and IPv4-mapped', async () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const response = await t.current.app.inject({ url: '/dev/mailbox/messages', remoteAddress });
      expect(response.statusCode, remoteAddress).toBe(200);
      expect(response.json().total).toBe(1);
    }
  });

  it('refuses every mailbox URL to another host without the operator token', async () => {
    for (const url of ['/dev/mailbox', '/dev/mailbox/messages', `/dev/mailbox/${emailId}`,
      `/dev/mailbox/${emailId}/html`]) {
      const response = await t.current.app.inject({ url, ...fromNetwork });
      expect(response.statusCode, url).toBe(401);
      expect(response.body).not.toContain('token=abc');
    }
    const forged = await t.current.app.inject({
      url: '/dev/mailbox/messages', ...fromNetwork, headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(forged.statusCode).toBe(401);
    const wrong = await t.current.app.inject({
      url: '/dev/mailbox/messages', ...fromNetwork, headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(401);
  });

  it('answers another host that sends the operator token', async () => {
    const response = await t.current.app.inject({
      url: '/dev/mailbox/messages', ...fromNetwork,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().messages[0].text).toContain('token=abc');
  });
});

describe('the mailbox pages', () => {
  it('link a stylesheet their CSP allows, served as CSS', async () => {
    const index = await t.current.app.inject({ url: '/dev/mailbox' });
    expect(index.body).toContain('<link rel="stylesheet" href="/dev/mailbox/mailbox.css">');
    expect(index.headers['content-security-policy']).toContain("style-src 'self'");
    const css = await t.current.app.inject({ url: '/dev/mailbox/mailbox.css' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.body).toContain('ol.messages');
  });

  it('show the HTML body in a sandboxed frame, served with a CSP that forbids scripts', async () => {
    const page = await t.current.app.inject({ url: `/dev/mailbox/${emailId}` });
    expect(page.body).toContain(`<iframe class="html-body" sandbox src="/dev/mailbox/${emailId}/html"`);
    expect(page.headers['content-security-policy']).toContain("frame-src 'self'");
    const body = await t.current.app.inject({ url: `/dev/mailbox/${emailId}/html` });
    expect(body.body).toContain('<p style="color: #123456">');
    const csp = String(body.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain('sandbox');
    expect(csp).not.toContain('script-src');
  });

  it('answer 404 for an unknown e-mail', async () => {
    const response = await t.current.app.inject({ url: '/dev/mailbox/00000000-0000-0000-0000-000000000000/html' });
    expect(response.statusCode).toBe(404);
  });
});
