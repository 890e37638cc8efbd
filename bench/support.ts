/** Shared benchmark plumbing: a throwaway embedded PostgreSQL and a dialtone server process. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../src/cli/server-process';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/db/embedded-postgres';

export interface BenchEnvironment {
  database: EmbeddedDatabase;
  baseUrl: string;
  adminToken: string;
  /** Another dialtone on the same database (its own DATA_DIR), stopped with the environment. */
  startServer(env: Record<string, string>): Promise<{ baseUrl: string }>;
  stop(): Promise<void>;
}

/** The database runs here (the raw baselines use it directly); the server in its own process. */
export async function startBenchEnvironment(): Promise<BenchEnvironment> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-bench-'));
  fs.chmodSync(dataDir, 0o755);
  const database = await startEmbeddedPostgres(dataDir);
  const common = {
    // Load generation from one credential is the point here, not what a limit would allow.
    DIALTONE_RATE_LIMIT_PER_MINUTE: '0',
    // Servers on one database share the sealing key, as a fleet's machines do.
    DIALTONE_SECRET_KEY: randomBytes(32).toString('hex'),
  };
  const startOn = (dir: string, env: Record<string, string>) =>
    startServerProcess({ dataDir: dir, databaseUrl: database.url, env: { ...common, ...env } });
  const server = await startOn(dataDir, {});
  const others: { server: ServerProcess; dir: string }[] = [];
  return {
    database,
    baseUrl: server.baseUrl,
    adminToken: server.adminToken,
    async startServer(env) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-bench-'));
      const other = await startOn(dir, env);
      others.push({ server: other, dir });
      return other;
    },
    async stop() {
      for (const other of others) {
        await other.server.stop();
        fs.rmSync(other.dir, { recursive: true, force: true });
      }
      await server.stop();
      await database.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
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
