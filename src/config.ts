/**
 * The only reader of process.env. Every setting has a default that works on a fresh machine
 * (`npm start` with nothing configured) and is documented in the README's configuration table.
 */
import path from 'node:path';
import { assertBudgetSuffices } from './connection-budget';
import { DB_CONNECTIONS_DEFAULT, WORKERS_MAX } from './limits';

export interface Config {
  /** TCP port of the HTTP API. Default 8080. */
  port: number;
  /** Interface to bind. Default 127.0.0.1 on the embedded database (development), else 0.0.0.0. */
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
  /** Bearer token the SIP switch uses for CDR ingestion only (DIALTONE_INGEST_TOKEN); unset:
   *  only the operator token can ingest. */
  ingestToken: string | undefined;
  /** Identity provider of the KYC widget (KYC_PROVIDER). Default sandbox. */
  kycProvider: string;
  /** SMTP server for e-mail (SMTP_URL, smtp:// or smtps://); unset keeps e-mail in the mailbox. */
  smtpUrl: string | undefined;
  /** From address of e-mails (MAIL_FROM). Default "dialtone <no-reply@localhost>". */
  mailFrom: string;
  /** Serve /dev/mailbox (DIALTONE_DEV_MAILBOX). Default: true only on the embedded database. */
  devMailbox: boolean;
  /** Allow webhook/redirect URLs on private addresses (DIALTONE_ALLOW_PRIVATE_URLS). Default:
   *  true only on the embedded database, so local development can use localhost receivers. */
  allowPrivateUrls: boolean;
  /** API processes to run (DIALTONE_WORKERS, `serve --workers N`): 1 runs in this process;
   *  more fork that many workers sharing the port (src/cluster.ts). Default 1. */
  workers: number;
  /** SIP edge (`dialtone edge`): udp+tcp address Kamailio listens on (SIP_LISTEN). */
  sipListen: { host: string; port: number };
  /** Carrier gateways outbound calls go to, SIP URIs (DIALTONE_SIP_CARRIERS). Default none. */
  sipCarriers: string[];
  /** Addresses inbound carrier traffic may come from (DIALTONE_SIP_CARRIER_SOURCES). */
  sipCarrierSources: string[];
  /** Kamailio's log level, 0 (errors) to 3 (debug) (DIALTONE_SIP_LOG_LEVEL). Default 1. */
  sipLogLevel: number;
  /** Inbound: seconds a PBX may ring before failover (DIALTONE_SIP_NO_ANSWER_SECONDS). */
  sipNoAnswerSeconds: number;
  /** Outbound caller ID rule (DIALTONE_SIP_CALLER_ID_POLICY): owned (default) or any. */
  sipCallerIdPolicy: 'owned' | 'any';
  /** Log lines as JSON (one stream) or pretty for people (LOG_FORMAT). Default: pretty when
   *  stdout is a terminal, else json. */
  logFormat: 'json' | 'pretty';
  /** How long start-up waits for DATABASE_URL to answer (DATABASE_WAIT_SECONDS). Default 60. */
  databaseWaitSeconds: number;
  /** Keys sealed values may still be under during a rotation (DIALTONE_SECRET_KEY_PREVIOUS,
   *  comma-separated, hex or base64): they unseal, never seal. Default none. */
  previousSecretKeys: string[];
  /** Database connections this machine's API processes may hold in total, shared out as each
   *  process's pool (DIALTONE_DB_CONNECTIONS, src/connection-budget.ts). Default 80. */
  dbConnections: number;
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  stdoutIsTerminal = process.stdout.isTTY === true,
): Config {
  const port = parsePort(env.PORT ?? '8080');
  const config: Config = {
    port,
    host: env.HOST || (env.DATABASE_URL ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: path.resolve(env.DATA_DIR ?? './data'),
    adminToken: env.DIALTONE_ADMIN_TOKEN || undefined,
    secretKey: env.DIALTONE_SECRET_KEY || undefined,
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    logLevel: env.LOG_LEVEL ?? 'info',
    sipDomain: env.SIP_DOMAIN ?? 'sip.localhost',
    metricsPublic: env.DIALTONE_METRICS_PUBLIC === 'true',
    rateLimitPerMinute: parseCount('DIALTONE_RATE_LIMIT_PER_MINUTE', env.DIALTONE_RATE_LIMIT_PER_MINUTE ?? '3000'),
    ingestToken: env.DIALTONE_INGEST_TOKEN || undefined,
    kycProvider: env.KYC_PROVIDER || 'sandbox',
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM || 'dialtone <no-reply@localhost>',
    devMailbox: parseFlag('DIALTONE_DEV_MAILBOX', env.DIALTONE_DEV_MAILBOX, !env.DATABASE_URL),
    allowPrivateUrls: parseFlag('DIALTONE_ALLOW_PRIVATE_URLS', env.DIALTONE_ALLOW_PRIVATE_URLS, !env.DATABASE_URL),
    workers: parseWorkers(env.DIALTONE_WORKERS ?? '1'),
    sipListen: parseSipListen(env.SIP_LISTEN || '127.0.0.1:5060'),
    sipCarriers: parseList(env.DIALTONE_SIP_CARRIERS),
    sipCarrierSources: parseList(env.DIALTONE_SIP_CARRIER_SOURCES),
    sipLogLevel: parseCount('DIALTONE_SIP_LOG_LEVEL', env.DIALTONE_SIP_LOG_LEVEL || '1'),
    sipNoAnswerSeconds:
      parseCount('DIALTONE_SIP_NO_ANSWER_SECONDS', env.DIALTONE_SIP_NO_ANSWER_SECONDS || '30'),
    sipCallerIdPolicy: parseCallerIdPolicy(env.DIALTONE_SIP_CALLER_ID_POLICY || 'owned'),
    logFormat: parseLogFormat(env.LOG_FORMAT, stdoutIsTerminal),
    databaseWaitSeconds: parseCount('DATABASE_WAIT_SECONDS', env.DATABASE_WAIT_SECONDS ?? '60'),
    previousSecretKeys: (env.DIALTONE_SECRET_KEY_PREVIOUS ?? '').split(',')
      .filter((key) => key.trim()),
    dbConnections: parseCount('DIALTONE_DB_CONNECTIONS',
      env.DIALTONE_DB_CONNECTIONS || String(DB_CONNECTIONS_DEFAULT)),
  };
  assertBudgetSuffices(config);
  return config;
}

/** true/false (also 1/0); unset or empty means `fallback`. */
function parseFlag(name: string, text: string | undefined, fallback: boolean): boolean {
  if (text === undefined || text === '') return fallback;
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  throw new Error(`${name} must be true or false, got "${text}"`);
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

function parseWorkers(text: string): number {
  const workers = Number(text);
  if (!Number.isInteger(workers) || workers < 1 || workers > WORKERS_MAX) {
    throw new Error(`DIALTONE_WORKERS must be a whole number 1..${WORKERS_MAX}, got "${text}"`);
  }
  return workers;
}

/** host:port, IPv4 host (what Kamailio's listen= and the edge's tests use). */
function parseSipListen(text: string): { host: string; port: number } {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(text);
  if (!match) throw new Error(`SIP_LISTEN must be IPv4:port such as 127.0.0.1:5060, got "${text}"`);
  return { host: match[1]!, port: parsePort(match[2]!) };
}

function parseList(text: string | undefined): string[] {
  return (text ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
}

function parseCallerIdPolicy(text: string): 'owned' | 'any' {
  if (text === 'owned' || text === 'any') return text;
  throw new Error(`DIALTONE_SIP_CALLER_ID_POLICY must be owned or any, got "${text}"`);
}

function parseLogFormat(text: string | undefined, stdoutIsTerminal: boolean): 'json' | 'pretty' {
  if (text === undefined || text === '') return stdoutIsTerminal ? 'pretty' : 'json';
  if (text === 'json' || text === 'pretty') return text;
  throw new Error(`LOG_FORMAT must be json or pretty, got "${text}"`);
}
