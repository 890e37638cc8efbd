/** EdgeSettings from dialtone's configuration (config.ts), the one reader of the environment. */
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import { POSTGRES_PASSWORD_FILE } from '../db/embedded-postgres';
import { EDGE_KAMAILIO_CHILDREN } from '../limits';
import type { EdgeSettings } from './kamailio-config';

export interface EdgeEndpoints {
  /** dialtone's API base, e.g. http://127.0.0.1:8080. */
  apiBaseUrl: string;
  policyToken: string;
  edgeDatabaseUrl: string;
}

export function edgeSettingsOf(config: Config, endpoints: EdgeEndpoints): EdgeSettings {
  const runDir = path.join(config.dataDir, 'edge',
    `${config.sipListen.host}-${config.sipListen.port}`);
  return {
    listen: config.sipListen,
    policyBaseUrl: `${endpoints.apiBaseUrl.replace(/\/+$/, '')}/api/v1/internal`,
    policyToken: endpoints.policyToken,
    edgeDatabaseUrl: endpoints.edgeDatabaseUrl,
    carriers: config.sipCarriers,
    carrierSources: config.sipCarrierSources,
    logLevel: Math.min(config.sipLogLevel, 3),
    noAnswerSeconds: config.sipNoAnswerSeconds,
    children: EDGE_KAMAILIO_CHILDREN,
    runDir,
    dispatcherListPath: path.join(runDir, 'dispatcher.list'),
  };
}

/**
 * The URL of the embedded PostgreSQL a running `npm start` uses under `dataDir` (its port is in
 * postmaster.pid, its password in DATA_DIR/postgres-password), or undefined when not running.
 */
export function findEmbeddedDatabaseUrl(dataDir: string): string | undefined {
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  const passwordFile = path.join(dataDir, POSTGRES_PASSWORD_FILE);
  if (!fs.existsSync(pidFile) || !fs.existsSync(passwordFile)) return undefined;
  const port = fs.readFileSync(pidFile, 'utf8').split('\n')[3]?.trim();
  if (!port || !/^[0-9]+$/.test(port)) return undefined;
  const password = encodeURIComponent(fs.readFileSync(passwordFile, 'utf8').trim());
  return `postgres://postgres:${password}@127.0.0.1:${port}/dialtone`;
}
