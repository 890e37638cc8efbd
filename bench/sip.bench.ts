/**
 * bench:sip — calls per second the SIP edge carries cleanly with every policy on (digest
 * authentication from the edge's cache, trunk and account checks, caller ID, E.164, exact limits, duration from the
 * wallet, durable answer/end stamps, CDR billing), against plain Kamailio relaying the same
 * calls with no policy, in the same run, on the same machine. SIPp ramps the offered rate in
 * steps of STEP_SECONDS; a step is clean when every call completed and (edge) was admitted.
 * Then: exactness of a concurrency limit under a burst, and every edge call billed as a CDR.
 * Last line: RESULT cps_clean=… relay_cps_clean=… ratio=… setup_p99_ms=…
 * limits_exact=yes|no cdrs_billed=N/N — always printed: the run is bounded by
 * BENCH_SIP_MAX_SECONDS, and a phase that fails or runs out of time leaves what was measured
 * before it (each unfinished phase named on a line above; the exit code is then 1).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/db/database';
import { buildDemoInventory } from '../src/domain/numbers/demo-inventory';
import {
  edgeDatabaseUrl,
  edgeRolePassword,
  enableEdgeRoleLogin,
} from '../src/domain/edge/edge-role';
import { findTrunkPolicy } from '../src/domain/edge/edge-calls.queries';
import { digestToken } from '../src/domain/secrets';
import { superviseKamailio } from '../src/edge/edge-process';
import {
  type Answerer,
  freeUdpPort,
  runCaller,
  startAnswerer,
  tempDir,
  waitForOptions,
} from '../test/sip/sipp';
import { type BenchEnvironment, adminPost, percentile, startBenchEnvironment } from './support';

const STEPS_CPS = (process.env.BENCH_SIP_STEPS ?? '25,50,100,200,400').split(',').map(Number);
const STEP_SECONDS = Number(process.env.BENCH_SIP_STEP_SECONDS ?? 5);
/** The whole run's bound: past it the RESULT line is printed from what was measured. */
const RUN_SECONDS_MAX = Number(process.env.BENCH_SIP_MAX_SECONDS ?? 600);
/** Each clean-up step's bound, so a stuck child cannot hold the RESULT line back. */
const STOP_SECONDS_MAX = 15;
const HOLD_MS = 200;
const WORKERS = 16;
/** Sequential policy decisions timed by themselves (no SIP), per kind. */
const POLICY_SAMPLES = 200;

interface Target {
  host: string;
  port: number;
}

interface BenchCustomer {
  accountId: string;
  domain: string;
  trunkId: string;
  username: string;
  password: string;
  caller: string;
  headers: Record<string, string>;
  authId: string;
}

/** What the run measured so far: the RESULT line is printed from it however the run ends. */
interface Measured {
  edge: { clean: number; setupMs: number[] };
  relay: { clean: number; setupMs: number[] };
  limitsExact: boolean;
  billed: { cdrs: number; calls: number };
  incomplete: string[];
}

async function main(): Promise<number> {
  const measured: Measured = {
    edge: { clean: 0, setupMs: [] }, relay: { clean: 0, setupMs: [] }, limitsExact: false,
    billed: { cdrs: 0, calls: 0 }, incomplete: [],
  };
  const stops: (() => Promise<void> | void)[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      measured.incomplete.push(`time bound of ${RUN_SECONDS_MAX} s reached`);
      resolve();
    }, RUN_SECONDS_MAX * 1000);
  });
  await Promise.race([
    run(measured, stops).catch((error: unknown) => {
      console.error(error);
      measured.incomplete.push(`failed: ${String(error).split('\n')[0]}`);
    }),
    timedOut,
  ]);
  clearTimeout(timer);
  for (const stop of stops.reverse()) await bounded(stop, STOP_SECONDS_MAX);
  printResult(measured);
  return measured.incomplete.length === 0 ? 0 : 1;
}

async function run(measured: Measured, stops: (() => Promise<void> | void)[]) {
  const env = await startBenchEnvironment();
  stops.push(() => env.stop());
  console.log(`dialtone at ${env.baseUrl}`);
  const database = openDatabase(env.database.url, 4);
  stops.push(() => database.close());
  const carrier = await startAnswerer('uas');
  stops.push(() => carrier.stop());
  const customer = await benchCustomer(env, database.db);
  console.log('customer ready; starting the edge and the relay');
  const edge = await startEdge(env, database.db, carrier, stops);
  const relay = await startRelay(carrier, stops);
  // Warm-up (not measured): JIT, keep-alive connections, PostgreSQL caches.
  await runCaller({ ...callerOf(edge, customer), calls: 50, rate: 10, timeoutSeconds: 30 });
  await measurePolicy(env, database.db, customer);
  // Stopped by the time bound, the RESULT line still counts what was billed by then.
  stops.push(() => countBilling(database.db, customer.accountId)
    .then((billed) => { measured.billed = billed; }));
  await ramp('edge', edge, customer, measured.edge);
  console.log(`edge refusals: ${JSON.stringify(await refusals(database.db, customer.accountId))}`);
  await ramp('relay', relay, customer, measured.relay);
  measured.limitsExact = await checkLimitExactness(env, database.db, edge, customer);
  measured.billed = await waitForBilling(database.db, customer.accountId);
}

