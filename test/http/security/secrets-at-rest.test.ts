/**
 * Widget tokens are credentials: never in a log line (the widget link puts one in the URL), and
 * kept in a mailbox e-mail only while its session can still be opened.
 */
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app';
import { testDeps, useTestApp } from '../../support/app';
import { authHeaders, createCustomer, createPartner } from '../../support/factories';
import { createKycSession, runJobsOnce, workerDepsOf } from '../../support/kyc';

const t = useTestApp();
const TOKEN = /kst_[0-9a-f]{64}/;

describe('request logs', () => {
  it('never carry a widget token, whatever the route answers', async () => {
    const lines: string[] = [];
    const app = await buildApp(testDeps(t.current.database), {
      logLevel: 'info', logStream: { write: (line) => lines.push(line) },
    });
    try {
      const token = `kst_${'ab'.repeat(32)}`;
      for (const url of [`/kyc/verify?token=${token}`, `/kyc/verify?step=1&token=${token}`,
        `/nowhere/${token}`]) {
        await app.inject({ url });
      }
      const requestLines = lines.filter((line) => line.includes('"req"'));
      expect(requestLines.length).toBe(3);
      expect(lines.join('\n')).not.toMatch(TOKEN);
      expect(requestLines[0]).toContain('/kyc/verify?token=[redacted]');
    } finally {
      await app.close();
    }
  });
});

describe('mailbox e-mails', () => {
  it('keep the widget link while the session is open and blank it when it ends', async () => {
    const partner = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, partner);
    const session = await createKycSession(t.current.app, partner, customer, {
      customer_email: 'asha@example.com',
    });
    await runJobsOnce(workerDepsOf(t.current));
    const bodies = () => t.current.database.handle.db.selectFrom('outbound_emails')
      .select(['text_body', 'html_body', 'status'])
      .where('kyc_session_id', '=', session.session_id).executeTakeFirstOrThrow();
    const open = await bodies();
    expect(open.status).toBe('stored');
    expect(open.text_body).toMatch(TOKEN);
    expect(open.html_body).toMatch(TOKEN);

    const revoke = await t.current.app.inject({
      method: 'DELETE', url: `/api/v1/partner/kyc-sessions/${session.session_id}`,
      headers: authHeaders(partner), payload: { reason: 'test' },
    });
    expect(revoke.statusCode, revoke.body).toBe(200);
    const ended = await bodies();
    expect(ended.text_body).not.toMatch(TOKEN);
    expect(ended.html_body).not.toMatch(TOKEN);
    expect(ended.text_body).toContain('kst_[redacted]');
  });
});
