/**
 * The real process while its PostgreSQL is frozen (SIGSTOP: connections open, nothing answers)
 * or stopped: /ready answers within 2 s, requests get 503 with Retry-After (never 500 and
 * never a hang past the bounds), the log holds one line per kind and interval, and everything
 * works again once the database is back, with no keyed transfer lost or doubled.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startOwnPostgres, type OwnPostgres } from '../support/postgres-faults';
import {
  newDataDir, sendTransfer, setUpTransfers, startServer, type ServerProcess, type TransferTarget,
} from '../support/server-process';

let postgres: OwnPostgres;
let server: ServerProcess;
let target: TransferTarget;

beforeAll(async () => {
  postgres = await startOwnPostgres();
  server = await startServer({ databaseUrl: postgres.url, dataDir: newDataDir() });
  target = await setUpTransfers(server.baseUrl);
}, 60_000);

afterAll(async () => {
  server?.child.kill('SIGKILL');
  postgres?.thaw();
  await postgres?.remove();
});

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const startedAt = Date.now();
  const value = await work();
  return { value, ms: Date.now() - startedAt };
}

async function readyStatus() {
  return timed(() => fetch(`${server.baseUrl}/ready`).then((r) => r.status));
}

async function expectUnavailable(response: Response) {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(((await response.json()) as { message: string }).message).toMatch(/database is unavailable/);
}

async function waitUntilReady() {
  for (let i = 0; i < 100; i += 1) {
    if ((await readyStatus()).value === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error('never ready again');
}

it('answers /ready in 2 s and requests with 503 while the database is frozen', async () => {
  postgres.freeze();
  try {
    const ready = await readyStatus();
    expect(ready.value).toBe(503);
    expect(ready.ms).toBeLessThan(2_500);

    const keys = Array.from({ length: 8 }, (_, i) => `frozen-${i}`);
    const answers = await timed(() => Promise.all(keys.map((key) => sendTransfer(server.baseUrl, target, key))));
    for (const response of answers.value) await expectUnavailable(response);
    // Connection acquisition (10 s) or the client-side query timeout (32 s), not the outage.
    expect(answers.ms).toBeLessThan(45_000);
    expect((await readyStatus()).ms).toBeLessThan(2_500);
  } finally {
    postgres.thaw();
  }
  await waitUntilReady();
  for (let i = 0; i < 8; i += 1) {
    const response = await sendTransfer(server.baseUrl, target, `frozen-${i}`);
    expect(response.status, await response.clone().text()).toBe(200);
  }
  const balance = await fetch(`${server.baseUrl}/api/v1/partner/accounts/${target.authId}/balance`, {
    headers: target.partnerHeaders,
  }).then((r) => r.json() as Promise<{ cash_credits: string }>);
  // Each key moved 1 exactly once: nothing the outage interrupted was committed twice.
  expect(Number(balance.cash_credits)).toBe(8);
  const fullLines = server.output().split('\n').filter((line) => line.includes('"msg":"database unavailable"'));
  expect(fullLines.length).toBeGreaterThan(0);
  expect(fullLines.length).toBeLessThanOrEqual(5);
}, 120_000);

it('answers 503 at once while the database is stopped, and recovers when it starts', async () => {
  await postgres.stop();
  try {
    const answer = await timed(() => sendTransfer(server.baseUrl, target, 'stopped-1'));
    await expectUnavailable(answer.value);
    expect(answer.ms).toBeLessThan(15_000);
    const ready = await readyStatus();
    expect(ready.value).toBe(503);
    expect(ready.ms).toBeLessThan(2_500);
  } finally {
    await postgres.start();
  }
  await waitUntilReady();
  const retried = await sendTransfer(server.baseUrl, target, 'stopped-1');
  expect(retried.status, await retried.clone().text()).toBe(200);
  expect(retried.headers.get('idempotent-replayed')).toBeNull();
}, 90_000);
