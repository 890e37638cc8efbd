/**
 * `dialtone webhooks listen` as a child process receives a test event that
 * `dialtone webhooks trigger` sent through the real outbox and worker: both signatures verify
 * with the partner's secret (and not with another), the delivery log marks it as a test, and
 * bad input (unknown event, another partner, an unsafe URL) is refused.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { pointCliAt, runCliInProcess } from '../support/cli';
import { authHeaders, createPartner, type Credentials } from '../support/factories';
import { runJobsOnce, workerDepsOf } from '../support/kyc';

const t = useTestApp();
let restoreEnv: () => void;
const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'dialtone.js');
let partner: Credentials;
let secret: string;
const listeners: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  restoreEnv = await pointCliAt(t.current.app);
  partner = await createPartner(t.current.app);
  const answer = await t.current.app.inject({
    url: '/api/v1/partner/webhook-secret', headers: authHeaders(partner),
  });
  secret = answer.json().secret;
});

afterAll(() => {
  for (const listener of listeners) listener.kill('SIGINT');
  restoreEnv();
});

/** `dialtone webhooks listen --json`: its URL, and the events it printed so far. */
async function listen(args: string[]): Promise<{ url: string; events: () => any[]; out: () => string }> {
  const child = spawn(process.execPath, [BIN, 'webhooks', 'listen', '--json', ...args]);
  listeners.push(child);
  let out = '';
  child.stdout.on('data', (chunk) => { out += String(chunk); });
  for (let i = 0; i < 300 && !/on (http\S+)/.test(out); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const url = /on (http\S+)/.exec(out)![1]!;
  const events = () => out.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
  return { url, events, out: () => out };
}

async function deliverAndWait(events: () => unknown[], count: number): Promise<void> {
  for (let i = 0; i < 100 && events().length < count; i += 1) {
    await runJobsOnce(workerDepsOf(t.current));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('dialtone webhooks', () => {
  it('listen prints a triggered test event with both signatures valid; the log marks it test', async () => {
    const listener = await listen(['--secret', secret]);
    expect(listener.out()).toContain('nothing was registered');
    const sent = await runCliInProcess(['webhooks', 'trigger', 'kyc.completed',
      '--partner', partner.authId, '--to', listener.url, '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const { event_id: eventId } = JSON.parse(sent.stdout);
    await deliverAndWait(listener.events, 1);
    expect(listener.events()).toEqual([expect.objectContaining({
      webhook_id: eventId, event: 'kyc.completed',
      signatures: { standard_webhooks: true, vobiz: true },
      body: expect.objectContaining({ event: 'kyc.completed', test: true, session_id: null }),
    })]);
    const log = await t.current.app.inject({
      url: '/api/v1/partner/webhook-deliveries', headers: authHeaders(partner),
    });
    expect(log.json().deliveries).toEqual(expect.arrayContaining([
      expect.objectContaining({ event_id: eventId, status: 'delivered', test: true, url: listener.url }),
    ]));
  }, 60_000);

  it("shows signatures INVALID with another partner's secret, and not checked without one", async () => {
    const other = await createPartner(t.current.app);
    const wrong = await listen(['--secret', 'whsec_' + Buffer.alloc(24, 7).toString('base64')]);
    const unchecked = await listen([]);
    for (const target of [wrong, unchecked]) {
      const sent = await runCliInProcess(['webhooks', 'trigger', 'kyc.failed', '--partner', other.authId, '--to', target.url]);
      expect(sent.code, sent.stderr).toBe(0);
      expect(sent.stdout).toMatch(/^test kyc\.failed \S+ queued for http:\/\/127\.0\.0\.1:\d+\/webhooks/);
    }
    await deliverAndWait(() => [...wrong.events(), ...unchecked.events()], 2);
    expect(wrong.events()[0].signatures).toEqual({ standard_webhooks: false, vobiz: false });
    expect(unchecked.events()[0].signatures).toEqual({ standard_webhooks: null, vobiz: null });
  }, 60_000);

  it('refuses an unknown event (exit 2), an unknown partner (404) and a non-HTTP URL (422)', async () => {
    const unknownEvent = await runCliInProcess(['webhooks', 'trigger', 'kyc.started', '--partner', partner.authId, '--to', 'http://127.0.0.1:9/x']);
    expect(unknownEvent.code).toBe(2);
    expect(unknownEvent.stderr).toMatch(/Allowed choices are kyc\.completed, kyc\.failed/);
    const unknownPartner = await runCliInProcess(['webhooks', 'trigger', 'kyc.completed', '--partner', 'PA_ZZZZZZZZ', '--to', 'http://127.0.0.1:9/x']);
    expect(unknownPartner.code).toBe(1);
    expect(unknownPartner.stderr).toMatch(/HTTP 404/);
    const badUrl = await runCliInProcess(['webhooks', 'trigger', 'kyc.completed', '--partner', partner.authId, '--to', 'ftp://127.0.0.1/x']);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/HTTP 422/);
  });
});
