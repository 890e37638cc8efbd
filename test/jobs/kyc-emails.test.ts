/**
 * KYC e-mail end to end: the real worker sends the invite over SMTP to a local sink, the link in
 * it opens the widget; resend's cooldown; SMTP failures retried without losing the e-mail; the
 * dev mailbox (HTML, JSON and `dialtone mail list`) when there is no SMTP.
 */
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock';
import { kycEmailRenderer } from '../../src/domain/kyc/kyc-emails';
import { createSmtpMailer, type Mailer } from '../../src/domain/mail/mailer';
import { sendQueuedEmail } from '../../src/domain/mail/outbound-emails';
import { startWorker } from '../../src/jobs/worker';
import { useTestApp } from '../support/app';
import { authHeaders, createCustomer, createPartner } from '../support/factories';
import { createKycSession, getKycSession, runJobsOnce, widgetPath, workerDepsOf } from '../support/kyc';
import { type SmtpSink, startSmtpSink, textOf } from '../support/receivers';
import { waitFor } from '../support/wait';

const clock = manualClock(new Date());
const t = useTestApp({ clock, publicBaseUrl: 'http://kyc.test:8080' });
let sink: SmtpSink;
let smtp: Mailer;
const MINUTE_MS = 60_000;

beforeAll(async () => {
  sink = await startSmtpSink();
  smtp = createSmtpMailer(sink.url, 'Dialtone KYC <kyc@dialtone.test>');
});
afterAll(async () => {
  await smtp?.close();
  await sink?.close();
});

/** The SMTP sink receives in its own time: poll it for up to 10 s. */
const SINK_WAIT_MS = 10_000;

function linkIn(raw: string): string {
  const match = /http:\/\/kyc\.test:8080\/kyc\/verify\?token=kst_[0-9a-f]{64}/.exec(textOf(raw));
  if (!match) throw new Error(`no widget link in:\n${raw}`);
  return match[0];
}

async function emailSession() {
  const partner = await createPartner(t.current.app, { company: 'Acme Telecom' });
  const customer = await createCustomer(t.current.app, partner, { name: 'Asha Verma' });
  const session = await createKycSession(t.current.app, partner, customer, { customer_email: 'asha@example.com' });
  return { partner, customer, sessionId: session.session_id };
}

async function emailsOf(sessionId: string) {
  return t.current.database.handle.db.selectFrom('outbound_emails').selectAll()
    .where('kyc_session_id', '=', sessionId).orderBy('created_at').execute();
}

