/**
 * Reads CSV text into records, RFC 4180: fields separated by commas, records by CRLF, LF or CR;
 * a field in double quotes may hold commas, line breaks and doubled quotes (""). A leading UTF-8
 * byte order mark (Excel writes one) is skipped.
 *
 * Strict where RFC 4180 is: a quote inside an unquoted field, or text after a closing quote, is
 * an error rather than a guess, because a guessed split shifts every later column of the row.
 * After an error the reader stops: nothing after an unbalanced quote can be trusted.
 */

export type CsvRecord =
  | { line: number; fields: string[] }
  /** `line` is where the broken record starts (1-based, counting line breaks inside quotes). */
  | { line: number; error: string };

interface Cursor {
  text: string;
  index: number;
  line: number;
}

type FieldResult = { value: string } | { error: string };

/** Yields records lazily, so a caller that stops at a row limit never reads the rest. */
export function* readCsvRecords(text: string): Generator<CsvRecord, void, undefined> {
  const cursor: Cursor = { text, index: text.startsWith('\uFEFF') ? 1 : 0, line: 1 };
  while (cursor.index < text.length) {
    const line = cursor.line;
    const fields: string[] = [];
    for (;;) {
      const field = readField(cursor);
      if ('error' in field) {
        yield { line, error: field.error };
        return;
      }
      fields.push(field.value);
      if (text[cursor.index] !== ',') break;
      cursor.index += 1;
    }
    skipLineBreak(cursor);
    yield { line, fields };
  }
}

/** True for a line with nothing on it, which importers skip. */
export function isBlankCsvRecord(fields: readonly string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === '';
}

function readField(cursor: Cursor): FieldResult {
  return cursor.text[cursor.index] === '"' ? readQuotedField(cursor) : readBareField(cursor);
}

function readBareField(cursor: Cursor): FieldResult {
  const { text } = cursor;
  let end = cursor.index;
  while (end < text.length && !isDelimiter(text[end]!)) end += 1;
  const value = text.slice(cursor.index, end);
  if (value.includes('"')) return { error: 'a field with a quote must be enclosed in quotes' };
  cursor.index = end;
  return { value };
}

function readQuotedField(cursor: Cursor): FieldResult {
  const { text } = cursor;
  const startLine = cursor.line;
  let value = '';
  let index = cursor.index + 1;
  for (;;) {
    const close = text.indexOf('"', index);
    if (close === -1) return { error: `the quote opened on line ${startLine} is never closed` };
    const chunk = text.slice(index, close);
    cursor.line += countLineBreaks(chunk);
    value += chunk;
    if (text[close + 1] !== '"') {
      index = close + 1;
      break;
    }
    value += '"';
    index = close + 2;
  }
  if (index < text.length && !isDelimiter(text[index]!)) {
    return { error: 'a closing quote must be followed by a comma or a line break' };
  }
  cursor.index = index;
  return { value };
}

function isDelimiter(character: string): boolean {
  return character === ',' || character === '\n' || character === '\r';
}

function skipLineBreak(cursor: Cursor): void {
  const { text } = cursor;
  const start = cursor.index;
  if (text[cursor.index] === '\r') cursor.index += 1;
  if (text[cursor.index] === '\n') cursor.index += 1;
  if (cursor.index > start) cursor.line += 1;
}

/** CRLF counts once, like a lone CR or LF. */
function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}
