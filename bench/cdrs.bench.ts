/**
 * npm run bench:cdrs: BENCH_CDRS calls (default 1,000,000) of 100 customers (one big customer with
 * a tenth of them, 99 alike) over 30 days, ingested through POST /api/v1/internal/cdrs (NDJSON,
 * 10,000 mixed calls per request, the per-request maximum, in the order the calls end, as a
 * switch reports them; BENCH_ORDER=backfill sends a month at once, see cdrs-data.ts; 4
 * concurrent requests: validated, rated, charged, rolled up), then the same rows COPYed
 * (pg-copy-streams) into an equivalent bare table (the same columns, no index, no constraint, no
 * partitioning), three times: the median is the baseline, since one COPY's speed varies by
 * +/-10 % here. Then, at that size, p50/p95 over HTTP of page 1 of a customer's list with its
 * summary for each filter alone and combined, page 50, the dashboard, and the big customer's CSV
 * export (rows/s, peak RSS of a server whose heap is capped). Last line: RESULT ...
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { startServerProcess } from '../src/cli/server-process';
import { openDatabase } from '../src/db/database';
import { compactNumberRollups } from '../src/domain/cdrs/number-rollup-jobs';
import { DAY_MS } from '../src/domain/clock';
import { findLedgerViolations, isLedgerSound } from '../src/domain/ledger/invariants';
import { type BatchOrder, type BenchAccount, COPY_COLUMNS, prepareData } from './cdrs-data';
import { type BenchEnvironment, adminPost, percentile, startBenchEnvironment } from './support';

const TOTAL = Number(process.env.BENCH_CDRS ?? 1_000_000);
const ACCOUNTS = 100;
/** Calls per request: CDR_INGEST_ROWS_MAX, as full as a shipper of thousands a second sends. */
const BATCH_ROWS = Number(process.env.BENCH_BATCH_ROWS ?? 10_000);
const BASELINE_RUNS = 3;
const HTTP_CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
/** live: requests in the order calls end, as a switch sends them; backfill: a month at once. */
const ORDER: BatchOrder = process.env.BENCH_ORDER === 'backfill' ? 'backfill' : 'live';
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const WARMUP = 5;
/** V8 old-space cap of the server that runs the exports (its baseline heap is ~40 MB). */
const EXPORT_HEAP_MB = 96;

