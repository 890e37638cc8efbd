import { describe, expect, it } from 'vitest';
import {
  type CsvRecord,
  isBlankCsvRecord,
  readCsvRecords,
} from '../../../src/domain/numbers/csv-records';

function read(text: string): CsvRecord[] {
  return [...readCsvRecords(text)];
}

describe('readCsvRecords', () => {
  it.each([
    ['a,b,c', [['a', 'b', 'c']]],
    ['a,b\nc,d', [['a', 'b'], ['c', 'd']]],
    ['a,b\r\nc,d\r\n', [['a', 'b'], ['c', 'd']]],
    ['a,b\rc,d', [['a', 'b'], ['c', 'd']]],
    ['a,,c', [['a', '', 'c']]],
    [',', [['', '']]],
    ['a,', [['a', '']]],
    ['"a,b",c', [['a,b', 'c']]],
    ['"say ""hi""",x', [['say "hi"', 'x']]],
    ['""', [['']]],
    ['"",""', [['', '']]],
    ['"multi\nline",x\ny,z', [['multi\nline', 'x'], ['y', 'z']]],
    ['"crlf\r\ninside"', [['crlf\r\ninside']]],
    ['\uFEFFa,b', [['a', 'b']]],
    [' a , b ', [[' a ', ' b ']]],
  ])('%j', (text, expected) => {
    const records = read(text).map((record) => ('fields' in record ? record.fields : record));
    expect(records).toEqual(expected);
  });

  it('returns nothing for empty text', () => {
    expect(read('')).toEqual([]);
  });

  it('numbers lines, counting breaks inside quotes and blank lines', () => {
    const records = read('h1,h2\n"a\nb",c\n\nd,e\r\nf,g');
    expect(records.map((record) => record.line)).toEqual([1, 2, 4, 5, 6]);
    expect(records[2]).toEqual({ line: 4, fields: [''] });
  });

  it.each([
    ['a,"b', 1, /quote opened on line 1 is never closed/],
    ['x\ny,"b\nc', 2, /quote opened on line 2/],
    ['a,"b"c', 1, /closing quote must be followed/],
    ['a,"b" ,c', 1, /closing quote must be followed/],
    ['a,b"c', 1, /must be enclosed in quotes/],
    ['ok\nbad"', 2, /must be enclosed in quotes/],
  ])('stops at an error: %j', (text, line, message) => {
    const records = read(text);
    const last = records[records.length - 1]!;
    expect(last).toMatchObject({ line });
    expect('error' in last && last.error).toMatch(message);
  });

  it('is lazy: a caller can stop early', () => {
    const records = readCsvRecords('a\nb\nc');
    expect(records.next().value).toEqual({ line: 1, fields: ['a'] });
  });

  it('isBlankCsvRecord', () => {
    expect(isBlankCsvRecord([''])).toBe(true);
    expect(isBlankCsvRecord(['  '])).toBe(true);
    expect(isBlankCsvRecord(['', ''])).toBe(false);
    expect(isBlankCsvRecord(['a'])).toBe(false);
  });
});
