/**
 * A database for a command that runs without the server (`migrate`, `secrets rotate`): the
 * configured DATABASE_URL, or the embedded PostgreSQL under DATA_DIR, claimed first so that a
 * running server is named instead of sharing its data directory. Everything is closed after.
 */
import type { Config } from '../config';
import { claimDataDir } from '../data-dir-claim';
import { openDatabase, type DatabaseHandle } from '../db/database';
import { startEmbeddedPostgres } from '../db/embedded-postgres';

export async function withOfflineDatabase<T>(
  config: Config,
  command: string,
  work: (database: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const claim = config.databaseUrl ? undefined : claimDataDir(config.dataDir, command);
  try {
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
    const database = openDatabase(config.databaseUrl ?? embedded!.url, 2);
    try {
      return await work(database);
    } finally {
      await database.close();
      await embedded?.stop();
    }
  } finally {
    claim?.release();
  }
}
