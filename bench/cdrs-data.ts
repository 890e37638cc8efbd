/**
 * Data for bench:cdrs, prepared before anything is timed: simulated calls (src/domain/cdrs/
 * simulator.ts) for every account, written as NDJSON request bodies of BATCH_ROWS mixed
 * accounts' calls for the HTTP run, and as one CSV of the very rows ingestion stores (rated with
 * the platform default tier, internal ids) for the COPY baseline.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generateCdrs } from '../src/domain/cdrs/simulator';
import type { CdrIngestRow } from '../src/domain/cdrs/cdr-rows';
import { HANGUP_CAUSES, type HangupCause } from '../src/domain/cdrs/hangup-causes';
import { DEFAULT_PRICING_TIER, rateCall } from '../src/domain/cdrs/rating';
import { createRandom } from '../src/domain/cdrs/seeded-randoms';

export interface BenchAccount {
  authId: string;
  id: string;
  token: string;
  calls: number;
}

/** Columns of the COPY baseline, in CSV order: what ingestion writes for each call. */
export const COPY_COLUMNS = [
  'uuid', 'account_id', 'partner_id', 'call_direction', 'caller_id_name', 'caller_id_number',
  'destination_number', 'context', 'region', 'duration', 'billsec', 'billable_seconds', 'ring_time',
  'answer_time', 'start_time', 'end_time', 'cost', 'shortfall', 'currency', 'mos', 'jitter',
  'packet_loss', 'codec', 'hangup_cause', 'hangup_cause_code', 'hangup_cause_name',
  'hangup_disposition', 'hangup_source', 'sip_call_id',
] as const;

const ACCOUNTS_PER_GROUP = 20;

export interface PreparedData {
  batchFiles: string[];
  csvFile: string;
  rows: number;
  /** One row of the first account, for filter values that exist. */
  sample: CdrIngestRow;
}

/**
 * Writes the request bodies and the CSV into `dir`. Accounts are generated 20 at a time (memory
 * stays at ~20 accounts' rows), shuffled together and cut into batches, so each request mixes
 * about 20 customers' calls, as a switch's report of the last seconds would.
 */
export function prepareData(dir: string, accounts: BenchAccount[], partnerId: string, batchRows: number, now: Date): PreparedData {
  const csvFile = path.join(dir, 'cdrs.csv');
  const csv = fs.openSync(csvFile, 'w');
  const batchFiles: string[] = [];
  let rows = 0;
  let sample: CdrIngestRow | undefined;
  for (let start = 0; start < accounts.length; start += ACCOUNTS_PER_GROUP) {
    const group = accounts.slice(start, start + ACCOUNTS_PER_GROUP);
    const calls: { row: CdrIngestRow; account: BenchAccount }[] = [];
    group.forEach((account, offset) => {
      const generated = generateCdrs({
        accountAuthId: account.authId, trunkIds: [], numbers: [], calls: account.calls, days: 30,
        now, seed: start + offset + 1,
      });
      sample ??= generated[0];
      for (const row of generated) calls.push({ row, account });
    });
    shuffle(calls, start + 7);
    for (let offset = 0; offset < calls.length; offset += batchRows) {
      const batch = calls.slice(offset, offset + batchRows);
      const file = path.join(dir, `batch-${String(batchFiles.length).padStart(5, '0')}.ndjson`);
      fs.writeFileSync(file, batch.map(({ row }) => JSON.stringify(row)).join('\n'));
      batchFiles.push(file);
      fs.writeSync(csv, batch.map(({ row, account }) => toCsvLine(row, account.id, partnerId)).join(''));
      rows += batch.length;
    }
  }
  fs.closeSync(csv);
  return { batchFiles, csvFile, rows, sample: sample! };
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
