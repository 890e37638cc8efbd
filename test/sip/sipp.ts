/**
 * SIPp and plain SIP plumbing shared by the edge tests and `npm run bench:sip`: the scenarios
 * of this folder (pbx.xml calls, uas.xml / uas-busy.xml answer), free loopback ports, and an
 * OPTIONS probe. Every SIPp run is bounded in time (-timeout).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SIP_DIR = import.meta.dirname;

export function freeUdpPort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, host, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dialtone-${prefix}-`));
}

/** Resolves once the SIP server at host:port answers an OPTIONS (at most ~10 s). */
export async function waitForOptions(host: string, port: number): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const reply = await sendRequest(host, port, '127.0.0.1', 100, (local, branch) => [
      `OPTIONS sip:${host}:${port} SIP/2.0`, `Via: SIP/2.0/UDP ${local};branch=${branch}`,
      'From: <sip:probe@127.0.0.1>;tag=probe', `To: <sip:${host}:${port}>`,
      `Call-ID: probe-${branch}`, 'CSeq: 1 OPTIONS', 'Max-Forwards: 70', 'Content-Length: 0',
    ]);
    if (reply?.code === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no SIP answer from ${host}:${port}`);
}

export interface SipReply {
  code: number;
  reason: string;
  /** The whole reply as received (status line and headers). */
  text: string;
}

/**
 * One INVITE without credentials, sent from `localIp`: the edge's final answer (or undefined
 * after 2 s). For what the edge decides before any call exists (404, 407, 403, 503).
 */
export function probeInvite(
  edge: { host: string; port: number },
  domain: string,
  localIp = '127.0.0.1',
): Promise<SipReply | undefined> {
  return sendInvite(edge, { domain, caller: 'probe', localIp });
}

export interface InviteOptions {
  domain: string;
  caller: string;
  /** Default: a new one per INVITE. */
  callId?: string;
  cseq?: number;
  /** A Proxy-Authorization header (digestAuthorization). */
  authorization?: string;
  localIp?: string;
}

const INVITE_SERVICE = '+919876543210';

/** One INVITE to +919876543210@`domain`: the edge's final answer (or undefined after 2 s). */
export function sendInvite(
  edge: { host: string; port: number },
  options: InviteOptions,
): Promise<SipReply | undefined> {
  const uri = `sip:${INVITE_SERVICE}@${options.domain}`;
  return sendRequest(edge.host, edge.port, options.localIp ?? '127.0.0.1', 2_000,
    (local, branch) => [
      `INVITE ${uri} SIP/2.0`, `Via: SIP/2.0/UDP ${local};branch=${branch}`,
      `From: <sip:${options.caller}@${local}>;tag=probe`, `To: <${uri}>`,
      `Call-ID: ${options.callId ?? `probe-${branch}`}`, `CSeq: ${options.cseq ?? 1} INVITE`,
      `Contact: <sip:${options.caller}@${local}>`,
      ...(options.authorization ? [options.authorization] : []),
      'Max-Forwards: 70', 'Content-Length: 0',
    ]);
}

/**
 * The Proxy-Authorization answering the 407 `challenge` (qop=auth, MD5) for an INVITE of
 * sendInvite to `domain`, as a PBX computes it.
 */
export function digestAuthorization(
  challenge: SipReply,
  credentials: { username: string; password: string },
  domain: string,
): string {
  const field = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(challenge.text)?.[1] ?? '';
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  const [realm, nonce, uri] = [field('realm'), field('nonce'), `sip:${INVITE_SERVICE}@${domain}`];
  const cnonce = randomBytes(8).toString('hex');
  const response = md5([md5(`${credentials.username}:${realm}:${credentials.password}`), nonce,
    '00000001', cnonce, 'auth', md5(`INVITE:${uri}`)].join(':'));
  return `Proxy-Authorization: Digest username="${credentials.username}", realm="${realm}", `
    + `nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, `
    + `nc=00000001, cnonce="${cnonce}"`;
}

/** Sends one request over UDP; resolves with the first final reply, undefined on timeout. */
function sendRequest(
  host: string,
  port: number,
  localIp: string,
  timeoutMs: number,
  lines: (local: string, branch: string) => string[],
): Promise<SipReply | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const finish = (reply: SipReply | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    socket.on('message', (message) => {
      const text = message.toString();
      const status = /^SIP\/2\.0 ([0-9]{3}) (.*)\r\n/.exec(text);
      if (status && Number(status[1]) >= 200) {
        finish({ code: Number(status[1]), reason: status[2]!, text });
      }
    });
    socket.on('error', () => finish(undefined));
    socket.bind(0, localIp, () => {
      const local = `${localIp}:${socket.address().port}`;
      const branch = `z9hG4bK${Date.now()}${requests++}`;
      socket.send([...lines(local, branch), '', ''].join('\r\n'), port, host);
    });
  });
}
let requests = 0;
/** How long past its -timeout a SIPp caller may run before it is killed. */
const SIPP_KILL_GRACE_SECONDS = 10;

export interface SippStats {
  exitCode: number | null;
  /** Calls that went through the scenario to its end (answered or refused, for pbx.xml). */
  successful: number;
  failed: number;
  /** pbx.xml: calls SIPp saw answered (it sent their ACK after the 200), by its own counts. */
  answered: number;
  /** pbx.xml: calls SIPp saw refused (it acknowledged a final error answer of the edge). */
  refused: number;
  /** pbx.xml: calls the edge failed closed ("503 Policy Unavailable": dialtone unreachable). */
  unavailable: number;
  /** INVITE to 200 OK of each answered call, ms (SIPp's rtd "setup", 4 ms resolution). */
  setupMs: number[];
  log: string;
}

export interface CallerOptions {
  edge: { host: string; port: number };
  /** Local address SIPp sends from (a loopback address). */
  localIp?: string;
  domain: string;
  service: string;
  caller?: string;
  calls: number;
  /** Calls per second offered. */
  rate: number;
  holdMs: number;
  auth?: { username: string; password: string };
  /** Hard bound of the whole run, seconds. */
  timeoutSeconds?: number;
  /** Load runs: don't abort a call on a reordered reply (sip-edge-notes.md pitfall 7). */
  tolerant?: boolean;
}

/** Runs the PBX scenario (test/sip/pbx.xml) to completion; resolves with SIPp's counts. */
export async function runCaller(options: CallerOptions): Promise<SippStats> {
  const dir = tempDir('sipp');
  const statFile = path.join(dir, 'stats.csv');
  const localPort = await freeUdpPort(options.localIp ?? '127.0.0.1');
  const args = [
    `${options.edge.host}:${options.edge.port}`, '-sf', path.join(SIP_DIR, 'pbx.xml'),
    '-i', options.localIp ?? '127.0.0.1', '-p', String(localPort),
    '-m', String(options.calls), '-r', String(options.rate), '-l', String(options.calls),
    '-d', String(options.holdMs), '-s', options.service,
    '-key', 'domain', options.domain, '-key', 'caller', options.caller ?? 'anonymous',
    '-timeout', `${options.timeoutSeconds ?? 30}s`, '-nostdin',
    '-trace_stat', '-stf', statFile, '-fd', '1', '-trace_rtt', '-rtt_freq', '1', '-trace_counts',
    '-trace_err', '-error_file', path.join(dir, 'errors.log'),
    ...(options.tolerant ? ['-default_behaviors', 'all,-abortunexp'] : []),
    ...(options.auth ? ['-au', options.auth.username, '-ap', options.auth.password] : []),
  ];
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn('sipp', args, { stdio: 'ignore', cwd: dir });
    // SIPp's own -timeout was seen not to end a run starved of CPU: kill it a little later.
    const kill = setTimeout(() => child.kill('SIGKILL'),
      ((options.timeoutSeconds ?? 30) + SIPP_KILL_GRACE_SECONDS) * 1000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
  });
  const lines = fs.existsSync(statFile) ? fs.readFileSync(statFile, 'utf8').trim().split('\n') : [];
  const header = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const column = (name: string) => Number(last[header.indexOf(name)] ?? NaN);
  const errors = path.join(dir, 'errors.log');
  return {
    exitCode,
    successful: column('SuccessfulCall(C)'),
    failed: column('FailedCall(C)'),
    ...readOutcomes(dir),
    setupMs: readRtts(dir),
    log: fs.existsSync(errors) ? fs.readFileSync(errors, 'utf8').slice(-2000) : '',
  };
}

export interface Answerer {
  host: string;
  port: number;
  uri: string;
  stop(): void;
}

/** A far end (carrier gateway or customer PBX) answering with test/sip/<scenario>.xml. */
export async function startAnswerer(
  scenario: 'uas' | 'uas-busy' = 'uas',
  host = '127.0.0.1',
): Promise<Answerer> {
  const port = await freeUdpPort(host);
  const dir = tempDir('uas');
  const child: ChildProcess = spawn('sipp', [
    '-sf', path.join(SIP_DIR, `${scenario}.xml`), '-i', host, '-p', String(port), '-nostdin',
    '-trace_err', '-error_file', path.join(dir, 'errors.log'),
  ], { stdio: 'ignore', cwd: dir });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { host, port, uri: `sip:${host}:${port}`, stop: () => child.kill('SIGKILL') };
}


/**
 * Outcomes from SIPp's message counts (-trace_counts, its *_counts.csv, one column per scenario
 * message). pbx.xml sends four ACKs: after a 407, an answer, a refusal and an unavailable, in
 * that order; each is sent once per call that took its branch.
 */
function readOutcomes(dir: string): Pick<SippStats, 'answered' | 'refused' | 'unavailable'> {
  const file = fs.readdirSync(dir).find((name) => name.endsWith('_counts.csv'));
  const lines = file ? fs.readFileSync(path.join(dir, file), 'utf8').trim().split('\n') : [];
  const header = (lines[0] ?? '').split(';');
  const last = (lines[lines.length - 1] ?? '').split(';');
  const acks = header.flatMap((name, index) => (/^\d+_ACK_Sent$/.test(name) ? [index] : []));
  const sent = (index: number | undefined) => Number(index === undefined ? NaN : last[index]);
  return { answered: sent(acks[1]), refused: sent(acks[2]), unavailable: sent(acks[3]) };
}

/** Every response time SIPp logged (its *_rtt.csv: date_ms;response_time_ms;rtd_no). */
function readRtts(dir: string): number[] {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('_rtt.csv'));
  return files.flatMap((name) => fs.readFileSync(path.join(dir, name), 'utf8').trim().split('\n')
    .slice(1).map((line) => Number(line.split(';')[1])).filter((ms) => Number.isFinite(ms)));
}
