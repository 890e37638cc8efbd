/**
 * The dialtone process: config, DATA_DIR's claim, database (embedded when DATABASE_URL is
 * unset), migrations, job worker, HTTP API, and a graceful shutdown on SIGTERM/SIGINT.
 * Failures an operator can fix (port in use, DATA_DIR in use, PostgreSQL refusing to start)
 * print one message saying what to do, not a stack.
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loadConfig, type Config } from './config';
import { claimDataDir, connectableUrl, displayPath } from './data-dir-claim';
import { systemClock } from './domain/clock';
import { createMetrics } from './metrics';
import { migrateToLatest, openDatabase } from './db/database';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { waitForDatabase } from './db/wait-for-database';
import { Lifecycle, StopRequested } from './lifecycle';
import { createLogger } from './logger';
import { OperatorError } from './operator-error';
import { loadOperatorSecrets, type OperatorSecrets } from './operator-secrets';
import { digestToken } from './domain/secrets';
import { createIdentityProvider } from './domain/kyc/identity-providers';
import { createMailboxMailer, createSmtpMailer } from './domain/mail/mailer';
import { closeHttpGracefully } from './http/shutdown';
import { assertServerFitsBudget, embeddedMaxConnections, poolSizeOf } from './connection-budget';
import { isClusterPrimary, isClusterWorker, runClusterPrimary } from './cluster';
import { assertPortFree, explainListenError } from './listen-errors';

async function main(config: Config, log: Logger, lifecycle: Lifecycle): Promise<void> {
  // A cluster worker shares its primary's port and DATA_DIR claim (src/cluster.ts).
  if (!isClusterWorker()) await assertPortFree(config);
  // The API's and the worker's modules take seconds to load: PostgreSQL starts meanwhile.
  const modules = Promise.all([import('./app'), import('./jobs/worker')]);
  const claim = isClusterWorker() ? undefined : claimDataDir(config.dataDir, 'serve');
  if (claim) lifecycle.opened('DATA_DIR claim', () => claim.release());
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres(config.dataDir, {
      log: (message) => log.warn(message), maxConnections: embeddedMaxConnections(config),
    });
  if (embedded) {
    lifecycle.opened('embedded PostgreSQL', () => embedded.stop());
    log.info(`embedded PostgreSQL is up (${displayPath(config.dataDir)}/postgres, 127.0.0.1 only)`);
  } else await waitForDatabase(config.databaseUrl!, config.databaseWaitSeconds, (m) => log.warn(m));
  const database = openDatabase(config.databaseUrl ?? embedded!.url, poolSizeOf(config));
  lifecycle.opened('database pool', () => database.close());
  // A cluster's primary checked the budget for all of its workers.
  if (!isClusterWorker()) await assertServerFitsBudget(database.db, config);
  const applied = await migrateToLatest(database);
  if (applied.length > 0) log.info({ migrations: applied }, `applied ${applied.length} migration(s)`);
  const secrets = loadOperatorSecrets(config);
  // E-mail goes over SMTP when configured; otherwise it stays in the mailbox (/dev/mailbox).
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : createMailboxMailer();
  lifecycle.opened('mailer', () => mailer.close());
  const identityProvider = createIdentityProvider(config.kycProvider);
  const [{ buildApp }, { startWorker }] = await modules;
  const metrics = createMetrics(database);
  const worker = await startWorker({
    db: database.db, pool: database.pool, clock: systemClock, metrics,
    sealer: secrets.sealer, mailer, publicBaseUrl: config.publicBaseUrl,
    allowPrivateUrls: config.allowPrivateUrls, log,
  });
  lifecycle.opened('job worker', () => worker.stop());
  let workerRunning = true;
  worker.promise.finally(() => { workerRunning = false; }).catch(() => {});

  const app = await buildApp({
    db: database.db,
    sealer: secrets.sealer,
    adminTokenDigest: secrets.adminTokenDigest,
    publicBaseUrl: config.publicBaseUrl,
    sipDomain: config.sipDomain,
    clock: systemClock,
    metrics,
    metricsPublic: config.metricsPublic,
    rateLimitPerMinute: config.rateLimitPerMinute,
    isWorkerRunning: () => workerRunning,
    ingestTokenDigest: config.ingestToken ? digestToken(config.ingestToken) : undefined,
    identityProvider,
    allowPrivateUrls: config.allowPrivateUrls,
    devMailbox: config.devMailbox,
    sipCallerIdPolicy: config.sipCallerIdPolicy,
  }, { logger: log });
  lifecycle.opened('HTTP server', () => closeHttpGracefully(app));
  const { url, port } = await listen(app, config);
  claim?.listening(url, port);
  lifecycle.serving();
  logWelcome(log, url, secrets, Boolean(embedded));
}

async function listen(app: FastifyInstance, config: Config): Promise<{ url: string; port: number }> {
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    throw explainListenError(error, config);
  }
  const { port } = app.server.address() as { port: number };
  return { url: connectableUrl(config.host, port), port };
}

function logWelcome(log: Logger, url: string, secrets: OperatorSecrets, embedded: boolean): void {
  log.info({ url }, `dialtone is listening on ${url}${embedded ? ' (embedded PostgreSQL)' : ''}`);
  const token = secrets.adminTokenPath
    ? `${secrets.adminTokenCreated ? 'generated into' : 'read from'} ${secrets.adminTokenPath}`
    : 'from DIALTONE_ADMIN_TOKEN';
  log.info(`operator token: ${token}`);
  log.info('create a partner: npx dialtone partners create --name "Acme" --email ops@acme.test');
}

async function run(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    // Config errors are the operator's to fix: one message, like every start-up failure.
    process.stderr.write(`dialtone: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const log = createLogger(config);
  const lifecycle = new Lifecycle(log);
  const exit = (code: number) => { log.flush(); process.exit(code); };
  lifecycle.handleSignals(exit);
  try {
    await (isClusterPrimary(config) ? runClusterPrimary : main)(config, log, lifecycle);
  } catch (error) {
    const stopped = error instanceof StopRequested;
    const code = await lifecycle.shutdown(stopped ? error.message : 'start-up failed');
    if (error instanceof OperatorError) process.stderr.write(`dialtone: ${error.message}\n`);
    else if (!stopped) log.fatal({ err: error }, 'start-up failed');
    exit(stopped ? code : 1);
  }
}

await run();
