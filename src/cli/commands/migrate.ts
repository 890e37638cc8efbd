/** `dialtone migrate`: apply pending migrations and exit. */
import { loadConfig } from '../../config';
import { migrateToLatest, openDatabase } from '../../db/database';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import type { Command } from '../output';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'migrate: apply database migrations (DATABASE_URL, or the embedded database)',
  async run() {
    const config = loadConfig();
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
    const database = openDatabase(config.databaseUrl ?? embedded!.url, 2);
    try {
      const applied = await migrateToLatest(database);
      process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
    } finally {
      await database.close();
      await embedded?.stop();
    }
  },
};
