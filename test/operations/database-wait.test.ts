/**
 * Start-up with DATABASE_URL when the database is not reachable yet (containers start in any
 * order): the real process waits with backoff, logging each wait once, and serves as soon as
 * the database answers; past DATABASE_WAIT_SECONDS it exits 1 with one line saying what to do.
 * The "late database" is a TCP relay that starts listening on the URL's port after a while.
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
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-dbwait-'));
afterAll(async () => {
  await database?.handle.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function startMain(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_FORMAT: 'json',
      DIALTONE_ADMIN_TOKEN: 'dbwait-token', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += String(chunk); });
  child.stderr.on('data', (chunk) => { stderr += String(chunk); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Relays TCP from `port` to the real database. */
function relay(port: number, target: URL): Promise<net.Server> {
  const server = net.createServer((socket) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    socket.pipe(upstream).pipe(socket);
    socket.on('error', () => upstream.destroy());
    upstream.on('error', () => socket.destroy());
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

it('waits for a database that comes up late, logging each wait, then serves', async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  const relayPort = await findFreePort();
  const late = new URL(database.url);
  late.port = String(relayPort);
  const port = await findFreePort();
  const server = startMain({ DATABASE_URL: late.toString(), PORT: String(port), DATABASE_WAIT_SECONDS: '120' });
  // Let it fail to connect a few times before the database "starts".
  for (let i = 0; i < 600 && (server.stdout().match(/not reachable/g)?.length ?? 0) < 2; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const proxy = await relay(relayPort, target);
  try {
    for (let i = 0; i < 600; i += 1) {
      if (await fetch(`http://127.0.0.1:${port}/ready`).then((r) => r.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
    const waits = server.stdout().split('\n').filter((line) => line.includes('not reachable'))
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits[0]!.msg).toMatch(new RegExp(`^database at 127\\.0\\.0\\.1:${relayPort}/\\S+ not `
      + 'reachable \\(ECONNREFUSED\\); retrying in 0\\.5 s'));
    expect(waits[1]!.msg).toContain('retrying in 1.0 s');
    expect(server.stdout()).not.toContain(target.password);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  } finally {
    server.child.kill('SIGKILL');
    proxy.close();
  }
}, 120_000);

it('gives up after DATABASE_WAIT_SECONDS with one line, exit 1', async () => {
  const nowhere = await findFreePort();
  const server = startMain({
    DATABASE_URL: `postgres://dialtone:secret@127.0.0.1:${nowhere}/dialtone`,
    PORT: String(await findFreePort()), DATABASE_WAIT_SECONDS: '2',
  });
  expect(await server.exited).toBe(1);
  expect(server.stderr()).toBe(`dialtone: the database at 127.0.0.1:${nowhere}/dialtone did not `
    + 'answer within 2 s (ECONNREFUSED); check DATABASE_URL, or wait longer with '
    + 'DATABASE_WAIT_SECONDS\n');
  expect(fs.existsSync(path.join(dataDir, 'server.json'))).toBe(false);
}, 60_000);
