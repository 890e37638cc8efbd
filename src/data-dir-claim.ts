/**
 * One dialtone per DATA_DIR. The process that starts on it (server or `dialtone migrate`)
 * claims it by creating DATA_DIR/server.json with its pid; a server adds the URL it listens on
 * once it does, which is how the CLI finds it; the file is removed on shutdown. A file whose
 * pid is gone (kill -9) is stale and taken over; a live one stops the newcomer with a message
 * naming the owner.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isAlive } from './db/embedded-postgres';
import { OperatorError } from './operator-error';

export const SERVER_FILE = 'server.json';

export interface ServerRecord {
  pid: number;
  /** What holds the directory: `serve` or `migrate`. */
  command: string;
  /** Set once the server listens. */
  url?: string;
  port?: number;
}

export interface DataDirClaim {
  /** Records where the server now listens (for the CLI). */
  listening(url: string, port: number): void;
  release(): void;
}

export function claimDataDir(dataDir: string, command: string): DataDirClaim {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SERVER_FILE);
  const record: ServerRecord = { pid: process.pid, command };
  while (!tryCreate(file, record)) {
    const holder = readServerRecord(dataDir);
    if (holder && holder.pid !== process.pid && isDialtone(holder.pid)) {
      throw new OperatorError(`DATA_DIR ${displayPath(dataDir)} is in use by dialtone pid `
        + `${holder.pid} (${describeHolder(holder)})`);
    }
    fs.rmSync(file, { force: true });
  }
  return {
    listening(url, port) {
      fs.writeFileSync(file, `${JSON.stringify({ ...record, url, port })}\n`);
    },
    release() {
      if (readServerRecord(dataDir)?.pid === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

function describeHolder(holder: ServerRecord): string {
  if (holder.port !== undefined) return `port ${holder.port}`;
  return holder.command === 'serve' ? 'starting' : holder.command;
}

function tryCreate(file: string, record: ServerRecord): boolean {
  try {
    fs.writeFileSync(file, `${JSON.stringify(record)}\n`, { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The record in DATA_DIR, or undefined when there is none (or it is unreadable: stale). */
export function readServerRecord(dataDir: string): ServerRecord | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dataDir, SERVER_FILE), 'utf8')) as ServerRecord;
    return Number.isInteger(parsed.pid) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Alive, and on Linux still a node process (a pid can be reused after a reboot). */
function isDialtone(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = `/proc/${pid}/cmdline`;
  if (!fs.existsSync('/proc/self')) return true;
  return fs.existsSync(cmdline) && fs.readFileSync(cmdline, 'utf8').includes('node');
}

/** The URL a client on this machine uses for a server bound to `host` (server.json's url). */
export function connectableUrl(host: string, port: number): string {
  return `http://${connectableHost(host)}:${port}`;
}

function connectableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** DATA_DIR as the operator wrote it when it is under the working directory (./data). */
export function displayPath(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative) ? dir : `./${relative}`;
}
