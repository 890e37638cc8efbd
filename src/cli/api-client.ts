/**
 * How CLI commands reach a running dialtone: its HTTP API, with the operator token from
 * DIALTONE_ADMIN_TOKEN or DATA_DIR/admin-token (where the server generated it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { ADMIN_TOKEN_FILE } from '../operator-secrets';

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: unknown) {
    super(`HTTP ${status}: ${(body as { message?: string })?.message ?? JSON.stringify(body)}`);
  }
}

export interface ApiClient {
  baseUrl: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<unknown>;
}

/** The outbound HTTP timeout of a CLI request. */
const CLI_REQUEST_TIMEOUT_MS = 30_000;

/** Where the server is (DIALTONE_URL, else localhost:PORT) and the operator token. */
export function operatorCredentials(env: NodeJS.ProcessEnv = process.env): { baseUrl: string; token: string } {
  const config = loadConfig(env);
  const baseUrl = (env.DIALTONE_URL ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
  return { baseUrl, token: config.adminToken ?? readAdminToken(config.dataDir) };
}

export function operatorClient(env: NodeJS.ProcessEnv = process.env): ApiClient {
  const { baseUrl, token } = operatorCredentials(env);
  return apiClient(baseUrl, { authorization: `Bearer ${token}` });
}

export function apiClient(baseUrl: string, auth: Record<string, string>): ApiClient {
  return {
    baseUrl,
    async request(method, url, body, headers = {}) {
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { ...auth, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(CLI_REQUEST_TIMEOUT_MS),
      });
      const text = await response.text();
      const parsed: unknown = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      if (!response.ok) throw new ApiError(response.status, parsed);
      return parsed;
    },
  };
}

function readAdminToken(dataDir: string): string {
  const file = path.join(dataDir, ADMIN_TOKEN_FILE);
  if (!fs.existsSync(file)) {
    throw new Error(`no operator token: set DIALTONE_ADMIN_TOKEN or start the server once (it writes ${file})`);
  }
  return fs.readFileSync(file, 'utf8').trim();
}
