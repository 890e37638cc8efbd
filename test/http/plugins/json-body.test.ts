import { describe, expect, it } from 'vitest';
import { parseJsonExactly, resolveNumberLiterals } from '../../../src/http/plugins/json-body';
import { MoneyInput } from '../../../src/http/schemas/common';
import { DomainError } from '../../../src/domain/errors';

const schema = {
  type: 'object',
  properties: {
    amount: MoneyInput,
    metadata: { type: 'object' },
    rows: { anyOf: [{ type: 'array', items: { type: 'object', properties: { fee: MoneyInput } } }, { type: 'string' }] },
  },
};

const resolve = (text: string) => resolveNumberLiterals(parseJsonExactly(text), schema as never);

describe('exact JSON bodies', () => {
  it('keeps the source text of money where the schema marks it, however many digits', () => {
    expect(resolve('{"amount": 0.1}')).toEqual({ amount: '0.1' });
    expect(resolve('{"amount": 12345678901234.56789}')).toEqual({ amount: '12345678901234.56789' });
    expect(resolve('{"amount": 500.00}')).toEqual({ amount: '500.00' });
    expect(resolve('{"amount": 500}')).toEqual({ amount: 500 });
    expect(resolve('{"rows": [{"fee": 1.10}, {"fee": 2}]}')).toEqual({ rows: [{ fee: '1.10' }, { fee: 2 }] });
  });

  it('gives every other number back as a number (metadata is echoed as sent)', () => {
    expect(resolve('{"metadata": {"score": 1.5, "nested": [2.25, 3]}}'))
      .toEqual({ metadata: { score: 1.5, nested: [2.25, 3] } });
    expect(resolve('{"unknown": 1e3}')).toEqual({ unknown: 1000 });
  });

  it('keeps integers beyond 2^53 exact only where money is expected', () => {
    expect(resolve('{"amount": 9007199254740993}')).toEqual({ amount: '9007199254740993' });
  });

  it('refuses malformed JSON and duplicate keys with a validation error, never a prototype change', () => {
    expect(() => parseJsonExactly('{"a": 1,')).toThrow(DomainError);
    expect(() => parseJsonExactly('{"a": 1, "a": 2}')).toThrow(DomainError);
    const parsed = parseJsonExactly('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
  });
});