function printResult(measured: Measured) {
  const { edge, relay, limitsExact, billed } = measured;
  const ratio = relay.clean === 0 ? 0 : edge.clean / relay.clean;
  const p99 = percentile([...edge.setupMs].sort((a, b) => a - b), 99);
  for (const why of measured.incomplete) console.log(`bench:sip incomplete: ${why}`);
  console.log(`RESULT cps_clean=${edge.clean} relay_cps_clean=${relay.clean} `
    + `ratio=${ratio.toFixed(2)} setup_p99_ms=${p99} limits_exact=${limitsExact ? 'yes' : 'no'} `
    + `cdrs_billed=${billed.cdrs}/${billed.calls}`);
}

/** Runs `step`, giving up on it (with a message) after `seconds`. */
async function bounded(step: () => Promise<void> | void, seconds: number) {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error(`bench:sip: a clean-up step took over ${seconds} s; moving on`);
      resolve();
    }, seconds * 1000);
  });
  await Promise.race([Promise.resolve().then(step).catch((error: unknown) => {
    console.error('bench:sip: clean-up failed', error);
  }), late]);
  clearTimeout(timer);
}

/** Offers each step's rate for STEP_SECONDS; stops at the first step that is not clean. */
async function ramp(
  name: string,
  target: Target,
  customer: BenchCustomer,
  measured: { clean: number; setupMs: number[] },
) {
  for (const cps of STEPS_CPS) {
    const calls = cps * STEP_SECONDS;
    const stats = await runCaller({
      ...callerOf(target, customer), calls, rate: cps, timeoutSeconds: STEP_SECONDS * 4 + 10,
    });
    const ok = stats.successful === calls && stats.failed === 0;
    console.log(`${name} ${cps} cps: ${stats.successful}/${calls} completed, `
      + `${stats.failed} failed, setup p99 ${percentile(stats.setupMs.sort((a, b) => a - b), 99)}`
      + ' ms');
    if (!ok) return;
    measured.clean = cps;
    measured.setupMs = stats.setupMs;
  }
}

/**
 * The policy request by itself, over HTTP as Kamailio sends it (keep-alive, one at a time) for
 * an INVITE it authenticated from its caches (the 407 never reaches dialtone): trunk look-up,
 * caller ID, edge_admit_call. The admitted calls are ended afterwards (as unanswered), so they
 * free their slots and are billed like any other.
 */
async function measurePolicy(
  env: BenchEnvironment,
  db: ReturnType<typeof openDatabase>['db'],
  customer: BenchCustomer,
) {
  const url = `${env.baseUrl}/api/v1/internal/edge/calls`;
  const headers = {
    authorization: `Basic ${Buffer.from(`edge:${env.adminToken}`).toString('base64')}`,
    'content-type': 'application/json',
  };
  const admit = async () => {
    const started = performance.now();
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({
      edge_id: 'bench-policy', direction: 'outbound', domain: customer.domain,
      trunk_id: customer.trunkId, source_ip: '127.0.0.1', caller: customer.caller,
      callee: '+919876543210', call_id: `bench-${randomUUID()}`, user_agent: 'bench',
      // An edge long up, as in steady state: no look-up of refusals a previous run recorded.
      edge_started: 0,
    }) });
    const decision = await response.json() as Record<string, string | number>;
    return { decision, ms: performance.now() - started };
  };
  const admissionMs: number[] = [];
  const admittedCalls: string[] = [];
  for (let sample = 0; sample < POLICY_SAMPLES; sample += 1) {
    const admitted = await admit();
    admissionMs.push(admitted.ms);
    if (admitted.decision.action !== 'relay') {
      throw new Error(`policy refused a bench call: ${JSON.stringify(admitted.decision)}`);
    }
    admittedCalls.push(String(admitted.decision.call_uuid));
  }
  // Ended only now: each end queues CDR ingestion, which would compete with the next sample.
  for (const callUuid of admittedCalls) {
    await sql`select edge_call_ended(${callUuid}::uuid, '', 487, 'Request Terminated',
      'caller')`.execute(db);
  }
  const summary = (ms: number[]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    const at = (p: number) => percentile(sorted, p).toFixed(2);
    return `p50 ${at(50)} ms, p99 ${at(99)} ms`;
  };
  // The route's own share: an HTTP request doing next to nothing, and the admission's trunk
  // look-up, sent straight from here.
  const timed = async (step: () => Promise<unknown>) => {
    const ms: number[] = [];
    for (let sample = 0; sample < POLICY_SAMPLES; sample += 1) {
      const started = performance.now();
      await step();
      ms.push(performance.now() - started);
    }
    return summary(ms);
  };
  const health = await timed(async () => (await fetch(`${env.baseUrl}/health`)).arrayBuffer());
  const lookup = await timed(() => findTrunkPolicy(db, customer.trunkId, customer.domain));
  console.log(`policy alone (${POLICY_SAMPLES} sequential): admission ${summary(admissionMs)}; `
    + `GET /health ${health}; trunk look-up SQL ${lookup}`);
}

