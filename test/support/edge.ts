/**
 * The SIP edge under test: real Kamailio (through the same supervisor `dialtone edge` uses) and
 * real SIPp, on loopback addresses and free ports only, every SIPp run bounded in time.
 * Kamailio's and SIPp's logs go to files under the run directory (printed when a run fails).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'vitest';
import type { Database } from '../../src/db/database';
import {
  edgeDatabaseUrl,
  edgeRolePassword,
  enableEdgeRoleLogin,
} from '../../src/domain/edge/edge-role';
import { digestToken } from '../../src/domain/secrets';
import { type RunningEdge, superviseKamailio } from '../../src/edge/edge-process';
import type { EdgeSettings } from '../../src/edge/kamailio-config';
import { ADMIN_TOKEN } from './app';

const SIP_DIR = path.resolve(import.meta.dirname, '../sip');

function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export const SIP_TOOLS_INSTALLED = hasBinary('kamailio') && hasBinary('sipp');
if (!SIP_TOOLS_INSTALLED && process.env.CI === 'true') {
  throw new Error('kamailio and sipp are missing: CI must install them (.ci/run does)');
}
if (!SIP_TOOLS_INSTALLED) {
  process.stderr.write('SIP edge tests skipped: kamailio and sipp are not installed '
    + '(apt-get install kamailio kamailio-postgres-modules kamailio-utils-modules '
    + 'kamailio-json-modules kamailio-extra-modules sip-tester)\n');
}
/** describe, or describe.skip (with the message above) where Kamailio or SIPp is missing. */
export const describeWithSip = SIP_TOOLS_INSTALLED ? describe : describe.skip;

export function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dialtone-${prefix}-`));
}

export interface TestEdge {
  host: string;
  port: number;
  runDir: string;
  edge: RunningEdge;
  stop(): Promise<void>;
}

export interface TestEdgeOptions {
  db: Database;
  databaseUrl: string;
  apiBaseUrl: string;
  host?: string;
  carriers?: string[];
  carrierSources?: string[];
  noAnswerSeconds?: number;
}

/** Starts Kamailio (supervised) and waits until it answers OPTIONS. */
export async function startTestEdge(options: TestEdgeOptions): Promise<TestEdge> {
  const host = options.host ?? '127.0.0.1';
  const port = await freeUdpPort(host);
  const password = edgeRolePassword(digestToken(ADMIN_TOKEN));
  await enableEdgeRoleLogin(options.db, password);
  const runDir = tempDir('edge');
  const settings: EdgeSettings = {
    listen: { host, port },
    policyBaseUrl: `${options.apiBaseUrl}/api/v1/internal`,
    policyToken: ADMIN_TOKEN,
    edgeDatabaseUrl: edgeDatabaseUrl(options.databaseUrl, password),
    carriers: options.carriers ?? [],
    carrierSources: options.carrierSources ?? [],
    logLevel: Number(process.env.DIALTONE_TEST_SIP_LOG_LEVEL ?? 1),
    noAnswerSeconds: options.noAnswerSeconds ?? 30,
    children: 4,
    runDir,
    dispatcherListPath: path.join(runDir, 'dispatcher.list'),
  };
  const logFd = fs.openSync(path.join(runDir, 'kamailio.log'), 'a');
  const edge = await superviseKamailio(options.db, settings, () => {}, logFd);
  await waitForOptions(host, port);
  return {
    host, port, runDir, edge,
    async stop() {
      await edge.stop();
      fs.closeSync(logFd);
    },
  };
}

/** Resolves once the SIP server at host:port answers an OPTIONS (at most ~10 s). */
export async function waitForOptions(host: string, port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await answersOptions(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no SIP answer from ${host}:${port}`);
}

function answersOptions(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => finish(false), 100);
    const finish = (answered: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(answered);
    };
    socket.on('message', (message) => finish(message.toString().startsWith('SIP/2.0 200')));
    socket.on('error', () => finish(false));
    socket.bind(0, '127.0.0.1', () => {
      const { port: local } = socket.address();
      const request = [`OPTIONS sip:${host}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK${Date.now()}${attempts++}`,
        `From: <sip:probe@127.0.0.1>;tag=probe`, `To: <sip:${host}:${port}>`,
        `Call-ID: probe-${Date.now()}-${attempts}`, 'CSeq: 1 OPTIONS', 'Max-Forwards: 70',
        'Content-Length: 0', '', ''].join('\r\n');
      socket.send(request, port, host);
    });
  });
}
let attempts = 0;

