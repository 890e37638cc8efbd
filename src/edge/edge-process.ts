/**
 * `dialtone edge`: renders the Kamailio configuration and runs Kamailio in the foreground as a
 * supervised child, the way `npm start` runs the embedded PostgreSQL. Before each start of
 * Kamailio it closes the calls a previous run of this edge left open (a kill -9 forgets its
 * dialogs), so they are billed; a Kamailio that dies is started again after a pause. It keeps
 * Kamailio's caches fresh (cache-refresh.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/database';
import { closeOrphanedEdgeCalls } from '../domain/edge/edge-cdrs';
import { startCacheRefresh } from './cache-refresh';
import {
  type EdgeSettings,
  ctlSocketOf,
  edgeIdOf,
  renderDispatcherList,
  renderKamailioConfig,
} from './kamailio-config';

export const KAMAILIO_INSTALL_LINE = 'apt-get install -y kamailio kamailio-postgres-modules '
  + 'kamailio-utils-modules kamailio-json-modules kamailio-extra-modules';
/** Pause before starting a Kamailio that died again: a crash loop must not spin the CPU. */
const RESTART_DELAY_MS = 1_000;
/** Shared and private memory of Kamailio, MB (-m, -M). */
const SHARED_MEMORY_MB = 128;
const PRIVATE_MEMORY_MB = 16;

export function isKamailioInstalled(): boolean {
  return spawnSync('kamailio', ['-v'], { stdio: 'ignore' }).status === 0;
}

/** Writes the configuration files under `settings.runDir`; returns the config's path. */
export function writeEdgeFiles(settings: EdgeSettings): string {
  fs.mkdirSync(settings.runDir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(settings.dispatcherListPath, renderDispatcherList(settings.carriers));
  const configPath = path.join(settings.runDir, 'kamailio.cfg');
  // The config holds the edge role's password and the ingest token: owner-only.
  fs.writeFileSync(configPath, renderKamailioConfig(settings), { mode: 0o600 });
  return configPath;
}

export interface RunningEdge {
  stop(): Promise<void>;
  /** The current Kamailio child (tests kill it to prove restarts lose nothing). */
  child(): ChildProcess | undefined;
  /** Reloads Kamailio's caches now (what a change announced by dialtone triggers). */
  reloadCaches(): Promise<void>;
}

/** Starts Kamailio and keeps it running until stop(). */
export async function superviseKamailio(
  db: Database,
  settings: EdgeSettings,
  log: (line: string) => void,
  /** Where Kamailio's own log goes (a file descriptor); default: this process's stderr. */
  output: number | 'inherit' = 'inherit',
): Promise<RunningEdge> {
  const configPath = writeEdgeFiles(settings);
  const caches = await startCacheRefresh(db, ctlSocketOf(settings), log);
  let current: ChildProcess | undefined;
  let stopping = false;
  const start = async () => {
    const closed = await closeOrphanedEdgeCalls(db, edgeIdOf(settings));
    if (closed > 0) log(`closed ${closed} call(s) left open by the previous run`);
    const child = spawn('kamailio', [
      '-DD', '-E', '-f', configPath, '-Y', settings.runDir,
      '-m', String(SHARED_MEMORY_MB), '-M', String(PRIVATE_MEMORY_MB),
    ], { stdio: ['ignore', output, output] });
    current = child;
    child.on('exit', (code, signal) => {
      if (stopping) return;
      log(`kamailio exited (${signal ?? code}); starting it again`);
      setTimeout(() => {
        if (!stopping) start().catch((error: unknown) => log(`restart failed: ${String(error)}`));
      }, RESTART_DELAY_MS);
    });
  };
  await start();
  return {
    child: () => current,
    reloadCaches: () => caches.reloadAll(),
    async stop() {
      stopping = true;
      await caches.stop();
      const child = current;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
