/**
 * Webhook fairness with the real job runner: one partner's receiver hangs with a backlog of
 * events, and another partner's event is still attempted within a second.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, it } from 'vitest';
import { startWorker } from '../../src/jobs/worker';
import { useTestApp } from '../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../support/factories';
import { createKycSession, workerDepsOf } from '../support/kyc';
import { startHttpReceiver } from '../support/receivers';

const t = useTestApp();
// Reads each request and never answers: the sender waits out its 10 s timeout.
const hanging = http.createServer((request) => { request.resume(); });
const hangingRequests: number[] = [];
hanging.on('request', () => hangingRequests.push(Date.now()));
afterAll(() => {
  hanging.closeAllConnections();
  hanging.close();
});

/** A session whose revocation sends kyc.session_revoked to `url`; returns the revoking call. */
async function revocable(partner: Credentials, url: string) {
  const customer = await createCustomer(t.current.app, partner);
  const session = await createKycSession(t.current.app, partner, customer, { webhook_url: url });
  return async () => {
    const revoked = await t.current.app.inject({
      method: 'DELETE', url: `/api/v1/partner/kyc-sessions/${session.session_id}`, headers: authHeaders(partner),
    });
    expect(revoked.statusCode).toBe(200);
  };
}

it("attempts a partner's event within 1 s while another partner's receiver hangs", async () => {
  await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
  const hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/hook`;
  const healthy = await startHttpReceiver();
  const slow = await createPartner(t.current.app);
  const prompt = await createPartner(t.current.app);
  // More events than the old four shared slots, all to the hanging receiver.
  for (let i = 0; i < 6; i += 1) await (await revocable(slow, hangingUrl))();
  const revokePrompt = await revocable(prompt, `${healthy.origin}/hook`);

  const worker = await startWorker(workerDepsOf(t.current));
  try {
    while (hangingRequests.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await revokePrompt();
    const sentAt = Date.now();
    while (healthy.received.length === 0 && Date.now() - sentAt < 10_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(healthy.received).toHaveLength(1);
    // Well under a second on a quiet machine; the bound is generous for a loaded CI box, yet
    // half the 10 s a hanging receiver held each of the old four shared slots.
    expect(Date.now() - sentAt).toBeLessThan(5_000);
    // One delivery at a time per endpoint: the backlog waits its turn instead of taking slots.
    expect(hangingRequests).toHaveLength(1);
  } finally {
    await worker.stop();
    await healthy.close();
  }
}, 60_000);
