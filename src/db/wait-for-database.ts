/**
 * Start-up with DATABASE_URL: containers and services start in any order, so a database that
 * does not answer yet is waited for (with backoff, each wait logged once) for a bounded time
 * (DATABASE_WAIT_SECONDS) before giving up. A refused login or a missing database is not
 * "not up yet": it fails at once.
 */
import pg from 'pg';
import { DATABASE_WAIT_FIRST_PAUSE_MS, DATABASE_WAIT_PAUSE_MAX_MS, DB_CONNECT_TIMEOUT_MS } from '../limits';
import { OperatorError } from '../operator-error';

/** Errors of a database that is down, starting or unreachable for now. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN',
  // cannot_connect_now (starting up or shutting down), too_many_connections
  '57P03', '53300',
]);

export async function waitForDatabase(
  url: string,
  waitSeconds: number,
  log: (message: string) => void,
): Promise<void> {
  const deadline = Date.now() + waitSeconds * 1000;
  let pause = DATABASE_WAIT_FIRST_PAUSE_MS;
  for (;;) {
    const failure = await tryConnect(url);
    if (failure === undefined) return;
    const where = describe(url);
    if (!isTransient(failure)) {
      throw new OperatorError(`cannot use the database at ${where}: ${failure.message}`);
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new OperatorError(`the database at ${where} did not answer within ${waitSeconds} s `
        + `(${reason(failure)}); check DATABASE_URL, or wait longer with DATABASE_WAIT_SECONDS`);
    }
    const wait = Math.min(pause, left);
    log(`database at ${where} not reachable (${reason(failure)}); retrying in `
      + `${(wait / 1000).toFixed(1)} s (giving up ${Math.ceil(left / 1000)} s from now)`);
    await new Promise((resolve) => setTimeout(resolve, wait));
    pause = Math.min(pause * 2, DATABASE_WAIT_PAUSE_MAX_MS);
  }
}

async function tryConnect(url: string): Promise<Error | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await client.end().catch(() => {});
  }
}

function isTransient(error: Error): boolean {
  const code = (error as { code?: string }).code;
  return (code !== undefined && TRANSIENT_CODES.has(code)) || /timeout/i.test(error.message);
}

function reason(error: Error): string {
  return (error as { code?: string }).code ?? error.message;
}

/** host:port/database of the URL, never its password. */
function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}
