/**
 * The dialtone process: config, database (embedded when DATABASE_URL is unset), migrations,
 * job worker, HTTP API, and a graceful shutdown on SIGTERM/SIGINT.
 */
import { buildApp } from './app';
import { loadConfig } from './config';
import { systemClock } from './domain/clock';
import { createMetrics } from './metrics';
import { migrateToLatest, openDatabase } from './db/database';
import { startEmbeddedPostgres } from './db/embedded-postgres';
import { startWorker } from './jobs/worker';
import { SHUTDOWN_GRACE_MS } from './limits';
import { loadOperatorSecrets } from './operator-secrets';
import { digestToken } from './domain/secrets';
import { createIdentityProvider } from './domain/kyc/identity-providers';
import { createMailboxMailer, createSmtpMailer } from './domain/mail/mailer';

async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
  const database = openDatabase(config.databaseUrl ?? embedded!.url);
  await migrateToLatest(database);
  const secrets = loadOperatorSecrets(config);
  // E-mail goes over SMTP when configured; otherwise it stays in the mailbox (/dev/mailbox).
  const mailer = config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : createMailboxMailer();
  const identityProvider = createIdentityProvider(config.kycProvider);
  const metrics = createMetrics(database);
  const worker = await startWorker({
    db: database.db, pool: database.pool, clock: systemClock, metrics,
    sealer: secrets.sealer, mailer, publicBaseUrl: config.publicBaseUrl,
    allowPrivateUrls: config.allowPrivateUrls,
  });
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
  }, { logLevel: config.logLevel });
  await app.listen({ port: config.port, host: config.host });
  printWelcome(config.port, secrets.adminTokenPath, secrets.adminTokenCreated, Boolean(embedded));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests and jobs');
    const deadline = setTimeout(() => {
      app.log.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    await app.close();
    await worker.stop();
    await mailer.close();
    await database.close();
    await embedded?.stop();
    clearTimeout(deadline);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function printWelcome(port: number, tokenPath: string | undefined, created: boolean, embedded: boolean) {
  const lines = [
    `dialtone is listening on http://localhost:${port}${embedded ? ' (embedded PostgreSQL)' : ''}`,
    tokenPath
      ? `operator token: ${created ? 'generated into' : 'read from'} ${tokenPath}`
      : 'operator token: from DIALTONE_ADMIN_TOKEN',
    'create a partner: npx dialtone partners create --name "Acme" --email ops@acme.test',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
