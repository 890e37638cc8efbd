/**
 * `dialtone secrets rotate`: re-seals every stored token and webhook secret under the current
 * DIALTONE_SECRET_KEY, reading values still sealed under DIALTONE_SECRET_KEY_PREVIOUS. After it,
 * the previous key can be dropped (README: Security, key rotation). On the embedded database it
 * claims DATA_DIR first, as `migrate` does.
 */
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { resealSecrets } from '../../domain/secret-rotation';
import { loadOperatorSecrets } from '../../operator-secrets';
import { withOfflineDatabase } from '../offline-database';
import { jsonOption, printResult } from '../output';

async function rotate(options: { json?: boolean }): Promise<void> {
  const config = loadConfig();
  const { sealer } = loadOperatorSecrets(config);
  await withOfflineDatabase(config, 'secrets rotate', async (database) => {
    const counts = await resealSecrets(database.db, sealer);
    printResult(options.json, counts, Object.entries(counts)
      .map(([table, rows]) => `${table}: ${rows} re-sealed`));
  });
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
