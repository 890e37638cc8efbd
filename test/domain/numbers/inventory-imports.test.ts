import { describe, expect, it } from 'vitest';
import {
  INVENTORY_CSV_COLUMNS,
  INVENTORY_CSV_LENGTH_MAX,
  INVENTORY_IMPORT_ERRORS_MAX,
  INVENTORY_IMPORT_ROWS_MAX,
  INVENTORY_TEXT_LENGTH_MAX,
  parseInventoryCsv,
  parseInventoryItems,
  parseInventoryRow,
} from '../../../src/domain/numbers/inventory-imports';

const GOOD_ITEM = {
  e164: '+918047182000',
  country: 'IN',
  region: 'Bengaluru',
  capabilities: { voice: true, sms: false, mms: false, fax: false },
  setup_fee: '499.00',
  monthly_fee: '299.00',
  currency: 'INR',
  provider: 'Airtel',
};

const GOOD_ROW = { ...GOOD_ITEM, setup_fee: '499.00000', monthly_fee: '299.00000' };

function messageOf(input: unknown): string {
  const result = parseInventoryRow(input);
  expect(result.ok).toBe(false);
  return result.ok ? '' : result.message;
}

describe('parseInventoryRow accepts', () => {
  it('a complete item, fees normalized to 5 decimals', () => {
    expect(parseInventoryRow(GOOD_ITEM)).toEqual({ ok: true, row: GOOD_ROW });
  });

  it.each([
    ['no provider', { provider: undefined }, { provider: null }],
    ['null provider', { provider: null }, { provider: null }],
    ['blank provider', { provider: '  ' }, { provider: null }],
    ['no region', { region: undefined }, { region: '' }],
    ['padded region', { region: '  Bengaluru ' }, { region: 'Bengaluru' }],
    ['zero fees', { setup_fee: '0', monthly_fee: '0.00000' },
      { setup_fee: '0.00000', monthly_fee: '0.00000' }],
    ['whole fees', { setup_fee: '499' }, { setup_fee: '499.00000' }],
    ['5 decimals', { setup_fee: '0.00001' }, { setup_fee: '0.00001' }],
    ['maximum fee', { setup_fee: '10000000' }, { setup_fee: '10000000.00000' }],
    ['text flags', { capabilities: { voice: 'TRUE', sms: '1', mms: 'no', fax: 'False' } },
      { capabilities: { voice: true, sms: true, mms: false, fax: false } }],
    ['no capabilities: none', { capabilities: undefined },
      { capabilities: { voice: false, sms: false, mms: false, fax: false } }],
    ['an omitted flag is false', { capabilities: { voice: true } },
      { capabilities: { voice: true, sms: false, mms: false, fax: false } }],
    ['a US number', { e164: '+12025550123', country: 'US', currency: 'USD' }, {}],
    ['a toll-free number', { e164: '+9118004190000' }, {}],
    ['a mobile number', { e164: '+919845012345' }, {}],
    ['a long region', { region: 'r'.repeat(INVENTORY_TEXT_LENGTH_MAX) }, {}],
  ])('%s', (_name, change, expected) => {
    const result = parseInventoryRow({ ...GOOD_ITEM, ...change });
    expect(result).toMatchObject({ ok: true, row: expected });
  });
});

