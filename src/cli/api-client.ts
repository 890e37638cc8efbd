/**
 * How CLI commands reach a running dialtone: its HTTP API, at the URL from --url, else
 * DIALTONE_URL, else DATA_DIR/server.json (written by the server started on that DATA_DIR),
 * else http://localhost:PORT; with the operator token from DIALTONE_ADMIN_TOKEN or
 * DATA_DIR/admin-token (where the server generated it). Errors say which URL and which token
 * were used, and how to point the CLI elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { readServerRecord, SERVER_FILE } from '../data-dir-claim';
import { ADMIN_TOKEN_FILE } from '../operator-secrets';

export class ApiError extends Error {
  constructor(readonly status: number, readonly body: unknown, hint = '') {
    super(`HTTP ${status}: ${(body as { message?: string })?.message ?? JSON.stringify(body)}${hint}`);
  }
}

export interface ApiClient {
  baseUrl: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<unknown>;
}

/** A server's URL and where it came from (said in every connection error). */
export interface ServerTarget {
  baseUrl: string;
  source: string;
}

/** The outbound HTTP timeout of a CLI request. */
const CLI_REQUEST_TIMEOUT_MS = 30_000;

const HOW_TO_POINT = 'start it with `npm start`, or point the CLI at it with --url URL or '
  + `DIALTONE_URL (a server records its URL in DATA_DIR/${SERVER_FILE}; set DATA_DIR to its `
  + 'data directory)';

export function findServer(urlOption?: string, env: NodeJS.ProcessEnv = process.env): ServerTarget {
  const trimmed = (url: string) => url.replace(/\/+$/, '');
  if (urlOption) return { baseUrl: trimmed(urlOption), source: '--url' };
  if (env.DIALTONE_URL) return { baseUrl: trimmed(env.DIALTONE_URL), source: 'DIALTONE_URL' };
  const config = loadConfig(env);
  const record = readServerRecord(config.dataDir);
  if (record?.url) {
    const file = path.join(config.dataDir, SERVER_FILE);
    return { baseUrl: trimmed(record.url), source: `${file}, pid ${record.pid}` };
  }
  return { baseUrl: `http://localhost:${config.port}`, source: 'the default: no --url, '
    + `DIALTONE_URL or ${path.join(config.dataDir, SERVER_FILE)}` };
}

/** The operator token and where it came from (said when the server refuses it). */
export function operatorToken(env: NodeJS.ProcessEnv = process.env): { token: string; source: string } {
  if (env.DIALTONE_ADMIN_TOKEN) return { token: env.DIALTONE_ADMIN_TOKEN, source: 'DIALTONE_ADMIN_TOKEN' };
  const file = path.join(loadConfig(env).dataDir, ADMIN_TOKEN_FILE);
  if (!fs.existsSync(file)) {
    throw new Error(`no operator token: set DIALTONE_ADMIN_TOKEN, or DATA_DIR to the server's data `
      + `directory (the server writes its token to DATA_DIR/${ADMIN_TOKEN_FILE}; not found: ${file})`);
  }
  return { token: fs.readFileSync(file, 'utf8').trim(), source: file };
}

export function operatorClient(urlOption?: string, env: NodeJS.ProcessEnv = process.env): ApiClient {
  const server = findServer(urlOption, env);
  const { token, source } = operatorToken(env);
  return apiClient(server.baseUrl, { authorization: `Bearer ${token}` }, {
    server,
    unauthorized: `: the server at ${server.baseUrl} refused the operator token from ${source}; `
      + 'set DIALTONE_ADMIN_TOKEN to its token, or DATA_DIR to its data directory',
  });
}

export function apiClient(
  baseUrl: string,
  auth: Record<string, string>,
  context: { server?: ServerTarget; unauthorized?: string } = {},
): ApiClient {
  const server = context.server ?? { baseUrl, source: 'given' };
  return {
    baseUrl,
    async request(method, url, body, headers = {}) {
      const response = await fetch(`${baseUrl}${url}`, {
        method,
        headers: { ...auth, ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        signal: AbortSignal.timeout(CLI_REQUEST_TIMEOUT_MS),
      }).catch((error: unknown) => {
        throw new Error(`cannot reach dialtone at ${server.baseUrl} (from ${server.source}): `
          + `${causeOf(error)}; ${HOW_TO_POINT}`);
      });
      const text = await response.text();
      const parsed: unknown = text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      if (!response.ok) {
        throw new ApiError(response.status, parsed, response.status === 401 ? context.unauthorized : '');
      }
      return parsed;
    },
  };
}

/** fetch() says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is in its cause. */
function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
