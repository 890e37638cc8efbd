/**
 * A PostgreSQL of the test's own, which the test may freeze (SIGSTOP, as a network partition
 * looks to the client) or stop, without touching the server every other test file uses.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres';

export interface OwnPostgres {
  url: string;
  /** SIGSTOP the server and every backend: connections stay open and nothing answers. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  remove(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-own-pg-'));
  // Readable by the `postgres` OS user the embedded server runs as when we are root.
  fs.chmodSync(dataDir, 0o755);
  const port = await findFreePort();
  let server: EmbeddedDatabase | undefined = await startEmbeddedPostgres(dataDir, { port });
  const url = server.url;
  const signalAll = (signal: NodeJS.Signals) => {
    for (const pid of serverPids(path.join(dataDir, 'postgres'))) process.kill(pid, signal);
  };
  return {
    url,
    freeze: () => signalAll('SIGSTOP'),
    thaw: () => signalAll('SIGCONT'),
    stop: async () => { await server?.stop(); server = undefined; },
    start: async () => { server = await startEmbeddedPostgres(dataDir, { port }); },
    remove: async () => {
      await server?.stop().catch(() => {});
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The postmaster (first line of postmaster.pid) and its children, read from /proc. */
function serverPids(databaseDir: string): number[] {
  const postmaster = Number(fs.readFileSync(path.join(databaseDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))
    .filter((pid) => parentOf(readStat(pid)) === postmaster);
  return [postmaster, ...children.map(Number)];
}

function readStat(pid: string): string {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return ''; // the process ended while we listed
  }
}

/** Field 4 of /proc/<pid>/stat, after the parenthesised command name. */
function parentOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
