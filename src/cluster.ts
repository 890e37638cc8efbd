/**
 * More than one API process on one machine (DIALTONE_WORKERS > 1, `serve --workers N`). The
 * primary process claims DATA_DIR, starts the embedded PostgreSQL when there is no
 * DATABASE_URL, applies the migrations and creates the operator secrets once, then forks N
 * workers with node:cluster. Each worker is an ordinary dialtone process (main.ts) on the same
 * database and port: it serves HTTP and runs jobs; graphile-worker's row locks give each job to
 * exactly one of them and its crontab runs each schedule once across processes. The primary
 * restarts a worker that dies, after a pause that grows while it keeps dying
 * (src/cluster-restarts.ts); at SIGTERM/SIGINT it stops the workers first, then the embedded
 * database. The primary holds DATA_DIR's claim, so it records in server.json where the workers
 * listen, as a single process does, and the CLI finds the server the same way. Several
 * machines behind a load balancer each run dialtone on a shared DATABASE_URL (the embedded
 * database serves only its own machine).
 */
import cluster from 'node:cluster';
import type { Logger } from 'pino';
import type { Config } from './config';
import { RestartBackoff, RestartLogThrottle } from './cluster-restarts';
import { assertServerFitsBudget, embeddedMaxConnections } from './connection-budget';
import { claimDataDir, connectableUrl } from './data-dir-claim';
import { migrateToLatest, openDatabase } from './db/database';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import type { Lifecycle } from './lifecycle';
import { assertPortFree } from './listen-errors';
import { loadOperatorSecrets } from './operator-secrets';

/** True in the process that should fork workers rather than serve. */
export function isClusterPrimary(config: Config): boolean {
  return config.workers > 1 && cluster.isPrimary;
}

/** True in a worker forked by the primary: it shares the primary's port and DATA_DIR. */
export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

export async function runClusterPrimary(config: Config, log: Logger, lifecycle: Lifecycle) {
  await assertPortFree(config);
  const claim = claimDataDir(config.dataDir, 'serve');
  lifecycle.opened('DATA_DIR claim', () => claim.release());
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(config.dataDir, {
      log: (message) => log.warn(message), maxConnections: embeddedMaxConnections(config),
    });
  if (embedded) lifecycle.opened('embedded PostgreSQL', () => embedded.stop());
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const database = openDatabase(databaseUrl, 2);
  await assertServerFitsBudget(database.db, config)
    .then(() => migrateToLatest(database))
    .finally(() => database.close());
  loadOperatorSecrets(config);

  // Workers must not start a database of their own, nor change defaults that depend on it.
  const env = {
    DATABASE_URL: databaseUrl,
    DIALTONE_DEV_MAILBOX: String(config.devMailbox),
    DIALTONE_ALLOW_PRIVATE_URLS: String(config.allowPrivateUrls),
  };
  // Workers share one port (port 0 too: the primary holds the socket), so the first says it.
  cluster.once('listening', (_worker, address) => {
    claim.listening(connectableUrl(config.host, address.port), address.port);
  });
  let stopping = false;
  const restartLog = new RestartLogThrottle((line) => log.error(line));
  const pendingForks = new Set<NodeJS.Timeout>();
  // Each slot forks again after its worker dies, after a pause that grows while it keeps dying.
  const fork = (slot: RestartBackoff) => {
    const worker = cluster.fork(env);
    const forkedAt = Date.now();
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      const lived = Date.now() - forkedAt;
      const delay = slot.delayAfterDeath(lived);
      restartLog.restarted(`dialtone worker ${worker.process.pid} exited (${signal ?? code}) `
        + `after ${seconds(lived)} s; starting another in ${seconds(delay)} s`);
      const timer = setTimeout(() => {
        pendingForks.delete(timer);
        fork(slot);
      }, delay);
      pendingForks.add(timer);
    });
  };
  for (let i = 0; i < config.workers; i += 1) fork(new RestartBackoff());
  lifecycle.opened(`${config.workers} workers`, async () => {
    stopping = true;
    for (const timer of pendingForks) clearTimeout(timer);
    await stopWorkers();
  });
  log.info(`dialtone primary ${process.pid} runs ${config.workers} API processes`);
  lifecycle.serving();
}

/** SIGTERM to every worker; resolves when all are gone, throws when one did not stop cleanly. */
async function stopWorkers(): Promise<void> {
  const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
  // A worker still starting may die of the signal before it handles it: nothing was in flight.
  const clean = await Promise.all(workers.map((worker) => new Promise<boolean>((resolve) => {
    worker.once('exit', (code, signal) => resolve(code === 0 || signal === 'SIGTERM'));
    worker.process.kill('SIGTERM');
  })));
  if (!clean.every(Boolean)) throw new Error('a worker did not stop cleanly');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