async function main(): Promise<void> {
  const env = await startBenchEnvironment();
  const database = openDatabase(env.database.url, 4);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-cdrs-'));
  try {
    const partner = await adminPost(env, '/api/v1/admin/partners', { name: 'Bench CDRs', email: 'cdrs@bench.test', max_accounts: ACCOUNTS });
    await adminPost(env, `/api/v1/admin/partners/${partner.auth_id}/credit`, { amount: 1_000_000_000 });
    const accounts = await insertAccounts(database.pool, partner.id);
    for (const account of accounts) await fund(env, partner, account.authId);
    const started = performance.now();
    const data = prepareData(dataDir, accounts, partner.id, BATCH_ROWS, new Date(), ORDER);
    console.log(`setup: ${ACCOUNTS} customers, ${data.rows} calls in ${data.batchFiles.length} requests of ${BATCH_ROWS} in ${ORDER} order `
      + `(prepared in ${((performance.now() - started) / 1000).toFixed(1)} s, not timed)`);

    const ingested = await ingestOverHttp(env, data.batchFiles);
    console.log(`HTTP ingestion: ${data.rows} rows in ${ingested.seconds.toFixed(1)} s = ${(data.rows / ingested.seconds).toFixed(0)} rows/s`
      + ` (request p50 ${ingested.p50.toFixed(0)} ms, p95 ${ingested.p95.toFixed(0)} ms)`);
    await reportCompaction(database);
    const copySeconds = await medianCopySeconds(env.database.url, data.csvFile, data.rows);
    console.log(`raw COPY into a bare table (baseline, median of ${BASELINE_RUNS}): ${(data.rows / copySeconds).toFixed(0)} rows/s in ${copySeconds.toFixed(1)} s`);
    const ratio = copySeconds / ingested.seconds;
    console.log(`HTTP / COPY: ${ratio.toFixed(2)}`);
    const sound = await checkStored(database, data.rows);
    await database.pool.query('vacuum analyze cdrs');

    const lists = await measureLists(env, partner, accounts[1]!, data.sample);
    const dashboard = await measure(() => get(env, '/api/v1/partner/dashboard', partnerHeaders(partner)));
    console.log(`dashboard: p50 ${dashboard.p50.toFixed(1)} ms  p95 ${dashboard.p95.toFixed(1)} ms`);
    const bigList = await measure(() => get(env, `/api/v1/partner/accounts/${accounts[0]!.authId}/cdrs?status=answered`, partnerHeaders(partner)));
    console.log(`(big customer, ${accounts[0]!.calls} calls, status=answered: p50 ${bigList.p50.toFixed(1)} ms  p95 ${bigList.p95.toFixed(1)} ms)`);
    // BENCH_STOP_AFTER_INGEST=1: only the ingestion comparison (for tuning runs).
    if (process.env.BENCH_STOP_AFTER_INGEST) return;
    const exported = await measureExportsOnSmallHeap(env, dataDir, accounts[1]!, accounts[0]!);
    const worst = lists.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    console.log(`worst list p95: ${worst.name} ${worst.p95.toFixed(1)} ms`);
    console.log(`RESULT ingest_ratio=${ratio.toFixed(2)} ingest_rows_s=${(data.rows / ingested.seconds).toFixed(0)} `
      + `list_p95_ms=${worst.p95.toFixed(1)} dashboard_p95_ms=${dashboard.p95.toFixed(1)} `
      + `export_peak_mb=${exported.peakMb.toFixed(0)}${sound ? '' : ' invariants=violated'}`);
    if (!sound) process.exitCode = 1;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database.close();
    await env.stop();
  }
}

/** Customers inserted directly (setup is not measured), with known tokens; one holds 10 %. */
async function insertAccounts(pool: pg.Pool, partnerId: string): Promise<BenchAccount[]> {
  const big = Math.round(TOTAL / 10);
  const rest = TOTAL - big;
  const { rows } = await pool.query(`
    with created as (
      insert into accounts (auth_id, partner_id, name, email, phone, country, currency,
                            password_hash, auth_token_digest, auth_token_sealed)
      select 'MA_' || lpad(i::text, 8, '0'), $1, 'Customer ' || i, 'c' || i || '@cdrs.bench.test',
             '+919876543210', 'IN', 'INR', 'unusable', sha256(('token-' || i)::bytea), 'unusable'
      from generate_series(1, $2::int) as i
      returning id, auth_id)
    , wallets_created as (insert into wallets (kind, account_id, currency) select 'account', id, 'INR' from created)
    select id::text, auth_id from created order by auth_id`, [partnerId, ACCOUNTS]);
  const numbers = await insertNumbers(pool);
  return rows.map((row, i) => ({
    authId: row.auth_id, id: row.id, token: `token-${i + 1}`,
    calls: i === 0 ? big : Math.floor(rest / (ACCOUNTS - 1)) + (i - 1 < rest % (ACCOUNTS - 1) ? 1 : 0),
    numbers: numbers.get(row.id) ?? [],
  }));
}

/** DIDs each customer owns (its side of every call), half of them given to its 2 sub-accounts. */
const NUMBERS_PER_ACCOUNT = 20;