describe('parseInventoryRow rejects', () => {
  it.each([null, 'row', 42, [GOOD_ITEM]])('%j', (input) => {
    expect(messageOf(input)).toBe('row must be an object');
  });

  it.each([
    ['missing e164', { e164: undefined }, /e164 must be an E\.164/],
    ['national format', { e164: '08047182000' }, /E\.164/],
    ['spaces', { e164: '+91 80 4718 2000' }, /E\.164/],
    ['no plus', { e164: '918047182000' }, /E\.164/],
    ['too long', { e164: '+9180471820001234' }, /E\.164/],
    ['invalid number', { e164: '+910000000000' }, /not a valid phone number/],
    ['too short for India', { e164: '+9180471820' }, /not a valid phone number/],
    ['country mismatch', { country: 'US' }, /is a number of IN, not US/],
    ['lowercase country', { country: 'in' }, /alpha-2/],
    ['3-letter country', { country: 'IND' }, /alpha-2/],
    ['array capabilities', { capabilities: [true] }, /capabilities must be an object/],
    ['bad flag', { capabilities: { voice: 'maybe', sms: false, mms: false, fax: false } },
      /voice must be true or false/],
    ['number flag', { capabilities: { voice: 1, sms: false, mms: false, fax: false } },
      /voice must be/],
    ['number fee', { setup_fee: 499 }, /setup_fee must be a decimal string/],
    ['6 decimals', { setup_fee: '0.000001' }, /at most 5 decimals/],
    ['negative fee', { monthly_fee: '-1.00' }, /monthly_fee must not be negative/],
    ['exponent', { setup_fee: '1e3' }, /decimal string/],
    ['plus sign', { setup_fee: '+1' }, /decimal string/],
    ['comma', { setup_fee: '1,000.00' }, /decimal string/],
    ['empty fee', { monthly_fee: '' }, /monthly_fee must be a decimal/],
    ['over maximum', { setup_fee: '10000000.00001' }, /at most 10000000/],
    ['lowercase currency', { currency: 'inr' }, /currency must be 3 uppercase/],
    ['missing currency', { currency: undefined }, /currency/],
    ['symbol currency', { currency: '₹' }, /currency/],
    ['long region', { region: 'r'.repeat(INVENTORY_TEXT_LENGTH_MAX + 1) },
      /region must be at most/],
    ['control in region', { region: 'Bengaluru\n' + 'x' }, /control characters/],
    ['number provider', { provider: 7 }, /provider must be text/],
  ])('%s', (_name, change, message) => {
    expect(messageOf({ ...GOOD_ITEM, ...change })).toMatch(message);
  });

  it('lists every problem of the item', () => {
    const message = messageOf({ ...GOOD_ITEM, e164: 'x', setup_fee: '-1', currency: 'inr' });
    expect(message.split('; ')).toHaveLength(3);
  });
});

const HEADER = INVENTORY_CSV_COLUMNS.join(',');
const GOOD_LINE = '+918047182000,IN,Bengaluru,true,false,false,false,499.00,299.00,INR';

