/**
 * `dialtone migrate`: apply pending migrations and exit. On the embedded database it claims
 * DATA_DIR first, so it never starts a second PostgreSQL on a directory a server is using.
 */
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { migrateToLatest } from '../../db/database';
import { withOfflineDatabase } from '../offline-database';

async function migrate(): Promise<void> {
  await withOfflineDatabase(loadConfig(), 'migrate', async (database) => {
    const applied = await migrateToLatest(database);
    process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
  });
}

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('apply database migrations and exit (DATABASE_URL, or the embedded database '
      + 'under DATA_DIR)')
    .action(migrate);
}
