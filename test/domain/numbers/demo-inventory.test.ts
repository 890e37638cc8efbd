import { isValidPhoneNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import {
  DEMO_INVENTORY_SIZE,
  buildDemoInventory,
} from '../../../src/domain/numbers/demo-inventory';
import { parseInventoryRow } from '../../../src/domain/numbers/inventory-imports';

describe('buildDemoInventory', () => {
  const rows = buildDemoInventory();

  it(`has ${DEMO_INVENTORY_SIZE} distinct numbers`, () => {
    expect(rows).toHaveLength(DEMO_INVENTORY_SIZE);
    expect(new Set(rows.map((row) => row.e164)).size).toBe(DEMO_INVENTORY_SIZE);
  });

  it('is deterministic and hands out fresh copies', () => {
    const again = buildDemoInventory();
    expect(again).toEqual(rows);
    again[0]!.region = 'changed';
    expect(buildDemoInventory()[0]!.region).not.toBe('changed');
  });

  it('holds only valid Indian E.164 numbers', () => {
    for (const row of rows) {
      expect(isValidPhoneNumber(row.e164), row.e164).toBe(true);
      expect(parsePhoneNumberFromString(row.e164)?.country, row.e164).toBe('IN');
      expect(row.country).toBe('IN');
      expect(row.currency).toBe('INR');
    }
  });

  it('passes the import rules unchanged except for fee scale', () => {
    for (const row of rows) {
      const result = parseInventoryRow(row);
      expect(result, row.e164).toMatchObject({ ok: true });
      if (result.ok) {
        expect(result.row).toEqual({
          ...row, setup_fee: `${row.setup_fee}000`, monthly_fee: `${row.monthly_fee}000`,
        });
      }
    }
  });

  it.each([
    ['Bengaluru', '+9180', 30],
    ['Mumbai', '+9122', 30],
    ['Delhi', '+9111', 30],
    ['Chennai', '+9144', 20],
    ['Hyderabad', '+9140', 20],
    ['Kolkata', '+9133', 15],
    ['Pune', '+9120', 15],
    ['Ahmedabad', '+9179', 10],
  ])('%s numbers start with %s', (region, prefix, count) => {
    const inRegion = rows.filter((row) => row.region === region);
    expect(inRegion).toHaveLength(count);
    for (const row of inRegion) expect(row.e164.startsWith(prefix)).toBe(true);
  });

  it('includes toll-free (voice only) and SMS-capable mobile numbers', () => {
    const tollFree = rows.filter((row) => row.e164.startsWith('+911800'));
    expect(tollFree.length).toBeGreaterThan(0);
    for (const row of tollFree) {
      expect(row.capabilities).toEqual({ voice: true, sms: false, mms: false, fax: false });
    }
    const mobile = rows.filter((row) => row.e164.startsWith('+917428'));
    expect(mobile.length).toBeGreaterThan(0);
    for (const row of mobile) expect(row.capabilities.sms).toBe(true);
    expect(rows.some((row) => row.capabilities.fax)).toBe(true);
  });

  it('prices by region with exact two-decimal fees', () => {
    for (const row of rows) {
      expect(row.setup_fee).toMatch(/^[1-9][0-9]*\.00$/);
      expect(row.monthly_fee).toMatch(/^[1-9][0-9]*\.00$/);
    }
    const fee = (region: string) => rows.find((row) => row.region === region)!.monthly_fee;
    expect(fee('Mumbai')).toBe('349.00');
    expect(fee('Pune')).toBe('199.00');
    expect(new Set(rows.map((row) => row.monthly_fee)).size).toBeGreaterThan(3);
  });

  it('rotates providers', () => {
    expect(new Set(rows.map((row) => row.provider)).size).toBeGreaterThan(1);
    for (const row of rows) expect(row.provider).toBeTruthy();
  });
});