describe('parseInventoryCsv', () => {
  it('reads rows under the documented header', () => {
    const result = parseInventoryCsv(`${HEADER}\n${GOOD_LINE}\n`);
    expect(result).toEqual({ rows: [{ ...GOOD_ROW, provider: null }], errors: [] });
  });

  it('reads the optional provider, any column order, any header case, quoted fields', () => {
    const text = [
      'Provider,CURRENCY,monthly_fee,setup_fee,fax,mms,sms,voice,region,country,e164',
      '"Tata Communications, Ltd",INR,"299.00",499.00,0,0,1,1,"Mumbai, MH",IN,+912261201234',
    ].join('\r\n');
    expect(parseInventoryCsv(text)).toEqual({
      rows: [{
        e164: '+912261201234', country: 'IN', region: 'Mumbai, MH',
        capabilities: { voice: true, sms: true, mms: false, fax: false },
        setup_fee: '499.00000', monthly_fee: '299.00000', currency: 'INR',
        provider: 'Tata Communications, Ltd',
      }],
      errors: [],
    });
  });

  it('trims fields, skips blank lines and accepts a BOM', () => {
    const text = `\uFEFF${HEADER}\n\n ${GOOD_LINE.replaceAll(',', ' , ')} \n\n`;
    const result = parseInventoryCsv(text);
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(1);
  });

  it('reports each bad row with its line and keeps the good ones', () => {
    const text = [
      HEADER,
      GOOD_LINE,
      '+918047182001,IN,Bengaluru,true,false,false,false,-5,299.00,INR',
      '+918047182002,IN,Bengaluru,true,false,false',
      '"+918047182003",IN,"multi',
      'line",true,false,false,false,1,1,INR',
      '+918047182000,IN,Bengaluru,true,false,false,false,1,1,INR',
    ].join('\n');
    const result = parseInventoryCsv(text);
    expect(result.rows.map((row) => row.e164)).toEqual(['+918047182000']);
    expect(result.errors).toEqual([
      { line: 3, message: 'setup_fee must not be negative' },
      { line: 4, message: 'expected 10 fields, found 6' },
      { line: 5, message: 'region must not contain control characters' },
      { line: 7, message: 'duplicate of line 2' },
    ]);
  });

  it.each([
    ['', /first line must be a header/],
    ['\n\n', /first line must be a header/],
    ['e164,country', /missing columns: region, setup_fee, monthly_fee, currency/],
    [`${HEADER},color`, /unknown column "color"/],
    [`${HEADER},e164`, /column "e164" appears twice/],
    [`"${HEADER}`, /never closed/],
  ])('rejects the header of %j', (text, message) => {
    const result = parseInventoryCsv(text);
    expect(result.rows).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.line).toBe(1);
    expect(result.errors[0]!.message).toMatch(message);
  });

  it('stops at a broken quote, keeping the rows before it', () => {
    const result = parseInventoryCsv(`${HEADER}\n${GOOD_LINE}\n+918047182001,"IN\n`);
    expect(result.rows).toHaveLength(1);
    expect(result.errors).toEqual([
      { line: 3, message: 'the quote opened on line 3 is never closed' },
    ]);
  });

  it(`accepts ${INVENTORY_IMPORT_ROWS_MAX} rows and refuses one more`, () => {
    const lines = Array.from({ length: INVENTORY_IMPORT_ROWS_MAX + 1 }, (_, index) =>
      `+9180471${String(index).padStart(5, '0')},IN,,1,0,0,0,1,1,INR`);
    const atLimit = parseInventoryCsv([HEADER, ...lines.slice(0, -1)].join('\n'));
    expect(atLimit.errors).toEqual([]);
    expect(atLimit.rows).toHaveLength(INVENTORY_IMPORT_ROWS_MAX);
    const overLimit = parseInventoryCsv([HEADER, ...lines].join('\n'));
    expect(overLimit.errors).toEqual([
      { line: INVENTORY_IMPORT_ROWS_MAX + 2, message: `at most ${INVENTORY_IMPORT_ROWS_MAX} rows` },
    ]);
  });

  it(`stops collecting after ${INVENTORY_IMPORT_ERRORS_MAX} errors`, () => {
    const lines = Array.from({ length: 500 }, () => 'bad,IN,,1,0,0,0,1,1,INR');
    const result = parseInventoryCsv([HEADER, ...lines].join('\n'));
    expect(result.errors).toHaveLength(INVENTORY_IMPORT_ERRORS_MAX);
    expect(result.errors.at(-1)!.line).toBe(INVENTORY_IMPORT_ERRORS_MAX + 1);
  });

  it('refuses text over the size limit without reading it', () => {
    const result = parseInventoryCsv(`${HEADER}\n`.padEnd(INVENTORY_CSV_LENGTH_MAX + 1, ' '));
    expect(result.errors).toEqual([
      { line: 1, message: `the file is larger than ${INVENTORY_CSV_LENGTH_MAX} characters` },
    ]);
  });
});

describe('parseInventoryItems', () => {
  it('reads items and numbers errors by 1-based position', () => {
    const result = parseInventoryItems([
      GOOD_ITEM, { ...GOOD_ITEM, currency: 'usd' }, 'x', { ...GOOD_ITEM },
    ]);
    expect(result.rows).toEqual([GOOD_ROW]);
    expect(result.errors).toEqual([
      { line: 2, message: 'currency must be 3 uppercase letters such as INR' },
      { line: 3, message: 'row must be an object' },
      { line: 4, message: 'duplicate of line 1' },
    ]);
  });

  it('accepts an empty array', () => {
    expect(parseInventoryItems([])).toEqual({ rows: [], errors: [] });
  });

  it(`refuses more than ${INVENTORY_IMPORT_ROWS_MAX} items at once`, () => {
    const items = Array.from({ length: INVENTORY_IMPORT_ROWS_MAX + 1 }, () => GOOD_ITEM);
    const result = parseInventoryItems(items);
    expect(result.rows).toEqual([]);
    expect(result.errors).toEqual([
      { line: INVENTORY_IMPORT_ROWS_MAX + 1, message: `at most ${INVENTORY_IMPORT_ROWS_MAX} rows` },
    ]);
  });
});
