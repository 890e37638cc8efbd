/**
 * `dialtone edge [--print-config]`: the SIP edge. Renders the Kamailio configuration from
 * dialtone's settings and runs Kamailio in the foreground (src/edge/), or prints the
 * configuration for operators who run Kamailio themselves.
 */
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/database';
import { digestToken } from '../../domain/secrets';
import {
  edgeDatabaseUrl,
  edgeRolePassword,
  enableEdgeRoleLogin,
} from '../../domain/edge/edge-role';
import {
  KAMAILIO_INSTALL_LINE,
  isKamailioInstalled,
  superviseKamailio,
} from '../../edge/edge-process';
import { edgeSettingsOf, findEmbeddedDatabaseUrl } from '../../edge/edge-settings';
import { renderKamailioConfig } from '../../edge/kamailio-config';
import { findServer, operatorToken } from '../api-client';

export function edgeCommand(): Command {
  return new Command('edge')
    .description('Run the SIP edge (Kamailio) over this dialtone, in the foreground')
    .option('--print-config', 'print the rendered kamailio.cfg and exit')
    .action((options: { printConfig?: boolean }) => runEdge(options));
}

export async function runEdge(options: { printConfig?: boolean } = {}): Promise<void> {
  const config = loadConfig();
  const databaseUrl = config.databaseUrl ?? findEmbeddedDatabaseUrl(config.dataDir);
  if (!databaseUrl) {
    throw new Error('no database: set DATABASE_URL, or start dialtone (npm start) with '
      + `DATA_DIR=${config.dataDir}`);
  }
  const { token } = operatorToken();
  const password = edgeRolePassword(digestToken(token));
  const settings = edgeSettingsOf(config, {
    apiBaseUrl: findServer().baseUrl,
    policyToken: config.ingestToken ?? token,
    edgeDatabaseUrl: edgeDatabaseUrl(databaseUrl, password),
  });
  if (options.printConfig) {
    process.stdout.write(renderKamailioConfig(settings));
    return;
  }
  if (!isKamailioInstalled()) {
    throw new Error(`kamailio is not installed; install it with:\n  ${KAMAILIO_INSTALL_LINE}`);
  }
  const database = openDatabase(databaseUrl, 2);
  await enableEdgeRoleLogin(database.db, password);
  const log = (line: string) => process.stderr.write(`dialtone edge: ${line}\n`);
  const edge = await superviseKamailio(database.db, settings, log);
  log(`listening on ${config.sipListen.host}:${config.sipListen.port} (udp, tcp)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await edge.stop();
  await database.close();
}