describe('KYC e-mail over SMTP', () => {
  it('the worker sends the invite; its link opens the widget; resend waits out the cooldown', async () => {
    const worker = await startWorker(workerDepsOf(t.current, { mailer: smtp }));
    try {
      const { partner, sessionId } = await emailSession();
      const invite = await waitFor('the invite',
        () => sink.messages.find((m) => m.to.includes('asha@example.com')), SINK_WAIT_MS, 50);
      expect(invite.from).toBe('kyc@dialtone.test');
      expect(textOf(invite.raw)).toContain('Subject: Verify your identity for Acme Telecom');
      expect(textOf(invite.raw)).toContain('Hello Asha Verma');
      const page = await t.current.app.inject({ url: widgetPath(linkIn(invite.raw)) });
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Enter your PAN');
      expect((await getKycSession(t.current.app, partner, sessionId)).status).toBe('opened');
      const [row] = await emailsOf(sessionId);
      expect(row).toMatchObject({ status: 'sent', transport: 'smtp', attempts: 1 });
      expect(row!.text_body).toContain('[redacted]');
      expect(row!.text_body).not.toContain('kst_');

      const resend = () => t.current.app.inject({
        method: 'POST', url: `/api/v1/partner/kyc-sessions/${sessionId}/resend`, headers: authHeaders(partner),
      });
      clock.advance(29 * MINUTE_MS);
      const early = await resend();
      expect(early.statusCode).toBe(429);
      expect(early.json().message).toBe('Email was sent recently. Please wait 60 seconds before resending.');
      clock.advance(MINUTE_MS);
      expect((await resend()).statusCode).toBe(200);
      const second = await waitFor('the resent invite', () =>
        (sink.messages.filter((m) => m.to.includes('asha@example.com')).length === 2
          ? sink.messages.filter((m) => m.to.includes('asha@example.com'))[1] : undefined),
        SINK_WAIT_MS, 50);
      expect(linkIn(second.raw)).not.toBe(linkIn(invite.raw));
      expect((await t.current.app.inject({ url: widgetPath(linkIn(second.raw)) })).statusCode).toBe(200);
      expect((await t.current.app.inject({ url: widgetPath(linkIn(invite.raw)) })).statusCode).toBe(200);
    } finally {
      await worker.stop();
    }
  });

  it('keeps an e-mail the SMTP server refused and sends it on a retry; the last failure is kept as failed', async () => {
    const { sessionId } = await emailSession();
    const [queued] = await emailsOf(sessionId);
    const deps = { db: t.current.deps.db, mailer: smtp, clock, render: kycEmailRenderer('http://kyc.test:8080', clock) };
    const before = sink.messages.length;
    sink.refuseNext(1);
    await expect(sendQueuedEmail(deps, queued!.id, false)).rejects.toThrow('was not sent');
    expect((await emailsOf(sessionId))[0]).toMatchObject({ status: 'queued', attempts: 1 });
    expect((await emailsOf(sessionId))[0]!.last_error).toContain('try again later');
    expect(await sendQueuedEmail(deps, queued!.id, false)).toBe('sent');
    expect(await sendQueuedEmail(deps, queued!.id, false)).toBe('skipped');
    expect(sink.messages.length).toBe(before + 1);

    const other = await emailSession();
    const [doomed] = await emailsOf(other.sessionId);
    sink.refuseNext(1);
    await expect(sendQueuedEmail(deps, doomed!.id, true)).rejects.toThrow();
    expect((await emailsOf(other.sessionId))[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('cancels an invite whose session ended before the job ran', async () => {
    const { partner, sessionId } = await emailSession();
    await t.current.app.inject({
      method: 'DELETE', url: `/api/v1/partner/kyc-sessions/${sessionId}`, headers: authHeaders(partner),
    });
    const before = sink.messages.length;
    await runJobsOnce(workerDepsOf(t.current, { mailer: smtp }));
    expect((await emailsOf(sessionId))[0]).toMatchObject({ status: 'cancelled' });
    expect(sink.messages.length).toBe(before);
  });
});

describe('the dev mailbox (no SMTP)', () => {
  it('stores the rendered e-mail with a working link, readable as HTML, JSON and with `dialtone mail list`', async () => {
    const { sessionId } = await emailSession();
    await runJobsOnce(workerDepsOf(t.current));
    const [row] = await emailsOf(sessionId);
    expect(row).toMatchObject({ status: 'stored', transport: 'mailbox', subject: 'Verify your identity for Acme Telecom' });
    const link = linkIn(row!.text_body!);
    expect((await t.current.app.inject({ url: widgetPath(link) })).statusCode).toBe(200);

    const json = (await t.current.app.inject({ url: '/dev/mailbox/messages?size=100' })).json();
    expect(json.messages.find((message: { id: string }) => message.id === row!.id)).toMatchObject({
      kind: 'kyc_invite', to: 'asha@example.com', status: 'stored',
    });
    const index = await t.current.app.inject({ url: '/dev/mailbox' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain(`/dev/mailbox/${row!.id}`);
    const message = await t.current.app.inject({ url: `/dev/mailbox/${row!.id}` });
    expect(message.body).toContain(`<a href="${link}">`);
    expect(message.headers['content-security-policy']).toContain("default-src 'none'");

    await t.current.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.current.app.server.address() as AddressInfo;
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'mail', 'list'], {
      env: { ...process.env, DIALTONE_URL: `http://127.0.0.1:${port}` }, timeout: 20_000,
    });
    expect(stdout).toContain('asha@example.com');
    expect(stdout).toContain(link);
  });
});
