/**
 * `dialtone migrate`: apply pending migrations and exit. On the embedded database it claims
 * DATA_DIR first, so it never starts a second PostgreSQL on a directory a server is using.
 */
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { claimDataDir } from '../../data-dir-claim';
import { migrateToLatest, openDatabase } from '../../db/database';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';

async function migrate(): Promise<void> {
  const config = loadConfig();
  const claim = config.databaseUrl ? undefined : claimDataDir(config.dataDir, 'migrate');
  try {
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
    const database = openDatabase(config.databaseUrl ?? embedded!.url, 2);
    try {
      const applied = await migrateToLatest(database);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    } finally {
      await database.close();
      await embedded?.stop();
    }
  } finally {
    claim?.release();
  }
}

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('apply database migrations and exit (DATABASE_URL, or the embedded database '
      + 'under DATA_DIR)')
    .action(migrate);
}
