/**
 * `dialtone edge [--print-config]`: the SIP edge. Renders the Kamailio configuration from
 * dialtone's settings and runs Kamailio in the foreground (src/edge/), or prints the
 * configuration for operators who run Kamailio themselves.
 */
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
import { operatorCredentials } from '../api-client';
import type { Command } from '../output';

export const edgeCommand: Command = {
  name: 'edge',
  summary: 'edge [--print-config]: run the SIP edge (Kamailio) over this dialtone',
  run: runEdge,
};

export async function runEdge(args: string[]): Promise<void> {
  const unknown = args.filter((arg) => arg !== '--print-config');
  if (unknown.length > 0) {
    throw new Error(`unknown option ${unknown[0]}; usage: dialtone edge [--print-config]`);
  }
  const config = loadConfig();
  const databaseUrl = config.databaseUrl ?? findEmbeddedDatabaseUrl(config.dataDir);
  if (!databaseUrl) {
    throw new Error('no database: set DATABASE_URL, or start dialtone (npm start) with '
      + `DATA_DIR=${config.dataDir}`);
  }
  const operator = operatorCredentials();
  const password = edgeRolePassword(digestToken(operator.token));
  const settings = edgeSettingsOf(config, {
    apiBaseUrl: operator.baseUrl,
    policyToken: config.ingestToken ?? operator.token,
    edgeDatabaseUrl: edgeDatabaseUrl(databaseUrl, password),
  });
  if (args.includes('--print-config')) {
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
