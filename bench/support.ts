/** Shared benchmark plumbing: a throwaway embedded PostgreSQL and a dialtone server process. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded-postgres';

export interface BenchEnvironment {
  database: EmbeddedDatabase;
  server: ChildProcess;
  baseUrl: string;
  adminToken: string;
  stop(): Promise<void>;
}

export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const database = await startEmbeddedPostgres(dataDir, { quiet: true });
  const port = await findFreePort();
  const adminToken = 'bench-operator-token';
  // The server runs in its own process, as in production, so the load generator in this
  // process does not share its event loop.
  const server = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env, DATABASE_URL: database.url, PORT: String(port), HOST: '127.0.0.1',
      DATA_DIR: dataDir, DIALTONE_ADMIN_TOKEN: adminToken, LOG_LEVEL: 'warn',
      // Load generation from one credential is the point here, not what a limit would allow.
      DIALTONE_RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForReady(baseUrl);
  return {
    database, server, baseUrl, adminToken,
    async stop() {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
      await database.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function waitForReady(baseUrl: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const ready = await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not become ready within 60 s');
}

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))]!;
}

export async function adminPost(env: BenchEnvironment, url: string, body: unknown): Promise<any> {
  const response = await fetch(`${env.baseUrl}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.json();
}