async function insertNumbers(pool: pg.Pool): Promise<Map<string, string[]>> {
  await pool.query(`
    insert into sub_accounts (auth_id, account_id, name, auth_token_digest, created_at, updated_at)
    select 'SA_' || lpad((substr(a.auth_id, 4)::int * 2 + s)::text, 8, '0'), a.id, 'Sub ' || s,
           sha256(('sub-' || a.id || '-' || s)::bytea), now(), now()
    from accounts a, generate_series(0, 1) as s where a.auth_id like 'MA_0%'`);
  const { rows } = await pool.query(`
    insert into phone_numbers (e164, country, setup_fee, monthly_fee, currency, account_id,
                               sub_account_id, purchased_at, next_billing_date,
                               billing_periods_paid)
    select '+9180' || substr(a.auth_id, 7) || lpad(n::text, 3, '0'), 'IN', 0, 0, 'INR', a.id,
           case when n % 2 = 0 then (select id from sub_accounts s where s.account_id = a.id
                                     order by id offset (n / 2) % 2 limit 1) end,
           now(), now() + interval '30 days', 1
    from accounts a, generate_series(1, $1::int) as n where a.auth_id like 'MA_0%'
    returning account_id::text, e164`, [NUMBERS_PER_ACCOUNT]);
  const byAccount = new Map<string, string[]>();
  for (const row of rows) byAccount.set(row.account_id, [...byAccount.get(row.account_id) ?? [], row.e164]);
  return byAccount;
}

const partnerHeaders = (partner: { auth_id: string; auth_token: string }) =>
  ({ 'x-auth-id': partner.auth_id, 'x-auth-token': partner.auth_token });

async function fund(env: BenchEnvironment, partner: { auth_id: string; auth_token: string }, authId: string) {
  const response = await fetch(`${env.baseUrl}/api/v1/partner/accounts/${authId}/transfer-balance`, {
    method: 'POST', headers: { ...partnerHeaders(partner), 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 5_000_000, currency: 'INR' }),
  });
  if (!response.ok) throw new Error(`funding ${authId}: ${response.status} ${await response.text()}`);
}

