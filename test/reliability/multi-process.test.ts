/**
 * Several API processes on one PostgreSQL: a suspension made through one applies in the other
 * within a second, transfers through both keep the ledger whole, an Idempotency-Key is shared
 * (sent to both at once it moves money once), a credential's rate limit holds in total across
 * both, and `DIALTONE_WORKERS=2` serves and stops cleanly.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readServerRecord } from '../../src/data-dir-claim';
import { findLedgerViolations, isLedgerSound } from '../../src/domain/ledger/invariants';
import { runCliProcess } from '../support/cli';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  newDataDir, OPERATOR_TOKEN, operatorPost, sendTransfer, setUpTransfers, startServer,
  type ServerProcess, type TransferTarget,
} from '../support/server-process';

let database: TestDatabase;
let one: ServerProcess;
let two: ServerProcess;
let target: TransferTarget;
const RATE_LIMIT_PER_MINUTE = 400;

beforeAll(async () => {
  database = await createTestDatabase();
  // Each process claims its own DATA_DIR; a fleet shares one secret key, as machines would.
  // The rate limit is far above what the other tests send from one credential.
  const env = {
    DIALTONE_SECRET_KEY: randomBytes(32).toString('hex'),
    DIALTONE_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT_PER_MINUTE),
  };
  [one, two] = [
    await startServer({ databaseUrl: database.url, dataDir: newDataDir(), env }),
    await startServer({ databaseUrl: database.url, dataDir: newDataDir(), env }),
  ];
  target = await setUpTransfers(one.baseUrl);
}, 90_000);

afterAll(async () => {
  one?.child.kill('SIGKILL');
  two?.child.kill('SIGKILL');
  await database?.handle.close();
});

function customerBalance(server: ServerProcess) {
  return fetch(`${server.baseUrl}/api/v1/Account/${target.authId}/balance/${target.currency}`, {
    headers: target.customerHeaders,
  }).then((r) => r.status);
}

it('applies a suspension made through one process in the other within a second', async () => {
  // Warm the second process's credential cache.
  for (let i = 0; i < 3; i += 1) expect(await customerBalance(two)).toBe(200);
  const suspended = await fetch(`${one.baseUrl}/api/v1/partner/accounts/${target.authId}/suspend`, {
    method: 'POST', headers: { ...target.partnerHeaders, 'content-type': 'application/json' }, body: '{}',
  });
  expect(suspended.status).toBe(200);
  const suspendedAt = Date.now();
  while (await customerBalance(two) === 200) {
    expect(Date.now() - suspendedAt).toBeLessThan(1_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(await customerBalance(two)).toBe(403);
  const activated = await fetch(`${one.baseUrl}/api/v1/partner/accounts/${target.authId}/activate`, {
    method: 'POST', headers: { ...target.partnerHeaders, 'content-type': 'application/json' }, body: '{}',
  });
  expect(activated.status).toBe(200);
}, 30_000);

it('moves money once per key through both processes at once, with the ledger whole', async () => {
  const keys = Array.from({ length: 60 }, (_, i) => `both-${i}`);
  // Every key goes to both processes at the same moment.
  const answers = await Promise.all(keys.flatMap((key) => [one, two].map(async (server) => {
    const response = await sendTransfer(server.baseUrl, target, key);
    return { key, status: response.status, body: await response.text() };
  })));
  // 409: the twin was running. 503 (with Retry-After): no pooled connection came free within
  // DB_CONNECT_TIMEOUT_MS on a loaded machine, and nothing was done. Either way the retry below
  // replays what the twin committed or runs the transfer once.
  for (const answer of answers) expect([200, 409, 503], answer.body).toContain(answer.status);
  const settled = new Map<string, string>();
  for (const key of keys) {
    const response = await sendTransfer(two.baseUrl, target, key);
    expect(response.status).toBe(200);
    settled.set(key, ((await response.json()) as { transaction_id: string }).transaction_id);
  }
  for (const answer of answers.filter((a) => a.status === 200)) {
    expect(JSON.parse(answer.body).transaction_id).toBe(settled.get(answer.key));
  }
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from ledger_transactions where type = 'transfer'`.execute(database.handle.db);
  expect(Number(rows[0]!.n)).toBe(keys.length);
  expect(isLedgerSound(await findLedgerViolations(database.handle.db))).toBe(true);
}, 60_000);

it('holds a credential to its rate limit in total across both processes', async () => {
  const partner = await operatorPost(one.baseUrl, '/api/v1/admin/partners', {
    name: 'Limited', email: 'limited@partner.test',
  }).then((r) => r.json() as Promise<{ auth_id: string; auth_token: string }>);
  const headers = { 'x-auth-id': partner.auth_id, 'x-auth-token': partner.auth_token };
  const over = 40;
  const answers: { server: ServerProcess; status: number; retryAfter: string | null }[] = [];
  // 20 at a time, every other request through the other process.
  for (let sent = 0; sent < RATE_LIMIT_PER_MINUTE + over; sent += 20) {
    answers.push(...await Promise.all(Array.from({ length: 20 }, async (_, i) => {
      const server = i % 2 === 0 ? one : two;
      const response = await fetch(`${server.baseUrl}/api/v1/partner/me`, { headers });
      await response.arrayBuffer();
      return { server, status: response.status, retryAfter: response.headers.get('retry-after') };
    })));
  }
  const limited = answers.filter((answer) => answer.status === 429);
  expect(answers.filter((answer) => answer.status === 200)).toHaveLength(RATE_LIMIT_PER_MINUTE);
  expect(limited).toHaveLength(over);
  // Counted per process, each would have let all of them through.
  expect(new Set(limited.map((answer) => answer.server)).size).toBe(2);
  for (const answer of limited) {
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
  }
}, 60_000);

it('serves with DIALTONE_WORKERS=2, found by the CLI, stops with exit 0 on SIGTERM', async () => {
  const dataDir = newDataDir();
  const cluster = await startServer({
    databaseUrl: database.url, dataDir, env: { DIALTONE_WORKERS: '2' },
  });
  try {
    for (let i = 0; i < 10; i += 1) {
      const response = await sendTransfer(cluster.baseUrl, target, `cluster-${i}`);
      expect(response.status, await response.clone().text()).toBe(200);
    }
    // The primary records where its workers listen, as a single process does.
    expect(readServerRecord(dataDir)).toMatchObject({
      pid: cluster.child.pid, command: 'serve', url: cluster.baseUrl, port: cluster.port,
    });
    const listed = await runCliProcess(['partners', 'list'], {
      DATA_DIR: dataDir, DIALTONE_URL: undefined, PORT: undefined,
      DIALTONE_ADMIN_TOKEN: OPERATOR_TOKEN,
    });
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('crash@partner.test');
    cluster.child.kill('SIGTERM');
    expect(await cluster.exited).toBe(0);
    expect(readServerRecord(dataDir)).toBeUndefined();
  } finally {
    cluster.child.kill('SIGKILL');
  }
}, 90_000);

it('refuses a taken port in one line in cluster mode, not by restarting workers', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as net.AddressInfo;
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env, DATABASE_URL: database.url, DATA_DIR: newDataDir(), PORT: String(port),
        HOST: '127.0.0.1', DIALTONE_WORKERS: '2', DIALTONE_ADMIN_TOKEN: OPERATOR_TOKEN,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => { stderr += String(chunk); });
    const code = await new Promise((resolve) => child.once('exit', resolve));
    const inUse = `dialtone: port ${port} is in use; set PORT\n`;
    expect({ code, stderr }).toEqual({ code: 1, stderr: inUse });
  } finally {
    holder.close();
  }
}, 90_000);
