/**
 * The only reader of process.env. Every setting has a default that works on a fresh machine
 * (`npm start` with nothing configured) and is documented in the README's configuration table.
 */
import path from 'node:path';

export interface Config {
  /** TCP port of the HTTP API. Default 8080. */
  port: number;
  /** Interface to bind. Default 0.0.0.0. */
  host: string;
  /** PostgreSQL URL; unset means "start the embedded PostgreSQL under dataDir". */
  databaseUrl: string | undefined;
  /** Where the embedded database, the generated admin token and secret key live. Default ./data. */
  dataDir: string;
  /** Operator token; unset means generated once into dataDir/admin-token. */
  adminToken: string | undefined;
  /** 32-byte key (hex or base64) sealing stored tokens; unset means generated into dataDir. */
  secretKey: string | undefined;
  /** Base URL that links in e-mails and widget URLs point at. Default http://localhost:{port}. */
  publicBaseUrl: string;
  /** pino level. Default info. */
  logLevel: string;
  /** Domain under which trunk domains are minted ({trunk_id}.{sipDomain}). Default sip.localhost. */
  sipDomain: string;
  /** Serve /metrics without the operator token. Default false. */
  metricsPublic: boolean;
  /** Requests per minute per credential (operator exempt); 0 turns limiting off. Default 3000. */
  rateLimitPerMinute: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parsePort(env.PORT ?? '8080');
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    adminToken: env.DIALTONE_ADMIN_TOKEN || undefined,
    secretKey: env.DIALTONE_SECRET_KEY || undefined,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL ?? 'info',
    sipDomain: env.SIP_DOMAIN ?? 'sip.localhost',
    metricsPublic: env.DIALTONE_METRICS_PUBLIC === 'true',
    rateLimitPerMinute: parseCount('DIALTONE_RATE_LIMIT_PER_MINUTE', env.DIALTONE_RATE_LIMIT_PER_MINUTE ?? '3000'),
  };
}

function parseCount(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0, got "${text}"`);
  return value;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be an integer 0..65535, got "${text}"`);
  }
  return port;
}
