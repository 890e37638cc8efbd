/**
 * Data for bench:cdrs, prepared before anything is timed: simulated calls (src/domain/cdrs/
 * simulator.ts) for every account over the last 30 days, written as NDJSON request bodies of
 * BATCH_ROWS mixed accounts' calls for the HTTP run, and as one CSV of the very rows ingestion
 * stores (rated with the platform default tier, internal ids) for the COPY baseline.
 *
 * Two orders of the requests (BENCH_ORDER):
 * - live (the default): as a switch reports calls, in the order they end, every customer's calls
 *   mixed, so a request holds the last ~45 minutes of all 100 customers' traffic;
 * - backfill: 20 customers' 30 days at a time, shuffled, so a request holds calls from every day
 *   of its 20 customers (a month of records loaded at once).
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateCdrs } from '../src/domain/cdrs/simulator';
import type { CdrIngestRow } from '../src/domain/cdrs/cdr-rows';
import { HANGUP_CAUSES, type HangupCause } from '../src/domain/cdrs/hangup-causes';
import { DEFAULT_PRICING_TIER, rateCall } from '../src/domain/cdrs/rating';
import { createRandom } from '../src/domain/cdrs/seeded-randoms';
import { DAY_MS } from '../src/domain/clock';

export interface BenchAccount {
  authId: string;
  id: string;
  token: string;
  calls: number;
  /** The customer's DIDs: its side of every call. */
  numbers: string[];
}

/** Columns of the COPY baseline, in CSV order: what ingestion writes for each call. */
export const COPY_COLUMNS = [
  'uuid', 'account_id', 'partner_id', 'call_direction', 'caller_id_name', 'caller_id_number',
  'destination_number', 'context', 'region', 'duration', 'billsec', 'billable_seconds', 'ring_time',
  'answer_time', 'start_time', 'end_time', 'cost', 'shortfall', 'currency', 'mos', 'jitter',
  'packet_loss', 'codec', 'hangup_cause', 'hangup_cause_code', 'hangup_cause_name',
  'hangup_disposition', 'hangup_source', 'sip_call_id',
] as const;

export type BatchOrder = 'live' | 'backfill';

const DAYS = 30;
/** Backfill order: customers whose calls are generated, shuffled and cut together. */
const ACCOUNTS_PER_GROUP = 20;

export interface PreparedData {
  batchFiles: string[];
  csvFile: string;
  rows: number;
  /** One row of the first account, for filter values that exist. */
  sample: CdrIngestRow;
}

interface BenchCall {
  row: CdrIngestRow;
  account: BenchAccount;
}

/**
 * Writes the request bodies and the CSV into `dir`. Either order generates a bounded slice of
 * the calls at a time (a day of every customer, or 20 customers' month): memory stays at tens of
 * thousands of rows, not a million.
 */
export function prepareData(dir: string, accounts: BenchAccount[], partnerId: string, batchRows: number, now: Date, order: BatchOrder): PreparedData {
  const csvFile = path.join(dir, 'cdrs.csv');
  const csv = fs.openSync(csvFile, 'w');
  const batchFiles: string[] = [];
  let rows = 0;
  let sample: CdrIngestRow | undefined;
  const slices = order === 'live' ? dayByDay(accounts, now) : groupByGroup(accounts, now);
  for (const batch of batchesOf(slices, batchRows)) {
    sample ??= batch.find(({ account }) => account === accounts[0])?.row;
    const file = path.join(dir, `batch-${String(batchFiles.length).padStart(5, '0')}.ndjson`);
    fs.writeFileSync(file, batch.map(({ row }) => JSON.stringify(row)).join('\n'));
    batchFiles.push(file);
    fs.writeSync(csv, batch.map(({ row, account }) => toCsvLine(row, account.id, partnerId)).join(''));
    rows += batch.length;
  }
  fs.closeSync(csv);
  return { batchFiles, csvFile, rows, sample: sample! };
}

/** Cuts the slices' calls, in their order, into requests of `size` (the last may be short). */
function* batchesOf(slices: Iterable<BenchCall[]>, size: number): Generator<BenchCall[]> {
  let pending: BenchCall[] = [];
  for (const slice of slices) {
    pending = pending.concat(slice);
    while (pending.length >= size) {
      yield pending.slice(0, size);
      pending = pending.slice(size);
    }
  }
  if (pending.length > 0) yield pending;
}

/** Live order: each day of every customer's calls (its share of the month), by end time. */
function* dayByDay(accounts: BenchAccount[], now: Date): Generator<BenchCall[]> {
  for (let day = 0; day < DAYS; day += 1) {
    const dayEnd = new Date(now.getTime() - (DAYS - 1 - day) * DAY_MS);
    const calls: BenchCall[] = [];
    accounts.forEach((account, i) => {
      const share = Math.floor(account.calls / DAYS) + (day < account.calls % DAYS ? 1 : 0);
      const generated = generateCdrs({
        accountAuthId: account.authId, trunkIds: [], numbers: account.numbers, calls: share, days: 1,
        now: dayEnd, seed: day * accounts.length + i + 1,
      });
      for (const row of generated) calls.push({ row, account });
    });
    yield calls.sort((a, b) => compareText(a.row.end_time, b.row.end_time));
  }
}

/** Backfill order: 20 customers' whole month at a time, shuffled together. */
function* groupByGroup(accounts: BenchAccount[], now: Date): Generator<BenchCall[]> {
  for (let start = 0; start < accounts.length; start += ACCOUNTS_PER_GROUP) {
    const calls: BenchCall[] = [];
    accounts.slice(start, start + ACCOUNTS_PER_GROUP).forEach((account, offset) => {
      const generated = generateCdrs({
        accountAuthId: account.authId, trunkIds: [], numbers: account.numbers, calls: account.calls,
        days: DAYS, now, seed: start + offset + 1,
      });
      for (const row of generated) calls.push({ row, account });
    });
    shuffle(calls, start + 7);
    yield calls;
  }
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function shuffle<T>(items: T[], seed: number): void {
  const random = createRandom(seed);
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = random.integer(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

function toCsvLine(row: CdrIngestRow, accountId: string, partnerId: string): string {
  const rating = rateCall({ billsec: row.billsec, answered: row.answer_time !== null, tier: DEFAULT_PRICING_TIER });
  const cause = HANGUP_CAUSES[row.hangup_cause as HangupCause];
  const values = [
    row.uuid, accountId, partnerId, row.call_direction, row.caller_id_name ?? null, row.caller_id_number,
    row.destination_number, row.context, row.region, row.duration, row.billsec, rating.billable_seconds,
    row.ring_time, row.answer_time, row.start_time, row.end_time, rating.cost, '0', 'INR', row.mos,
    row.jitter, row.packet_loss, row.codec, row.hangup_cause, cause.code, cause.name,
    row.hangup_disposition, row.hangup_source, row.sip_call_id,
  ];
  return `${values.map(csvField).join(',')}\n`;
}

function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
