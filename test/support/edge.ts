/**
 * The SIP edge under test: real Kamailio (through the same supervisor `dialtone edge` uses) and
 * real SIPp, on loopback addresses and free ports only, every SIPp run bounded in time.
 * Kamailio's and SIPp's logs go to files under the run directory (printed when a run fails).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
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
import { freeUdpPort, tempDir, waitForOptions } from '../sip/sipp';
import { ADMIN_TOKEN } from './app';

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
  const log = (line: string) => fs.writeSync(logFd, `dialtone edge: ${line}\n`);
  const edge = await superviseKamailio(options.db, settings, log, logFd);
  await waitForOptions(host, port);
  return {
    host, port, runDir, edge,
    async stop() {
      await edge.stop();
      fs.closeSync(logFd);
    },
  };
}

/** kill -9 of a running Kamailio: its workers first (they would outlive it), then the main. */
export function killKamailioHard(edge: TestEdge): void {
  const main = edge.edge.child()?.pid;
  if (main === undefined) throw new Error('kamailio is not running');
  const workers = spawnSync('ps', ['-o', 'pid=', '--ppid', String(main)], { encoding: 'utf8' })
    .stdout.split('\n').map((line) => Number(line.trim())).filter((pid) => pid > 0);
  for (const pid of [...workers, main]) killIfAlive(pid);
}

/**
 * SIGKILL, where a process already gone is no error: Kamailio's main process ends its other
 * workers itself once one dies, so on a loaded machine some are gone before their turn.
 */
function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
