/**
 * Graceful shutdown of the real process: SIGTERM while a request is half-sent; the request
 * still completes, new connections are refused, and the process exits 0.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { findFreePort } from '../../src/db/embedded-postgres';
import { createTestDatabase, type TestDatabase } from '../support/database';

let database: TestDatabase | undefined;
afterAll(async () => database?.handle.close());

async function waitForReady(baseUrl: string): Promise<void> {
  for (let i = 0; i < 150; i += 1) {
    if (await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server never became ready');
}

it('finishes an in-flight request on SIGTERM, then exits 0', async () => {
  database = await createTestDatabase();
  const port = await findFreePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-shutdown-'));
  const token = 'shutdown-operator-token';
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1',
      DATA_DIR: dataDir, DIALTONE_ADMIN_TOKEN: token, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForReady(baseUrl);

  const created = await fetch(`${baseUrl}/api/v1/admin/partners`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Shutdown', email: 'shutdown@test.dev' }),
  }).then((r) => r.json() as Promise<{ auth_id: string }>);

  const body = '{"amount": 42.00, "description": "in flight"}';
  const socket = net.connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const response = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (chunk) => { text += chunk.toString(); });
    socket.on('end', () => resolve(text));
    socket.on('close', () => resolve(text));
  });
  socket.write(`POST /api/v1/admin/partners/${created.auth_id}/credit HTTP/1.1\r\nHost: x\r\n` +
    `Authorization: Bearer ${token}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`);
  await new Promise((resolve) => setTimeout(resolve, 200));

  server.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const refused = await fetch(`${baseUrl}/health`).then(() => false, () => true);
  socket.write(body.slice(10));

  const raw = await response;
  expect(raw).toMatch(/^HTTP\/1\.1 200/);
  expect(raw).toContain('"balance_after":42');
  expect(refused).toBe(true);
  expect(await exited).toBe(0);
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 60_000);
