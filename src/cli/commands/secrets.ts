/**
 * `dialtone secrets rotate`: re-seals every stored token and webhook secret under the current
 * DIALTONE_SECRET_KEY, reading values still sealed under DIALTONE_SECRET_KEY_PREVIOUS. After it,
 * the previous key can be dropped (README: Security, key rotation).
 */
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/database';
import { startEmbeddedPostgres } from '../../db/embedded-postgres';
import { resealSecrets } from '../../domain/secret-rotation';
import { loadOperatorSecrets } from '../../operator-secrets';
import { type Command, printResult } from '../output';

const USAGE = 'secrets rotate [--json]: re-seal stored secrets under DIALTONE_SECRET_KEY';

export const secretsCommand: Command = {
  name: 'secrets',
  summary: USAGE,
  async run(argv) {
    const [action, ...flags] = argv;
    if (action !== 'rotate') throw new Error(`usage: dialtone ${USAGE}`);
    const config = loadConfig();
    const { sealer } = loadOperatorSecrets(config);
    const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir);
    const database = openDatabase(config.databaseUrl ?? embedded!.url, 2);
    try {
      const counts = await resealSecrets(database.db, sealer);
      printResult(flags.includes('--json'), counts, Object.entries(counts)
        .map(([table, rows]) => `${table}: ${rows} re-sealed`));
    } finally {
      await database.close();
      await embedded?.stop();
    }
  },
};
