import { describe, expect, it } from 'vitest';
import { payCallsFromWallet } from '../../../src/domain/cdrs/call-charges';
import { formatMoney, parseMoney } from '../../../src/domain/money';

const units = (text: string) => parseMoney(text)!;
const texts = (values: bigint[]) => values.map((value) => formatMoney(value));

describe('payCallsFromWallet', () => {
  it('pays every call in full while the wallet has enough', () => {
    const run = payCallsFromWallet(units('10'), [units('0.5'), units('1'), units('0')]);
    expect(texts(run.charged)).toEqual(['0.50000', '1.00000', '0.00000']);
    expect(texts(run.shortfalls)).toEqual(['0.00000', '0.00000', '0.00000']);
    expect(formatMoney(run.balanceAfter)).toBe('8.50000');
  });

  it('runs the wallet down to exactly zero and records the rest as shortfall, in order', () => {
    const run = payCallsFromWallet(units('1.20'), [units('0.5'), units('0.5'), units('0.5'), units('0.5')]);
    expect(texts(run.charged)).toEqual(['0.50000', '0.50000', '0.20000', '0.00000']);
    expect(texts(run.shortfalls)).toEqual(['0.00000', '0.00000', '0.30000', '0.50000']);
    expect(formatMoney(run.totalCharged)).toBe('1.20000');
    expect(formatMoney(run.totalShortfall)).toBe('0.80000');
    expect(run.balanceAfter).toBe(0n);
  });

  it('an empty wallet pays nothing; the whole cost is shortfall', () => {
    const run = payCallsFromWallet(0n, [units('2.5')]);
    expect(run.totalCharged).toBe(0n);
    expect(formatMoney(run.totalShortfall)).toBe('2.50000');
  });

  it('a wallet exactly equal to the cost ends at zero with no shortfall', () => {
    const run = payCallsFromWallet(units('0.00001'), [units('0.00001')]);
    expect(run.balanceAfter).toBe(0n);
    expect(run.totalShortfall).toBe(0n);
  });

  it('refuses a negative wallet or cost (a bug upstream)', () => {
    expect(() => payCallsFromWallet(-1n, [])).toThrow();
    expect(() => payCallsFromWallet(1n, [-1n])).toThrow();
  });
});