function callerOf(target: Target, customer: BenchCustomer) {
  return {
    edge: target, domain: customer.domain, service: '+919876543210', caller: customer.caller,
    holdMs: HOLD_MS, tolerant: true,
    auth: { username: customer.username, password: customer.password },
  };
}

async function refusals(db: ReturnType<typeof openDatabase>['db'], accountId: string) {
  const { rows } = await sql<{ final_reason: string; calls: number }>`
    select final_reason, count(*)::int as calls from edge_calls
    where account_id = ${accountId} and not is_admitted group by final_reason`.execute(db);
  return rows;
}

/** A burst of 4x a trunk's concurrency limit: exactly the limit is admitted. */
async function checkLimitExactness(
  env: BenchEnvironment,
  db: ReturnType<typeof openDatabase>['db'],
  edge: Target,
  customer: BenchCustomer,
) {
  const limit = 10;
  const trunk = await api(env, 'POST', `/api/v1/Account/${customer.authId}/trunks`,
    customer.headers, { name: 'limit', concurrent_calls_limit: limit, cps_limit: 500,
      credential_uuid: (await trunkCredential(db, customer.trunkId)) });
  // The edge's caches learn of the new trunk within a second (announced, then reloaded).
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await runCaller({
    edge, domain: trunk.trunk_domain, service: '+919876543210', caller: customer.caller,
    calls: limit * 4, rate: 400, holdMs: 2_000, tolerant: true, timeoutSeconds: 30,
    auth: { username: customer.username, password: customer.password },
  });
  const { rows } = await sql<{ admitted: number; offered: number }>`
    select count(*) filter (where is_admitted)::int as admitted, count(*)::int as offered
    from edge_calls where trunk_id = ${trunk.trunk_id}`.execute(db);
  console.log(`limit ${limit}: ${rows[0]!.admitted} of ${rows[0]!.offered} admitted`);
  return rows[0]!.admitted === limit && rows[0]!.offered === limit * 4;
}

async function trunkCredential(db: ReturnType<typeof openDatabase>['db'], trunkId: string) {
  const row = await db.selectFrom('trunks').select('credential_id')
    .where('id', '=', trunkId).executeTakeFirstOrThrow();
  return row.credential_id;
}

