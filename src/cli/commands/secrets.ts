/**
 * `dialtone secrets rotate`: re-seals every stored token and webhook secret under the current
 * DIALTONE_SECRET_KEY, reading values still sealed under DIALTONE_SECRET_KEY_PREVIOUS. After it,
 * the previous key can be dropped (README: Security, key rotation). On the embedded database it
 * claims DATA_DIR first, as `migrate` does.
 */
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { claimDataDir } from '../../data-dir-claim';
import { openDatabase } from '../../db/database';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { resealSecrets } from '../../domain/secret-rotation';
import { loadOperatorSecrets } from '../../operator-secrets';
import { jsonOption, printResult } from '../output';

async function rotate(options: { json?: boolean }): Promise<void> {
  const config = loadConfig();
  const { sealer } = loadOperatorSecrets(config);
  const claim = config.databaseUrl ? undefined : claimDataDir(config.dataDir, 'secrets rotate');
  try {
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
    const database = openDatabase(config.databaseUrl ?? embedded!.url, 2);
    try {
      const counts = await resealSecrets(database.db, sealer);
      printResult(options.json, counts, Object.entries(counts)
        .map(([table, rows]) => `${table}: ${rows} re-sealed`));
    } finally {
      await database.close();
      await embedded?.stop();
    }
  } finally {
    claim?.release();
  }
}

export function secretsCommand(): Command {
  const secrets = new Command('secrets').description('manage the keys that seal stored secrets');
  secrets.command('rotate')
    .description('re-seal stored tokens and webhook secrets under DIALTONE_SECRET_KEY '
      + '(old values read with DIALTONE_SECRET_KEY_PREVIOUS)')
    .addOption(jsonOption())
    .action(rotate);
  return secrets;
}
