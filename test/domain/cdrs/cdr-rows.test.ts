import { describe, expect, it } from 'vitest';
import {
  CDR_CSV_HEADER,
  CDR_FIELDS,
  CSV_LINE_END,
  toCsvLine,
} from '../../../src/domain/cdrs/cdr-rows';
import { readCsvRecords } from '../../../src/domain/numbers/csv-records';

describe('CDR_FIELDS', () => {
  it('lists the 43 documented fields, in order, once each', () => {
    expect(CDR_FIELDS).toHaveLength(43);
    expect(new Set(CDR_FIELDS).size).toBe(43);
    expect(CDR_FIELDS.slice(0, 4)).toEqual(['id', 'uuid', 'account_id', 'call_direction']);
    expect(CDR_FIELDS.slice(-5))
      .toEqual(['bridge_uuid', 'sip_call_id', 'sip_user_agent', 'network_addr', 'carrier_ip']);
    for (const field of ['billsec', 'cost', 'total_cost', 'mos', 'hangup_cause_code', 'trunk_id']) {
      expect(CDR_FIELDS).toContain(field);
    }
  });

  it('is the CSV header', () => {
    expect(CDR_CSV_HEADER).toBe(CDR_FIELDS.join(','));
    expect(CSV_LINE_END).toBe('\r\n');
  });
});

describe('toCsvLine', () => {
  it.each([
    [[], ''],
    [['a', 'b'], 'a,b'],
    [[null, 1, true, false], ',1,true,false'],
    [[0, -1.5, 4.25], '0,-1.5,4.25'],
    [[''], ''],
    [['a,b'], '"a,b"'],
    [['say "hi"'], '"say ""hi"""'],
    [['two\nlines'], '"two\nlines"'],
    [['cr\rhere'], '"cr\rhere"'],
    [['"'], '""""'],
    [['+918047182000', '-1.50000', '+1', '-7'], '+918047182000,-1.50000,+1,-7'],
    [['=HYPERLINK("http://x")'], '"\'=HYPERLINK(""http://x"")"'],
    [['@SUM(A1)'], "'@SUM(A1)"],
    [['+cmd'], "'+cmd"],
    [['-2+3+cmd|\' /C calc\'!A0'], "'-2+3+cmd|' /C calc'!A0"],
    [['\tTAB'], "'\tTAB"],
    [['Priya Nair'], 'Priya Nair'],
    [['a=b'], 'a=b'],
  ])('%j -> %j', (values, line) => {
    expect(toCsvLine(values)).toBe(line);
  });

  it('round-trips through an RFC 4180 reader', () => {
    const values = ['plain', 'with,comma', 'with "quotes"', 'multi\r\nline', '', 'ünïcödé'];
    const [record] = [...readCsvRecords(toCsvLine(values))];
    expect(record).toEqual({ line: 1, fields: values });
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY])('asserts finite numbers (%s)', (value) => {
    expect(() => toCsvLine([value])).toThrow(/finite/);
  });
});
