/**
 * The real `src/main.ts` as a child process on a test database, for crash, shutdown and
 * multi-process tests: kill -9 is a real kill, not a simulation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../src/db/embedded-postgres';

export const OPERATOR_TOKEN = 'process-operator-token';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  exited: Promise<number | null>;
  /** What the process wrote to stderr (and stdout), for failure messages. */
  output(): string;
}

export interface ServerOptions {
  databaseUrl: string;
  /** Reused across restarts so the process finds its own secret key again. */
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
}

export function newDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-process-'));
}

export async function startServer(options: ServerOptions): Promise<ServerProcess> {
  const port = options.port ?? await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env, DATABASE_URL: options.databaseUrl, PORT: String(port), HOST: '127.0.0.1',
      DATA_DIR: options.dataDir, DIALTONE_ADMIN_TOKEN: OPERATOR_TOKEN, LOG_LEVEL: 'warn',
      DIALTONE_RATE_LIMIT_PER_MINUTE: '0', ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => { output = (output + chunk.toString()).slice(-20_000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const server = { child, port, baseUrl: `http://127.0.0.1:${port}`, exited, output: () => output };
  await waitForReady(server);
  return server;
}

async function waitForReady(server: ServerProcess): Promise<void> {
  let gone = false;
  void server.exited.then(() => { gone = true; });
  for (let i = 0; i < 300 && !gone; i += 1) {
    const ready = await fetch(`${server.baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) })
      .then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  server.child.kill('SIGKILL');
  throw new Error(`server never became ready:\n${server.output()}`);
}

/** kill -9, and waits until the process is gone. */
export async function killHard(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

export function operatorPost(baseUrl: string, url: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}${url}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${OPERATOR_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export interface TransferTarget {
  partnerHeaders: Record<string, string>;
  /** The customer's own credentials. */
  customerHeaders: Record<string, string>;
  authId: string;
  currency: string;
}

/** A partner with 1,000,000 to move and one customer. */
export async function setUpTransfers(baseUrl: string): Promise<TransferTarget> {
  const partner = await operatorPost(baseUrl, '/api/v1/admin/partners', {
    name: 'Crash', email: 'crash@partner.test',
  }).then((r) => r.json() as Promise<{ auth_id: string; auth_token: string; currency: string }>);
  await operatorPost(baseUrl, `/api/v1/admin/partners/${partner.auth_id}/credit`, { amount: 1_000_000 });
  const partnerHeaders = {
    'x-auth-id': partner.auth_id, 'x-auth-token': partner.auth_token, 'content-type': 'application/json',
  };
  const customer = await fetch(`${baseUrl}/api/v1/partner/accounts`, {
    method: 'POST', headers: partnerHeaders,
    body: JSON.stringify({ name: 'Crash Customer', email: 'c@crash.test', phone: '+919876543210',
      password: 'SecurePass123!', country: 'IN' }),
  }).then((r) => r.json() as Promise<{ auth_id: string; auth_token: string }>);
  const customerHeaders = { 'x-auth-id': customer.auth_id, 'x-auth-token': customer.auth_token };
  return { partnerHeaders, customerHeaders, authId: customer.auth_id, currency: partner.currency };
}

/** A keyed transfer of 1; the key is also the description. */
export function sendTransfer(baseUrl: string, customer: TransferTarget, key: string): Promise<Response> {
  return fetch(`${baseUrl}/api/v1/partner/accounts/${customer.authId}/transfer-balance`, {
    method: 'POST',
    headers: { ...customer.partnerHeaders, 'idempotency-key': key },
    body: JSON.stringify({ amount: 1, currency: customer.currency, description: key }),
    // Longer than the server's own bounds (query timeout 32 s), so the server answers first.
    signal: AbortSignal.timeout(60_000),
  });
}