export interface SippStats {
  exitCode: number | null;
  successful: number;
  failed: number;
  log: string;
}

export interface CallerOptions {
  edge: { host: string; port: number };
  /** Local address SIPp sends from (a loopback address). */
  localIp?: string;
  domain: string;
  service: string;
  caller?: string;
  calls: number;
  /** Calls per second offered. */
  rate: number;
  holdMs: number;
  auth?: { username: string; password: string };
  /** Hard bound of the whole run, seconds. */
  timeoutSeconds?: number;
  /** Load runs: don't abort a call on a reordered reply (sip-edge-notes.md pitfall 7). */
  tolerant?: boolean;
}

/** Runs the PBX scenario (test/sip/pbx.xml) to completion; resolves with SIPp's counts. */
export async function runCaller(options: CallerOptions): Promise<SippStats> {
  const dir = tempDir('sipp');
  const statFile = path.join(dir, 'stats.csv');
  const localPort = await freeUdpPort(options.localIp ?? '127.0.0.1');
  const args = [
    `${options.edge.host}:${options.edge.port}`, '-sf', path.join(SIP_DIR, 'pbx.xml'),
    '-i', options.localIp ?? '127.0.0.1', '-p', String(localPort),
    '-m', String(options.calls), '-r', String(options.rate), '-l', String(options.calls),
    '-d', String(options.holdMs), '-s', options.service,
    '-key', 'domain', options.domain, '-key', 'caller', options.caller ?? 'anonymous',
    '-timeout', `${options.timeoutSeconds ?? 30}s`, '-nostdin',
    '-trace_stat', '-stf', statFile, '-fd', '1',
    '-trace_err', '-error_file', path.join(dir, 'errors.log'),
    ...(options.tolerant ? ['-default_behaviors', 'all,-abortunexp'] : []),
    ...(options.auth ? ['-au', options.auth.username, '-ap', options.auth.password] : []),
  ];
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn('sipp', args, { stdio: 'ignore', cwd: dir });
    child.on('exit', (code) => resolve(code));
  });
  const lines = fs.existsSync(statFile) ? fs.readFileSync(statFile, 'utf8').trim().split('\n') : [];
  const header = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const column = (name: string) => Number(last[header.indexOf(name)] ?? NaN);
  const errors = path.join(dir, 'errors.log');
  return {
    exitCode,
    successful: column('SuccessfulCall(C)'),
    failed: column('FailedCall(C)'),
    log: fs.existsSync(errors) ? fs.readFileSync(errors, 'utf8').slice(-2000) : '',
  };
}

export interface Answerer {
  host: string;
  port: number;
  uri: string;
  stop(): void;
}

/** A far end (carrier gateway or customer PBX) answering with test/sip/<scenario>.xml. */
export async function startAnswerer(
  scenario: 'uas' | 'uas-busy' = 'uas',
  host = '127.0.0.1',
): Promise<Answerer> {
  const port = await freeUdpPort(host);
  const dir = tempDir('uas');
  const child: ChildProcess = spawn('sipp', [
    '-sf', path.join(SIP_DIR, `${scenario}.xml`), '-i', host, '-p', String(port), '-nostdin',
    '-trace_err', '-error_file', path.join(dir, 'errors.log'),
  ], { stdio: 'ignore', cwd: dir });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { host, port, uri: `sip:${host}:${port}`, stop: () => child.kill('SIGKILL') };
}

/** kill -9 of a running Kamailio: its workers first (they would outlive it), then the main. */
export function killKamailioHard(edge: TestEdge): void {
  const main = edge.edge.child()?.pid;
  if (main === undefined) throw new Error('kamailio is not running');
  const workers = spawnSync('ps', ['-o', 'pid=', '--ppid', String(main)], { encoding: 'utf8' })
    .stdout.split('\n').map((line) => Number(line.trim())).filter((pid) => pid > 0);
  for (const pid of workers) process.kill(pid, 'SIGKILL');
  process.kill(main, 'SIGKILL');
}
