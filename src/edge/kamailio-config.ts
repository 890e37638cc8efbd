/**
 * Renders the edge's Kamailio configuration (kamailio.cfg.template, named {{PLACEHOLDERS}}) and
 * its dispatcher list from typed settings. Pure: `dialtone edge` writes the result to disk,
 * `dialtone edge --print-config` prints it.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import ipaddr from 'ipaddr.js';
import {
  EDGE_CACHE_FULL_RELOAD_SECONDS,
  EDGE_CALL_DURATION_MAX_SECONDS,
  EDGE_DIGEST_NONCE_LIFETIME_SECONDS,
  EDGE_INVITE_RETRANSMIT_SECONDS,
  EDGE_POLICY_TIMEOUT_SECONDS,
} from '../limits';

export interface EdgeSettings {
  /** udp and tcp listen address. */
  listen: { host: string; port: number };
  /** dialtone's internal API base, e.g. http://127.0.0.1:8080/api/v1/internal. */
  policyBaseUrl: string;
  /** The ingest (or operator) token, sent as HTTP Basic password. */
  policyToken: string;
  /** postgres:// URL of the role dialtone_edge. */
  edgeDatabaseUrl: string;
  /** Carrier gateways (sip: URIs), tried in order with failover, probed with OPTIONS. */
  carriers: string[];
  /** IPv4 addresses or CIDRs whose INVITEs are inbound calls to DIDs. */
  carrierSources: string[];
  /** 0 errors .. 3 debug. */
  logLevel: number;
  noAnswerSeconds: number;
  /** Worker processes per transport. */
  children: number;
  runDir: string;
  dispatcherListPath: string;
}

export const POLICY_PATH = '/edge/calls';
const TEMPLATE_URL = new URL('./kamailio.cfg.template', import.meta.url);
const CARRIER_URI = /^sips?:[A-Za-z0-9.\-_]+(:[0-9]{1,5})?(;[A-Za-z0-9=_.-]+)*$/;

/** Kamailio's control socket (kamcmd -s), through which `dialtone edge` reloads its caches. */
export function ctlSocketOf(settings: Pick<EdgeSettings, 'runDir'>): string {
  return `unix:${settings.runDir}/kamailio_ctl`;
}

/** The edge's id in edge_calls: its SIP address, unique per running edge. */
export function edgeIdOf(settings: Pick<EdgeSettings, 'listen'>): string {
  return `${settings.listen.host}:${settings.listen.port}`;
}

export function renderKamailioConfig(settings: EdgeSettings): string {
  assert.ok(Number.isInteger(settings.logLevel) && settings.logLevel <= 3, 'log level 0..3');
  const policy = new URL(settings.policyBaseUrl);
  policy.username = 'edge';
  policy.password = settings.policyToken;
  const values: Record<string, string> = {
    EDGE_ID: edgeIdOf(settings),
    LOG_LEVEL: String(settings.logLevel),
    CHILDREN: String(settings.children),
    // PBXs speak UDP far more than TCP; each worker holds a PostgreSQL connection.
    TCP_CHILDREN: String(Math.max(2, Math.ceil(settings.children / 4))),
    LISTEN_HOST: settings.listen.host,
    LISTEN_PORT: String(settings.listen.port),
    CTL_SOCKET: ctlSocketOf(settings),
    DURATION_MAX_SECONDS: String(EDGE_CALL_DURATION_MAX_SECONDS + 60),
    POLICY_TIMEOUT_SECONDS: String(EDGE_POLICY_TIMEOUT_SECONDS),
    POLICY_URL: policy.toString().replace(/\/+$/, ''),
    POLICY_PATH,
    NONCE_LIFETIME_SECONDS: String(EDGE_DIGEST_NONCE_LIFETIME_SECONDS),
    CACHE_RELOAD_SECONDS: String(EDGE_CACHE_FULL_RELOAD_SECONDS),
    INVITE_RETRANSMIT_SECONDS: String(EDGE_INVITE_RETRANSMIT_SECONDS),
    DB_URL: settings.edgeDatabaseUrl,
    DISPATCHER_LIST: settings.dispatcherListPath,
    NO_ANSWER_MS: String(settings.noAnswerSeconds * 1000),
    CARRIER_SOURCES_DEFINE: settings.carrierSources.length > 0
      ? '#!define WITH_CARRIER_SOURCES' : '# no DIALTONE_SIP_CARRIER_SOURCES: no inbound calls',
    CARRIER_SOURCES_TEST: carrierSourcesTest(settings.carrierSources),
  };
  for (const [name, value] of Object.entries(values)) {
    assert.ok(!/["\n]/.test(value), `${name} must not contain quotes or newlines`);
  }
  const template = fs.readFileSync(fileURLToPath(TEMPLATE_URL), 'utf8');
  const rendered = template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name: string) => {
    assert.ok(name in values, `unknown placeholder ${name}`);
    return values[name]!;
  });
  return rendered;
}

/** dispatcher.list: set 1, the carriers in order (priority decides failover order). */
export function renderDispatcherList(carriers: string[]): string {
  return carriers.map((uri, index) => {
    if (!CARRIER_URI.test(uri)) throw new Error(`DIALTONE_SIP_CARRIERS: "${uri}" is not a SIP URI`);
    return `1 ${uri} 0 ${carriers.length - index}\n`;
  }).join('');
}

function carrierSourcesTest(sources: string[]): string {
  if (sources.length === 0) return '0';
  return sources.map((source) => {
    const valid = ipaddr.IPv4.isValidFourPartDecimal(source.split('/')[0]!)
      && (!source.includes('/') || ipaddr.IPv4.isValidCIDR(source));
    if (!valid) {
      throw new Error(`DIALTONE_SIP_CARRIER_SOURCES: "${source}" is not an IPv4 address or CIDR`);
    }
    return `src_ip == ${source}`;
  }).join(' || ');
}