/** The server's worker bills ended calls: wait until every edge call has its CDR (60 s max). */
async function waitForBilling(db: ReturnType<typeof openDatabase>['db'], accountId: string) {
  for (let attempt = 0; ; attempt += 1) {
    const billed = await countBilling(db, accountId);
    if (billed.calls === billed.cdrs) return billed;
    if (attempt === 600) {
      // Which are missing: calls still open (e.g. admitted after the edge's policy timeout
      // failed them closed, left for the abandoned-call sweep) or ended but not yet billed.
      const { rows } = await sql<{ open: number; unbilled: number }>`
        select count(*) filter (where ended_at is null)::int as open,
          count(*) filter (where ended_at is not null and ingested_at is null)::int as unbilled
        from edge_calls where account_id = ${accountId}`.execute(db);
      console.log(`not billed after 60 s: ${JSON.stringify(rows[0])}`);
      return billed;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function countBilling(db: ReturnType<typeof openDatabase>['db'], accountId: string) {
  const { rows } = await sql<{ calls: number; cdrs: number }>`
    select (select count(*)::int from edge_calls where account_id = ${accountId}) as calls,
      (select count(*)::int from cdrs where account_id = ${accountId}) as cdrs`.execute(db);
  return rows[0]!;
}

async function startEdge(
  env: BenchEnvironment,
  db: ReturnType<typeof openDatabase>['db'],
  carrier: Answerer,
  stops: (() => Promise<void> | void)[],
): Promise<Target> {
  const port = await freeUdpPort();
  const password = edgeRolePassword(digestToken(env.adminToken));
  await enableEdgeRoleLogin(db, password);
  const runDir = tempDir('bench-edge');
  const log = fs.openSync(path.join(runDir, 'kamailio.log'), 'a');
  const edge = await superviseKamailio(db, {
    listen: { host: '127.0.0.1', port }, policyBaseUrl: `${env.baseUrl}/api/v1/internal`,
    policyToken: env.adminToken, edgeDatabaseUrl: edgeDatabaseUrl(env.database.url, password),
    carriers: [carrier.uri], carrierSources: [], logLevel: 1, noAnswerSeconds: 30,
    children: WORKERS, runDir, dispatcherListPath: path.join(runDir, 'dispatcher.list'),
  }, (line) => console.log(`edge: ${line}`), log);
  stops.push(() => edge.stop());
  await waitForOptions('127.0.0.1', port);
  return { host: '127.0.0.1', port };
}

async function startRelay(carrier: Answerer, stops: (() => Promise<void> | void)[]) {
  const port = await freeUdpPort();
  const runDir = tempDir('bench-relay');
  const template =
    fs.readFileSync(path.join(import.meta.dirname, 'kamailio-relay.cfg.template'), 'utf8');
  const config = template.replace(/\{\{([A-Z_]+)\}\}/g, (_match, name: string) => ({
    CHILDREN: String(WORKERS), LISTEN_HOST: '127.0.0.1', LISTEN_PORT: String(port),
    RUN_DIR: runDir, CARRIER: carrier.uri,
  })[name]!);
  const configPath = path.join(runDir, 'kamailio.cfg');
  fs.writeFileSync(configPath, config);
  const child = spawn('kamailio',
    ['-DD', '-E', '-f', configPath, '-Y', runDir, '-m', '128', '-M', '16'],
    { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  stops.push(() => {
    child.kill('SIGTERM');
    return exited;
  });
  // The relay forwards the probe to the carrier, which answers OPTIONS: the same probe works.
  await waitForOptions('127.0.0.1', port);
  return { host: '127.0.0.1', port };
}

async function api(
  env: BenchEnvironment,
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<any> {
  const response = await fetch(`${env.baseUrl}${url}`, {
    method, headers: { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  }
  return response.status === 204 ? {} : response.json();
}

/** A KYC-complete customer with a big wallet and pool, a number, a credential and a trunk. */
async function benchCustomer(
  env: BenchEnvironment,
  db: ReturnType<typeof openDatabase>['db'],
): Promise<BenchCustomer> {
  const operator = { authorization: `Bearer ${env.adminToken}` };
  const partner = await adminPost(env, '/api/v1/admin/partners',
    { name: 'Bench partner', email: 'bench@partner.test' });
  const partnerHeaders = { 'x-auth-id': partner.auth_id, 'x-auth-token': partner.auth_token };
  await adminPost(env, `/api/v1/admin/partners/${partner.auth_id}/credit`, { amount: 1_000_000 });
  await api(env, 'PUT', `/api/v1/admin/partners/${partner.auth_id}/capacity`, operator,
    { concurrent_calls_pool: 5_000, cps_pool: 5_000 });
  const account = await api(env, 'POST', '/api/v1/partner/accounts', partnerHeaders, {
    name: 'Bench PBX', email: 'pbx@bench.test', phone: '+919876543210',
    password: 'SecurePass123!', country: 'IN',
  });
  const cid = account.auth_id as string;
  await api(env, 'POST', `/api/v1/partner/accounts/${cid}/transfer-balance`, partnerHeaders,
    { amount: 500_000, currency: 'INR' });
  for (const resource of ['concurrent_calls', 'cps']) {
    await api(env, 'POST', `/api/v1/partner/accounts/${cid}/concurrency/transfer`,
      partnerHeaders, { resource, slots: 2_000 });
  }
  const { id: accountId } = await db.updateTable('accounts').set({ kyc_status: 'completed' })
    .where('auth_id', '=', cid).returning('id').executeTakeFirstOrThrow();
  const headers = { 'x-auth-id': cid, 'x-auth-token': account.auth_token as string };
  const [row] = buildDemoInventory().slice(0, 1)
    .map((r) => ({ ...r, setup_fee: '0', monthly_fee: '0' }));
  await adminPost(env, '/api/v1/admin/inventory/numbers', [row]);
  await api(env, 'POST', `/api/v1/Account/${cid}/numbers/purchase-from-inventory`, headers,
    { e164: row!.e164 });
  const username = 'benchpbx';
  const password = 'Bench-Secret-1';
  const credential = await api(env, 'POST', `/api/v1/Account/${cid}/credentials`, headers,
    { username, password });
  const trunk = await api(env, 'POST', `/api/v1/Account/${cid}/trunks`, headers, {
    name: 'bench', credential_uuid: credential.id, concurrent_calls_limit: 2_000, cps_limit: 2_000,
  });
  return {
    accountId, domain: trunk.trunk_domain, trunkId: trunk.trunk_id, username, password,
    caller: row!.e164, headers, authId: cid,
  };
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
