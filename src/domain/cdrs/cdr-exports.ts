/**
 * CSV export of every CDR matching the filters (vobiz-api.md 2.4 /cdr/export): the header of
 * Vobiz's 43 fields, then one line per call, newest first. The rows are read in keyset batches
 * of CDR_EXPORT_BATCH_ROWS and streamed with backpressure, so an export holds one batch in
 * memory however many rows it has (pg-query-stream is not a dependency; a cursor loop is
 * enough). Batches are separate snapshots: a call ingested mid-export with an older start_time
 * than the batch being read may be missing, never duplicated.
 *
 * Values match the JSON list: money and ids as plain numbers ("0.5", not "0.50000"), times as
 * "…T10:00:00Z", null as an empty field.
 */
import { Readable } from 'node:stream';
import type { Database, Executor } from '../../db/database';
import {
  CDR_EXPORT_BATCH_ROWS,
  CDR_EXPORT_LEASE_RENEW_MS,
  CDR_EXPORT_ROWS_MAX,
} from '../../limits';
import {
  acquireExportLease,
  type ExportLeaseScope,
  releaseExportLease,
  renewExportLease,
} from './cdr-export-leases';
import { CDR_CSV_HEADER, CDR_FIELDS, CSV_LINE_END, type CsvValue, toCsvLine } from './cdr-rows';
import { type CdrFilters, type CdrScope, assertDateRange } from './cdr-filters';
import { selectCdrs } from './cdr-lists';
import type { CdrWireRow } from './cdr-records';

const MONEY_FIELDS: ReadonlySet<string> = new Set(['cost', 'streaming_cost', 'total_cost']);

/**
 * Starts an export of the account's calls. Checks first (errors before any byte is sent):
 * validation_failed for the filters, rate_limited when no export slot is free (see
 * cdr-export-leases.ts). The slot is held until the stream closes (finished, failed, or its
 * client gone); a failed renewal cuts the stream, a failed release is handed to `onLeaseError`
 * (the lease then expires). At most CDR_EXPORT_ROWS_MAX rows are written.
 */
export async function exportCdrsAsCsv(
  db: Database,
  scope: ExportLeaseScope,
  filters: CdrFilters,
  onLeaseError: (error: unknown) => void,
): Promise<Readable> {
  assertDateRange(filters);
  const leaseId = await acquireExportLease(db, scope);
  const release = () => releaseExportLease(db, leaseId).catch(onLeaseError);
  const stream = Readable.from(
    leased(csvLines(db, { accountId: scope.accountId }, filters), release),
    { objectMode: false },
  );
  const renewal = setInterval(() => {
    renewExportLease(db, leaseId).then(
      (renewed) => { if (!renewed) stream.destroy(new Error('the export lease expired')); },
      (error: unknown) => {
        stream.destroy(new Error('the export lease was not renewed', { cause: error }));
      },
    );
  }, CDR_EXPORT_LEASE_RENEW_MS);
  renewal.unref();
  stream.once('close', () => {
    clearInterval(renewal);
    // Again, for a stream destroyed before its first read (the generator never started).
    void release();
  });
  return stream;
}

/**
 * The rows, then the lease released before the stream ends: a client that has the whole file
 * can start its next export at once. Also runs when the stream is destroyed mid-way.
 */
async function* leased(
  rows: AsyncGenerator<string>,
  release: () => Promise<void>,
): AsyncGenerator<string> {
  try {
    yield* rows;
  } finally {
    await release();
  }
}

async function* csvLines(
  db: Executor,
  scope: CdrScope,
  filters: CdrFilters,
): AsyncGenerator<string> {
  yield CDR_CSV_HEADER + CSV_LINE_END;
  let cursor: { startTime: string; id: string } | undefined;
  let written = 0;
  while (written < CDR_EXPORT_ROWS_MAX) {
    const limit = Math.min(CDR_EXPORT_BATCH_ROWS, CDR_EXPORT_ROWS_MAX - written);
    const rows = await selectCdrs(db, scope, filters, { limit, offset: 0, cursor });
    if (rows.length === 0) return;
    // One chunk per batch: few, large writes are what a socket likes.
    yield rows.map((row) => toCsvLine(toCsvValues(row)) + CSV_LINE_END).join('');
    written += rows.length;
    if (rows.length < limit) return;
    const last = rows[rows.length - 1]!;
    cursor = { startTime: last.cursor_time, id: last.id };
  }
}

/** One CDR's values in CDR_FIELDS order, as the JSON list prints them. */
export function toCsvValues(row: CdrWireRow): CsvValue[] {
  return CDR_FIELDS.map((field) => {
    const value = row[field];
    if (value === null) return null;
    if (field === 'id' || MONEY_FIELDS.has(field)) return toPlainNumberText(String(value));
    return value;
  });
}

/** "0.50000" -> "0.5", "12.00000" -> "12", "500000" -> "500000": exact, no float. */
export function toPlainNumberText(decimal: string): string {
  return decimal.includes('.') ? decimal.replace(/\.?0+$/, '') : decimal;
}