async function ingestOverHttp(env: BenchEnvironment, files: string[]) {
  const latencies: number[] = [];
  // node:http with keep-alive, not fetch: the load generator shares the server's 2 cores, and
  // undici's per-request cost on 3 MB bodies is CPU the server and PostgreSQL then lack.
  const agent = new http.Agent({ keepAlive: true, maxSockets: HTTP_CONCURRENCY });
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const body = fs.readFileSync(files[next++]!);
      const started = performance.now();
      const response = await post(agent, `${env.baseUrl}/api/v1/internal/cdrs`, body, {
        authorization: `Bearer ${env.adminToken}`, 'content-type': 'application/x-ndjson',
      });
      const result = JSON.parse(response.body) as { accepted: number; rejected: number };
      if (response.status !== 200 || result.rejected > 0) throw new Error(`ingestion: ${response.status} ${response.body.slice(0, 500)}`);
      latencies.push(performance.now() - started);
    }
  };
  const cpuBefore = descendantsCpuSeconds();
  const started = performance.now();
  await Promise.all(Array.from({ length: HTTP_CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  const cpu = descendantsCpuSeconds() - cpuBefore;
  console.log(`CPU of the server and PostgreSQL during the ingestion: ${cpu.toFixed(1)} s`
    + ` (${((cpu / (files.length * BATCH_ROWS)) * 1e6).toFixed(1)} us per call)`);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

/**
 * CPU seconds (user + system, with reaped children's) of this process's descendants: the server
 * and PostgreSQL with its backends. On a machine shared with other work, CPU per call compares
 * runs better than their wall-clock time.
 */
function descendantsCpuSeconds(): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fs.readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      stats.set(Number(entry), {
        ppid: Number(fields[1]),
        ticks: [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0),
      });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = stats.get(pid)?.ppid; p !== undefined && p > 1; p = stats.get(p)?.ppid) {
      if (p === process.pid) return true;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (isDescendant(pid)) ticks += stat.ticks;
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** USER_HZ of Linux /proc/<pid>/stat times. */
const CLOCK_TICKS_PER_SECOND = 100;

function post(agent: http.Agent, url: string, body: Buffer, headers: Record<string, string>) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': body.length } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body: Buffer.concat(chunks).toString() }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** The baseline: the median time of BASELINE_RUNS COPYs, each into a fresh bare table. */
async function medianCopySeconds(url: string, csvFile: string, rows: number): Promise<number> {
  const seconds: number[] = [];
  for (let run = 1; run <= BASELINE_RUNS; run += 1) {
    seconds.push(await copyIntoBareTable(url, csvFile, run < BASELINE_RUNS));
    console.log(`  raw COPY run ${run}: ${(rows / seconds.at(-1)!).toFixed(0)} rows/s`);
  }
  return seconds.sort((a, b) => a - b)[Math.floor(BASELINE_RUNS / 2)]!;
}

/** COPYs the CSV into a new cdrs_bare, dropped afterwards if `drop` (the last is kept, checked). */
async function copyIntoBareTable(url: string, csvFile: string, drop: boolean): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create table cdrs_bare (like cdrs including defaults)');
    const started = performance.now();
    const sink = client.query(copyFrom(`copy cdrs_bare (${COPY_COLUMNS.join(', ')}) from stdin with (format csv)`));
    await pipeline(fs.createReadStream(csvFile, { highWaterMark: 1 << 20 }), sink);
    const seconds = (performance.now() - started) / 1000;
    if (drop) await client.query('drop table cdrs_bare');
    return seconds;
  } finally {
    await client.end();
  }
}

/** Every row stored once, the roll-ups equal to the rows, the ledger sound. */
async function checkStored(database: ReturnType<typeof openDatabase>, rows: number): Promise<boolean> {
  const { rows: [counts] } = await database.pool.query(`
    select (select count(*) from cdrs)::int as cdrs, (select count(*) from cdrs_bare)::int as bare,
           (select sum(total_calls) from cdr_daily_rollups)::int as rolled,
           (select sum(total_calls) from number_hourly_rollups)::int as number_rolled,
           (select sum(cost) from cdrs)::text as cost, (select sum(total_cost) from cdr_daily_rollups)::text as rolled_cost`);
  const violations = await findLedgerViolations(database.db);
  console.log(`stored: ${JSON.stringify(counts)}; ledger: ${JSON.stringify(violations)}`);
  // Every bench call uses one of its customer's own DIDs, so each is in the per-number sums.
  return counts.cdrs === rows && counts.bare === rows && counts.rolled === rows
    && counts.number_rolled === rows
    && counts.cost === counts.rolled_cost && isLedgerSound(violations);
}

/**
 * The per-number roll-up rows ingestion appended, then one compaction of the hours it touched
 * (what number_rollups_compact does every minute; the server's own run may take some first).
 */
async function reportCompaction(database: ReturnType<typeof openDatabase>): Promise<void> {
  const rowsOf = async () => (await database.pool.query(
    'select count(*)::int as n from number_hourly_rollups')).rows[0].n as number;
  const before = await rowsOf();
  const started = performance.now();
  const hours = await compactNumberRollups(database.db);
  console.log(`per-number roll-up rows: ${before} after ingestion; compaction of ${hours} hours `
    + `in ${((performance.now() - started) / 1000).toFixed(1)} s -> ${await rowsOf()} rows`);
}

async function get(env: BenchEnvironment, url: string, headers: Record<string, string>) {
  const response = await fetch(`${env.baseUrl}${url}`, { headers });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return response.arrayBuffer();
}

async function measure(request: () => Promise<unknown>) {
  for (let i = 0; i < WARMUP; i += 1) await request();
  const latencies: number[] = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const started = performance.now();
    await request();
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

async function measureLists(env: BenchEnvironment, partner: { auth_id: string; auth_token: string }, account: BenchAccount,
  sample: { caller_id_number: string; destination_number: string; sip_call_id: string }) {
  const day = (offset: number) => new Date(Date.now() - offset * DAY_MS).toISOString().slice(0, 10);
  const queries: [string, string][] = [
    ['none', ''], ['from_number', `from_number=${encodeURIComponent(sample.caller_id_number)}`],
    ['to_number', `to_number=${encodeURIComponent(sample.destination_number)}`],
    ['start_date+end_date', `start_date=${day(14)}&end_date=${day(7)}`], ['call_direction', 'call_direction=inbound'],
    ['status=answered', 'status=answered'], ['status=failed', 'status=failed'], ['status=busy', 'status=busy'],
    ['status=no_answer', 'status=no_answer'], ['min_duration', 'min_duration=60'], ['hangup_cause', 'hangup_cause=NO_ANSWER'],
    ['sip_call_id', `sip_call_id=${encodeURIComponent(sample.sip_call_id)}`],
    ['trunk_id', 'trunk_id=00000000-0000-4000-8000-000000000000'], ['context', 'context=sip-trunking'], ['search', 'search=98450'],
    ['combined (guide)', 'call_direction=inbound&status=answered&min_duration=10'],
    ['combined (failed)', `status=failed&hangup_cause=NO_ANSWER&start_date=${day(14)}&end_date=${day(0)}`],
    ['page 50', 'page=50'],
  ];
  const results = [];
  for (const [name, query] of queries) {
    const url = `/api/v1/partner/accounts/${account.authId}/cdrs?${query}`;
    const timing = await measure(() => get(env, url, partnerHeaders(partner)));
    console.log(`list ${name.padEnd(20)} p50 ${timing.p50.toFixed(1).padStart(6)} ms  p95 ${timing.p95.toFixed(1).padStart(6)} ms`);
    results.push({ name, ...timing });
  }
  return results;
}

/**
 * Exports run on a second server process over the same database whose V8 old space is capped at
 * EXPORT_HEAP_MB: an export that held its rows would fail there (100,000 rows are ~34 MB of CSV
 * and several times that as objects). Peak RSS is from that server's own /metrics.
 */
async function measureExportsOnSmallHeap(env: BenchEnvironment, dataDir: string, small: BenchAccount, big: BenchAccount) {
  const serverDir = fs.mkdtempSync(path.join(dataDir, 'export-server-'));
  const server = await startServerProcess({
    dataDir: serverDir, databaseUrl: env.database.url,
    env: { NODE_OPTIONS: `--max-old-space-size=${EXPORT_HEAP_MB}`, DIALTONE_RATE_LIMIT_PER_MINUTE: '0' },
  });
  try {
    console.log(`exports on a server with --max-old-space-size=${EXPORT_HEAP_MB}:`);
    return await measureExports(server, small, big);
  } finally {
    await server.stop();
  }
}

/**
 * Full exports of a typical customer and of the big one (3 times each): rows/s, and the
 * server's resident memory (its own /metrics, sampled every 100 ms) at its peak during each.
 */
async function measureExports(env: { baseUrl: string; adminToken: string }, small: BenchAccount, big: BenchAccount) {
  const rssMb = async () => {
    const text = await (await fetch(`${env.baseUrl}/metrics`, { headers: { authorization: `Bearer ${env.adminToken}` } })).text();
    return Number(/resident_memory_bytes (\d+)/.exec(text)![1]) / 1024 / 1024;
  };
  const before = await rssMb();
  const results = [];
  for (const account of [small, big]) {
    let peakMb = await rssMb();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peakMb = Math.max(peakMb, await rssMb());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const rates: number[] = [];
    try {
      for (let run = 0; run < 3; run += 1) rates.push(await exportOnce(env, account));
    } finally {
      sampling = false;
      await sampler;
    }
    console.log(`export of ${account.calls} rows: ${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)} rows/s, `
      + `server RSS peak ${peakMb.toFixed(0)} MB (${before.toFixed(0)} MB before the exports)`);
    results.push({ peakMb, rowsPerSecond: Math.min(...rates) });
  }
  return results[1]!;
}

async function exportOnce(env: { baseUrl: string }, account: BenchAccount): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${env.baseUrl}/api/v1/Account/${account.authId}/cdr/export`, {
    headers: { 'x-auth-id': account.authId, 'x-auth-token': account.token },
  });
  let lines = -1;
  for await (const chunk of response.body!) for (const byte of chunk as Uint8Array) if (byte === 10) lines += 1;
  if (lines !== account.calls) throw new Error(`export: ${lines} rows, expected ${account.calls}`);
  return lines / ((performance.now() - started) / 1000);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
