/**
 * Runs dialtone as a child process, as in production: used by `dialtone demo` when no server
 * is given, and by the benchmarks (so the load generator never shares the server's event loop).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { findFreePort } from '../db/embedded-postgres';

export interface ServerProcess {
  baseUrl: string;
  adminToken: string;
  stop(): Promise<void>;
}

/** How long a fresh server may take to answer /ready (initdb + migrations on a cold disk). */
const SERVER_READY_TIMEOUT_MS = 90_000;
const MAIN = path.join(import.meta.dirname, '..', 'main.ts');

export async function startServerProcess(options: {
  dataDir: string;
  databaseUrl?: string;
  env?: Record<string, string>;
}): Promise<ServerProcess> {
  const port = await findFreePort();
  const adminToken = `dtadm_${randomBytes(24).toString('base64url')}`;
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      DIALTONE_ADMIN_TOKEN: adminToken,
      LOG_LEVEL: 'warn',
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForReady(baseUrl, exited);
  return {
    baseUrl,
    adminToken,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function waitForReady(baseUrl: string, exited: Promise<number | null>): Promise<void> {
  let exitCode: number | null | undefined;
  void exited.then((code) => { exitCode = code; });
  const deadline = Date.now() + SERVER_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`dialtone exited with code ${exitCode} before it was ready`);
    if (await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`dialtone was not ready within ${SERVER_READY_TIMEOUT_MS / 1000} s`);
}
