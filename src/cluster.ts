/**
 * More than one API process on one machine (DIALTONE_WORKERS > 1, `serve --workers N`). The
 * primary process starts the embedded PostgreSQL when there is no DATABASE_URL, applies the
 * migrations and creates the operator secrets once, then forks N workers with node:cluster.
 * Each worker is an ordinary dialtone process (main.ts) on the same database and port: it
 * serves HTTP and runs jobs; graphile-worker's row locks give each job to exactly one of them
 * and its crontab runs each schedule once across processes. The primary restarts a worker that
 * dies, forwards SIGTERM/SIGINT, and stops the embedded database after the last worker left.
 * Several machines behind a load balancer run one such process each on a shared DATABASE_URL
 * (the embedded database serves only its own machine).
 */
import cluster, { type Worker } from 'node:cluster';
import type { Config } from './config';
import { migrateToLatest, openDatabase } from './db/database';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { SHUTDOWN_GRACE_MS } from './limits';
import { loadOperatorSecrets } from './operator-secrets';

/** True in the process that should fork workers rather than serve. */
export function isClusterPrimary(config: Config): boolean {
  return config.workers > 1 && cluster.isPrimary;
}

export async function runClusterPrimary(config: Config): Promise<void> {
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  const databaseUrl = config.databaseUrl ?? embedded!.url;
  const database = openDatabase(databaseUrl, 2);
  await migrateToLatest(database);
  await database.close();
  loadOperatorSecrets(config);

  // Workers must not start a database of their own, nor change defaults that depend on it.
  const env = {
    DATABASE_URL: databaseUrl,
    DIALTONE_DEV_MAILBOX: String(config.devMailbox),
    DIALTONE_ALLOW_PRIVATE_URLS: String(config.allowPrivateUrls),
  };
  let stopping = false;
  const fork = () => cluster.fork(env);
  cluster.on('exit', (worker: Worker, code) => {
    if (stopping) return;
    process.stderr.write(`dialtone worker ${worker.process.pid} exited (${code}); starting another\n`);
    fork();
  });
  for (let i = 0; i < config.workers; i += 1) fork();

  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => worker !== undefined);
    // A worker still starting has no handler yet and dies of the signal: nothing was in flight.
    const exits = workers.map((worker) => new Promise<boolean>((resolve) => {
      worker.once('exit', (code, killedBy) => resolve(code === 0 || killedBy === signal));
    }));
    for (const worker of workers) worker.process.kill(signal);
    // Each worker bounds its own shutdown by SHUTDOWN_GRACE_MS; a little more for the primary.
    const deadline = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS + 5_000);
    const clean = await Promise.all(exits);
    await embedded?.stop();
    clearTimeout(deadline);
    process.exit(clean.every(Boolean) ? 0 : 1);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
