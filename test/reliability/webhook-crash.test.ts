/**
 * A webhook delivery in flight when its process is killed with -9 is delivered again after a
 * restart, as the same event: the receiver sees the same `webhook-id` and body both times, each
 * validly signed, so it can drop the duplicate; and soon, once the killed worker counts as dead
 * (about 35 s), not when the attempt's 60 s lease runs out.
 */
import { afterAll, expect, it } from 'vitest';
import { WEBHOOK_ATTEMPT_LEASE_MS } from '../../src/limits';
import { verifyStandardWebhook, verifyVobizSignature } from '../../src/domain/webhooks/signatures';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { waitFor } from '../support/wait';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from '../support/receivers';
import {
  killHard, newDataDir, operatorPost, setUpTransfers, startServer, type ServerProcess,
} from '../support/server-process';

let database: TestDatabase | undefined;
let receiver: HttpReceiver | undefined;
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) server.child.kill('SIGKILL');
  await receiver?.close();
  await database?.handle.close();
});

function expectSignedBy(secret: string, request: ReceivedRequest): void {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const { headers, body } = request;
  expect(verifyStandardWebhook({ secret, headers, body, nowSeconds })).toEqual({ ok: true });
  const signature = request.headers['x-vobiz-signature'] as string | undefined;
  expect(verifyVobizSignature({ secret, signature, body: request.body })).toEqual({ ok: true });
}

it('redelivers an event in flight at kill -9: same webhook-id, validly signed', async () => {
  database = await createTestDatabase();
  // The first attempt never gets an answer: the process dies while it waits.
  receiver = await startHttpReceiver((_request, index) =>
    index === 0 ? new Promise(() => {}) : { status: 200 });
  const dataDir = newDataDir();
  const env = { DIALTONE_ALLOW_PRIVATE_URLS: 'true' };
  const first = await startServer({ databaseUrl: database.url, dataDir, env });
  servers.push(first);
  const target = await setUpTransfers(first.baseUrl);
  const { secret } = await fetch(`${first.baseUrl}/api/v1/partner/webhook-secret`, {
    headers: target.partnerHeaders,
  }).then((r) => r.json() as Promise<{ secret: string }>);
  const partnerAuthId = target.partnerHeaders['x-auth-id']!;
  const sent = await operatorPost(first.baseUrl,
    `/api/v1/admin/partners/${partnerAuthId}/webhook-tests`,
    { event: 'kyc.completed', url: `${receiver.origin}/hooks` });
  expect(sent.status, await sent.clone().text()).toBe(202);
  const { event_id: eventId } = await sent.json() as { event_id: string };

  await waitFor('the first attempt to arrive', () => receiver!.received[0], 30_000, 50);
  await killHard(first);
  const killedAt = Date.now();
  servers.push(await startServer({ databaseUrl: database.url, dataDir, env }));
  // The killed worker stops beating; 30 s on, its lease is freed and its job runs again. The
  // lease alone (60 s, then the next minute's sweep) would take 60-120 s.
  await waitFor('the redelivery', () => receiver!.received[1], 180_000);
  expect(Date.now() - killedAt).toBeLessThan(WEBHOOK_ATTEMPT_LEASE_MS - 5_000);

  const [before, after] = receiver.received as [ReceivedRequest, ReceivedRequest];
  expect(before.headers['webhook-id']).toBe(eventId);
  expect(after.headers['webhook-id']).toBe(eventId);
  expect(after.body).toBe(before.body);
  expectSignedBy(secret, before);
  expectSignedBy(secret, after);
  const db = database.handle.db;
  await waitFor('the delivery to be recorded', async () => {
    const delivery = await db.selectFrom('webhook_deliveries').select('status')
      .where('event_id', '=', eventId).executeTakeFirst();
    return delivery?.status === 'delivered' ? delivery : undefined;
  }, 10_000);
  expect(receiver.received).toHaveLength(2);
}, 240_000);
