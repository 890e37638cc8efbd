/**
 * Numbers an operator loads into the purchasable inventory (vobiz-api.md 2.1), read from CSV or
 * from a JSON array. Both paths check each item with parseInventoryRow, so a number is accepted
 * or refused for the same reasons whichever way it arrives.
 *
 * Parsing does not stop at the first bad row: the operator gets every problem with its line
 * (up to INVENTORY_IMPORT_ERRORS_MAX), fixes the file once and uploads again. Whether a file with
 * errors imports its good rows is the use case's decision, not the parser's.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { MONEY_SCALE, formatMoney, parseMoney } from '../money';
import { isBlankCsvRecord, readCsvRecords } from './csv-records';

/** Rows per import: one import is one transaction; 10k rows insert in well under a second. */
export const INVENTORY_IMPORT_ROWS_MAX = 10_000;
/** Problems reported per import: past 100 the file is wrong as a whole; the body stays small. */
export const INVENTORY_IMPORT_ERRORS_MAX = 100;
/** CSV characters: 10k rows of ~100 characters, twice over. The route's body limit must fit it. */
export const INVENTORY_CSV_LENGTH_MAX = 2 * 1024 * 1024;
/** Text fields (region, provider): a city or carrier name, never a paragraph. */
export const INVENTORY_TEXT_LENGTH_MAX = 100;
/** Fees above 1 crore per number are a typo (an extra zero, a paise column), not a price. */
export const INVENTORY_FEE_MAX = '10000000';

export interface InventoryCapabilities {
  voice: boolean;
  sms: boolean;
  mms: boolean;
  fax: boolean;
}

/** A number as the inventory stores it. Fees are decimal text with MONEY_SCALE digits. */
export interface InventoryRow {
  e164: string;
  country: string;
  region: string;
  capabilities: InventoryCapabilities;
  setup_fee: string;
  monthly_fee: string;
  currency: string;
  provider: string | null;
}

export type InventoryRowResult = { ok: true; row: InventoryRow } | { ok: false; message: string };

export interface InventoryImportError {
  /** CSV: the physical line (the header is line 1). JSON: the item's 1-based position. */
  line: number;
  message: string;
}

export interface InventoryImport {
  rows: InventoryRow[];
  errors: InventoryImportError[];
}

const CAPABILITIES = ['voice', 'sms', 'mms', 'fax'] as const;
/** The CSV header, in this order when we write one; readers accept any order. */
export const INVENTORY_CSV_COLUMNS = [
  'e164', 'country', 'region', ...CAPABILITIES, 'setup_fee', 'monthly_fee', 'currency',
] as const;
/** Columns a header may leave out: a number without a capability column lacks it. */
const OPTIONAL_CSV_COLUMNS: readonly string[] = ['provider', ...CAPABILITIES];

const E164_PATTERN = /^\+[1-9][0-9]{6,14}$/;
const COUNTRY_PATTERN = /^[A-Z]{2}$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
const COUNTRY_PROBLEM = 'country must be an ISO 3166-1 alpha-2 code such as IN';
const CURRENCY_PROBLEM = 'currency must be 3 uppercase letters such as INR';
const FEE_MAX_UNITS = parseMoney(INVENTORY_FEE_MAX)!;
const TRUE_TEXTS = new Set(['true', '1', 'yes']);
const FALSE_TEXTS = new Set(['false', '0', 'no']);

/**
 * Checks one item: `{e164, country, region?, capabilities{voice,sms,mms,fax}, setup_fee,
 * monthly_fee, currency, provider?}`. Flags are booleans or CSV text (true/false, 1/0, yes/no).
 * Fees must be decimal strings, not JSON numbers: a float cannot promise the exact amount the
 * operator meant. The message lists every problem of the item, separated by "; ".
 */
