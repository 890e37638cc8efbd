/**
 * The purchasable inventory (vobiz-api.md 2.1): loaded by the operator, browsed by customers.
 */
import type { Database, Executor } from '../../db/database';
import { INVENTORY_EXCLUDE_PREFIXES_MAX } from '../../limits';
import { DomainError, invalidField, type FieldProblem } from '../errors';
import {
  INVENTORY_IMPORT_ROWS_MAX,
  parseInventoryCsv,
  parseInventoryItems,
  type InventoryImport,
  type InventoryRow,
} from './inventory-imports';
import { e164Contains, numberRows, pageOfNumbers } from './numbers.queries';

/** Rows per INSERT: 12 columns x 1 000 rows stays far below PostgreSQL's 65 535 parameters. */
const INSERT_CHUNK_ROWS = 1_000;

export interface InventoryImportResult {
  /** Numbers added to the inventory. */
  imported: number;
  /** Numbers already known (in inventory or owned): left as they are. */
  skipped: number;
}

/**
 * Reads an operator upload: CSV text or a JSON array of items. Fees may come as decimal strings
 * or, in JSON, as whole numbers (exact in a double); fractional JSON numbers already arrive as
 * their exact text from our JSON parser. Errors: validation_failed listing every bad row (up to
 * INVENTORY_IMPORT_ERRORS_MAX), each with its CSV line or JSON array index.
 */
export function parseInventoryUpload(body: string | readonly unknown[]): InventoryRow[] {
  const parsed: InventoryImport = typeof body === 'string'
    ? parseInventoryCsv(body)
    : parseInventoryItems(body.map(wholeFeesAsText));
  if (parsed.errors.length === 0 && parsed.rows.length === 0) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, [
      { loc: ['body'], msg: 'the upload holds no numbers', type: 'value_error' },
    ]);
  }
  if (parsed.errors.length > 0) {
    const problems: FieldProblem[] = parsed.errors.map((error) => ({
      // CSV: the file's line; JSON: the array index, as Ajv would name it.
      loc: ['body', typeof body === 'string' ? `line ${error.line}` : String(error.line - 1)],
      msg: error.message,
      type: 'value_error',
    }));
    throw new DomainError('validation_failed', 'Request validation failed', {}, problems);
  }
  return parsed.rows;
}

function wholeFeesAsText(item: unknown): unknown {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return item;
  const copy: Record<string, unknown> = { ...item };
  for (const fee of ['setup_fee', 'monthly_fee']) {
    const value = copy[fee];
    if (typeof value === 'number' && Number.isSafeInteger(value)) copy[fee] = String(value);
  }
  return copy;
}

/**
 * Adds numbers to the inventory in one transaction: all of them or, on a database error, none.
 * A number already known (by e164) is skipped, never overwritten, so an import can be repeated
 * (the demo inventory too) and can never take a number away from its owner.
 */
export async function importInventory(
  db: Database,
  rows: readonly InventoryRow[],
): Promise<InventoryImportResult> {
  if (rows.length > INVENTORY_IMPORT_ROWS_MAX) {
    throw new Error(`at most ${INVENTORY_IMPORT_ROWS_MAX} rows per import, got ${rows.length}`);
  }
  const imported = await db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (let start = 0; start < rows.length; start += INSERT_CHUNK_ROWS) {
      const chunk = rows.slice(start, start + INSERT_CHUNK_ROWS);
      const result = await trx
        .insertInto('phone_numbers')
        .values(chunk.map((row) => ({
          e164: row.e164,
          country: row.country,
          region: row.region,
          provider: row.provider,
          can_voice: row.capabilities.voice,
          can_sms: row.capabilities.sms,
          can_mms: row.capabilities.mms,
          can_fax: row.capabilities.fax,
          setup_fee: row.setup_fee,
          monthly_fee: row.monthly_fee,
          currency: row.currency,
        })))
        .onConflict((conflict) => conflict.column('e164').doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0n);
    }
    return inserted;
  });
  return { imported, skipped: rows.length - imported };
}

export interface InventoryQuery {
  country?: string | undefined;
  search?: string | undefined;
  /** E.164 prefixes without "+" (e.g. "9180"): numbers starting with any of them are left out. */
  excludePrefixes: readonly string[];
  page: number;
  perPage: number;
}

/** Unowned, unblocked numbers (status active), in number order. */
export async function listInventory(db: Executor, query: InventoryQuery) {
  let rows = numberRows(db).where('n.account_id', 'is', null).where('n.is_blocked', '=', false);
  if (query.country) rows = rows.where('n.country', '=', query.country);
  if (query.search) rows = rows.where('n.e164', 'like', e164Contains(query.search));
  for (const prefix of query.excludePrefixes) {
    rows = rows.where('n.e164', 'not like', `+${prefix}%`);
  }
  return pageOfNumbers(rows, query.page, query.perPage);
}

const PREFIX_PATTERN = /^\+?[0-9]{1,15}$/;

/**
 * Reads `exclude` as Vobiz takes it: a comma list, a repeated parameter, or both. Returns the
 * distinct prefixes without "+". Errors: validation_failed (not digits, too many).
 */
export function parseExcludePrefixes(values: readonly string[]): string[] {
  const prefixes = new Set<string>();
  for (const value of values) {
    for (const part of value.split(',')) {
      const text = part.trim();
      if (text === '') continue;
      if (!PREFIX_PATTERN.test(text)) {
        throw invalidField(['query', 'exclude'], 'each prefix must be digits, e.g. 9180', text);
      }
      prefixes.add(text.replace(/^\+/, ''));
    }
  }
  if (prefixes.size > INVENTORY_EXCLUDE_PREFIXES_MAX) {
    throw invalidField(
      ['query', 'exclude'], `at most ${INVENTORY_EXCLUDE_PREFIXES_MAX} prefixes`, prefixes.size,
    );
  }
  return [...prefixes];
}