export function parseInventoryRow(input: unknown): InventoryRowResult {
  if (!isRecord(input)) return { ok: false, message: 'row must be an object' };
  const problems: string[] = [];
  const country = readPattern(input.country, COUNTRY_PATTERN, COUNTRY_PROBLEM, problems);
  const e164 = readE164(input.e164, country, problems);
  const capabilities = readCapabilities(input.capabilities, problems);
  const setupFee = readFee('setup_fee', input.setup_fee, problems);
  const monthlyFee = readFee('monthly_fee', input.monthly_fee, problems);
  const currency = readPattern(input.currency, CURRENCY_PATTERN, CURRENCY_PROBLEM, problems);
  const region = readText('region', input.region, problems) ?? '';
  const provider = readText('provider', input.provider, problems);
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  // Each reader returns undefined only after recording a problem, so all are set here.
  const row: InventoryRow = {
    e164: e164!, country: country!, region, capabilities: capabilities!,
    setup_fee: setupFee!, monthly_fee: monthlyFee!, currency: currency!, provider,
  };
  return { ok: true, row };
}

/** Reads a JSON import: an array of items as parseInventoryRow takes them. */
export function parseInventoryItems(items: readonly unknown[]): InventoryImport {
  const batch = new ImportBatch();
  if (items.length > INVENTORY_IMPORT_ROWS_MAX) {
    batch.fail(INVENTORY_IMPORT_ROWS_MAX + 1, `at most ${INVENTORY_IMPORT_ROWS_MAX} rows`);
    return batch.result();
  }
  for (let index = 0; index < items.length && !batch.isFull(); index += 1) {
    batch.add(index + 1, parseInventoryRow(items[index]));
  }
  return batch.result();
}

/**
 * Reads a CSV import: a header row naming the INVENTORY_CSV_COLUMNS (any order, any case, plus
 * an optional `provider`), then one number per line. Blank lines are skipped; fields are trimmed.
 */
export function parseInventoryCsv(text: string): InventoryImport {
  const batch = new ImportBatch();
  if (text.length > INVENTORY_CSV_LENGTH_MAX) {
    batch.fail(1, `the file is larger than ${INVENTORY_CSV_LENGTH_MAX} characters`);
    return batch.result();
  }
  const records = readCsvRecords(text);
  const next = records.next();
  const header = next.done === true ? undefined : next.value;
  if (header !== undefined && 'error' in header) {
    batch.fail(header.line, header.error);
  } else if (header === undefined || isBlankCsvRecord(header.fields)) {
    batch.fail(1, `the first line must be a header: ${INVENTORY_CSV_COLUMNS.join(',')}`);
  } else {
    const columns = readHeader(header.fields, batch);
    if (columns !== undefined) readCsvRows(records, columns, batch);
  }
  return batch.result();
}

function readCsvRows(
  records: ReturnType<typeof readCsvRecords>,
  columns: string[],
  batch: ImportBatch,
): void {
  let rowCount = 0;
  for (const record of records) {
    if ('error' in record) return batch.fail(record.line, record.error);
    if (isBlankCsvRecord(record.fields)) continue;
    rowCount += 1;
    if (rowCount > INVENTORY_IMPORT_ROWS_MAX) {
      return batch.fail(record.line, `at most ${INVENTORY_IMPORT_ROWS_MAX} rows`);
    }
    if (record.fields.length !== columns.length) {
      batch.fail(record.line, `expected ${columns.length} fields, found ${record.fields.length}`);
    } else {
      batch.add(record.line, parseInventoryRow(toItem(columns, record.fields)));
    }
    if (batch.isFull()) return;
  }
}

/** Returns the column names in file order, or undefined after recording why the header fails. */
function readHeader(fields: string[], batch: ImportBatch): string[] | undefined {
  const names = fields.map((field) => field.trim().toLowerCase());
  const known = new Set<string>([...INVENTORY_CSV_COLUMNS, ...OPTIONAL_CSV_COLUMNS]);
  const problems = [
    ...names.filter((name) => !known.has(name)).map((name) => `unknown column "${name}"`),
    ...names.filter((name, index) => names.indexOf(name) !== index)
      .map((name) => `column "${name}" appears twice`),
  ];
  const missing = INVENTORY_CSV_COLUMNS
    .filter((name) => !names.includes(name) && !OPTIONAL_CSV_COLUMNS.includes(name));
  if (missing.length > 0) problems.push(`missing columns: ${missing.join(', ')}`);
  if (problems.length === 0) return names;
  batch.fail(1, problems.join('; '));
  return undefined;
}

function toItem(columns: string[], fields: string[]): Record<string, unknown> {
  const cells = new Map(columns.map((name, index) => [name, fields[index]!.trim()]));
  const capabilities = Object.fromEntries(CAPABILITIES.map((name) => [name, cells.get(name)]));
  return { ...Object.fromEntries(cells), capabilities };
}

/** Collects rows and errors, refuses a repeated number, and stops counting at the error cap. */
class ImportBatch {
  private readonly rows: InventoryRow[] = [];
  private readonly errors: InventoryImportError[] = [];
  private readonly lineByE164 = new Map<string, number>();

  add(line: number, result: InventoryRowResult): void {
    if (!result.ok) return this.fail(line, result.message);
    const firstLine = this.lineByE164.get(result.row.e164);
    if (firstLine !== undefined) return this.fail(line, `duplicate of line ${firstLine}`);
    this.lineByE164.set(result.row.e164, line);
    this.rows.push(result.row);
  }

  fail(line: number, message: string): void {
    if (!this.isFull()) this.errors.push({ line, message });
  }

  isFull(): boolean {
    return this.errors.length >= INVENTORY_IMPORT_ERRORS_MAX;
  }

  result(): InventoryImport {
    return { rows: this.rows, errors: this.errors };
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readPattern(
  value: unknown,
  pattern: RegExp,
  problem: string,
  problems: string[],
): string | undefined {
  if (typeof value === 'string' && pattern.test(value)) return value;
  problems.push(problem);
  return undefined;
}

function readE164(
  value: unknown,
  country: string | undefined,
  problems: string[],
): string | undefined {
  if (typeof value !== 'string' || !E164_PATTERN.test(value)) {
    problems.push('e164 must be an E.164 number such as +918047182000');
    return undefined;
  }
  const phone = parsePhoneNumberFromString(value);
  if (phone === undefined || !phone.isValid()) {
    problems.push(`${value} is not a valid phone number`);
    return undefined;
  }
  if (country !== undefined && phone.country !== country) {
    const owner = phone.country ?? 'no single country';
    problems.push(`${value} is a number of ${owner}, not ${country}`);
    return undefined;
  }
  return value;
}

/** An omitted capability (or all of them) is false: a number has only what it is said to have. */
function readCapabilities(value: unknown, problems: string[]): InventoryCapabilities | undefined {
  const capabilities: InventoryCapabilities = { voice: false, sms: false, mms: false, fax: false };
  if (value === undefined || value === null) return capabilities;
  if (!isRecord(value)) {
    problems.push('capabilities must be an object with voice, sms, mms and fax');
    return undefined;
  }
  const before = problems.length;
  for (const name of CAPABILITIES) {
    if (value[name] === undefined || value[name] === '') continue;
    const flag = readFlag(value[name]);
    if (flag === undefined) problems.push(`${name} must be true or false`);
    else capabilities[name] = flag;
  }
  return problems.length === before ? capabilities : undefined;
}

function readFlag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.toLowerCase();
  if (TRUE_TEXTS.has(text)) return true;
  return FALSE_TEXTS.has(text) ? false : undefined;
}

function readFee(name: string, value: unknown, problems: string[]): string | undefined {
  const units = typeof value === 'string' ? parseMoney(value, MONEY_SCALE) : undefined;
  if (units === undefined) {
    problems.push(`${name} must be a decimal string with at most ${MONEY_SCALE} decimals`);
  } else if (units < 0n) {
    problems.push(`${name} must not be negative`);
  } else if (units > FEE_MAX_UNITS) {
    problems.push(`${name} must be at most ${INVENTORY_FEE_MAX}`);
  } else {
    return formatMoney(units, MONEY_SCALE);
  }
  return undefined;
}

/** Optional text: absent or blank is null; otherwise trimmed, bounded, without controls. */
function readText(name: string, value: unknown, problems: string[]): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    problems.push(`${name} must be text`);
    return null;
  }
  const text = value.trim();
  // Control characters would corrupt CSV exports and log lines.
  if (/[\x00-\x1f\x7f]/.test(text)) {
    problems.push(`${name} must not contain control characters`);
    return null;
  }
  if (text.length > INVENTORY_TEXT_LENGTH_MAX) {
    problems.push(`${name} must be at most ${INVENTORY_TEXT_LENGTH_MAX} characters`);
    return null;
  }
  return text === '' ? null : text;
}
