import { describe, expect, it } from 'vitest';
import {
  aadhaarLastFour,
  gstinCheckCharacter,
  gstinMatchesPan,
  isValidAadhaar,
  isValidGstin,
  isVerhoeffValid,
  maskEmail,
  maskPan,
  parseDateOfBirth,
  parseGstin,
  parsePan,
  verhoeffCheckDigit,
} from '../../../src/domain/kyc/identifiers';

/** Builds a GSTIN with a correct check character from its first 14 characters. */
const gstinFor = (first14: string): string => first14 + gstinCheckCharacter(first14);
/** Builds an Aadhaar number with a correct Verhoeff digit from its first 11 digits. */
const aadhaarFor = (first11: string): string => first11 + verhoeffCheckDigit(first11);

describe('parsePan', () => {
  it('reads an individual PAN from its 4th character P', () => {
    expect(parsePan('GTBPD1234K')).toEqual({ pan: 'GTBPD1234K', holderType: 'individual' });
  });

  it('reads a company PAN from its 4th character C', () => {
    expect(parsePan('AAACZ0000S')).toEqual({ pan: 'AAACZ0000S', holderType: 'company' });
  });

  it.each(['H', 'F', 'A', 'T', 'B', 'L', 'J', 'G', 'K', 'E', 'X'])(
    'calls holder letter %s unsupported',
    (letter) => {
      expect(parsePan(`AAA${letter}Z1234Q`)?.holderType).toBe('unsupported');
    },
  );

  it('trims and uppercases what a person types', () => {
    expect(parsePan('  gtbpd1234k \n')).toEqual({ pan: 'GTBPD1234K', holderType: 'individual' });
  });

  it.each([
    ['empty', ''],
    ['9 characters', 'GTBPD1234'],
    ['11 characters', 'GTBPD1234KK'],
    ['a digit among the first five', 'GTB9D1234K'],
    ['a letter among the digits', 'GTBPD12O4K'],
    ['a digit last', 'GTBPD12345'],
    ['an inner space', 'GTBPD 1234K'],
    ['a non-ASCII letter', 'GTBPÉ1234K'],
    ['punctuation', 'GTBPD-234K'],
  ])('refuses %s', (_, text) => {
    expect(parsePan(text)).toBeUndefined();
  });
});

describe('GSTIN', () => {
  it.each(['27ABQFM7569K1Z9', '24AAWFA8982B1Z3'])('accepts the real GSTIN %s', (gstin) => {
    expect(isValidGstin(gstin)).toBe(true);
  });

  it('computes the check character of known GSTINs', () => {
    expect(gstinCheckCharacter('27ABQFM7569K1Z')).toBe('9');
    expect(gstinCheckCharacter('24AAWFA8982B1Z')).toBe('3');
  });

  it('refuses every wrong check character', () => {
    const first14 = '27ABQFM7569K1Z';
    const wrong = [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].filter((c) => c !== '9');
    for (const character of wrong) expect(isValidGstin(first14 + character)).toBe(false);
  });

  it('catches a single changed character through the check character', () => {
    expect(isValidGstin('27ABQFM7568K1Z9')).toBe(false);
    expect(isValidGstin('28ABQFM7569K1Z9')).toBe(false);
  });

  it('refuses the gstinapi.in sandbox fixture, whose checksum is wrong', () => {
    expect(gstinCheckCharacter('00AAAAA0000A1Z')).not.toBe('T');
    expect(isValidGstin('00AAAAA0000A1ZT')).toBe(false);
  });

  it('trims and uppercases, returning the normal form', () => {
    expect(parseGstin(' 27abqfm7569k1z9 ')).toBe('27ABQFM7569K1Z9');
  });

  it.each([
    ['state code 00', gstinFor('00ABQFM7569K1Z')],
    ['entity number 0', gstinFor('27ABQFM7569K0Z')],
    ['a 14th character other than Z', gstinFor('27ABQFM7569K1Y')],
    ['a malformed PAN part', gstinFor('27ABQF07569K1Z')],
    ['a letter in the state code', gstinFor('2AABQFM7569K1Z')],
    ['14 characters', '27ABQFM7569K1Z'],
    ['16 characters', '27ABQFM7569K1Z99'],
    ['empty', ''],
  ])('refuses %s even with a correct check character', (_, text) => {
    expect(isValidGstin(text)).toBe(false);
  });

  it('accepts entity numbers past 9 (A-Z) and any state code but 00', () => {
    expect(isValidGstin(gstinFor('27ABQFM7569KAZ'))).toBe(true);
    expect(isValidGstin(gstinFor('99ABQFM7569K1Z'))).toBe(true);
    expect(isValidGstin(gstinFor('01ABQFM7569K1Z'))).toBe(true);
  });

  it('only computes check characters for 14 characters of 0-9A-Z (a programming error)', () => {
    expect(() => gstinCheckCharacter('27ABQFM7569K1')).toThrow();
    expect(() => gstinCheckCharacter('27abqfm7569k1z')).toThrow();
  });
});

describe('gstinMatchesPan', () => {
  it('is true when characters 3-12 are the PAN', () => {
    expect(gstinMatchesPan('27ABQFM7569K1Z9', 'ABQFM7569K')).toBe(true);
    expect(gstinMatchesPan('27abqfm7569k1z9', ' abqfm7569k ')).toBe(true);
  });

  it('is false for another PAN, a shifted PAN or wrong lengths', () => {
    expect(gstinMatchesPan('27ABQFM7569K1Z9', 'ABQFM7569L')).toBe(false);
    expect(gstinMatchesPan('27ABQFM7569K1Z9', 'BQFM7569K1')).toBe(false);
    expect(gstinMatchesPan('27ABQFM7569K1Z', 'ABQFM7569K')).toBe(false);
    expect(gstinMatchesPan('27ABQFM7569K1Z9', 'ABQFM7569')).toBe(false);
  });
});

describe('Aadhaar', () => {
  it("accepts UIDAI's sample number", () => {
    expect(isValidAadhaar('999941057058')).toBe(true);
    expect(verhoeffCheckDigit('99994105705')).toBe('8');
  });

  it('refuses 123456789012, which public fixtures wrongly call valid', () => {
    expect(isValidAadhaar('123456789012')).toBe(false);
  });

  it('refuses every wrong check digit', () => {
    for (let digit = 0; digit <= 9; digit += 1) {
      if (digit !== 8) expect(isValidAadhaar(`99994105705${digit}`)).toBe(false);
    }
  });

  it('catches adjacent transpositions, which Luhn-like sums miss', () => {
    expect(isValidAadhaar('999914057058')).toBe(false);
    expect(isValidAadhaar('999941075058')).toBe(false);
  });

  it('refuses a first digit of 0 or 1 even with a correct check digit', () => {
    expect(isValidAadhaar(aadhaarFor('02345678901'))).toBe(false);
    expect(isValidAadhaar(aadhaarFor('12345678901'))).toBe(false);
    expect(isValidAadhaar(aadhaarFor('22345678901'))).toBe(true);
  });

  it.each([
    ['11 digits', '99994105705'],
    ['13 digits', '9999410570588'],
    ['spaces', '9999 4105 7058'],
    ['a letter', '99994105705X'],
    ['empty', ''],
  ])('refuses %s', (_, text) => {
    expect(isValidAadhaar(text)).toBe(false);
  });

  it('builds valid numbers from any digits (the generator agrees with the checker)', () => {
    for (const digits of ['2', '0', '1234', '84736152098', '99999999999']) {
      expect(isVerhoeffValid(digits + verhoeffCheckDigit(digits))).toBe(true);
    }
  });

  it('matches the Verhoeff reference example 236 -> 3', () => {
    expect(verhoeffCheckDigit('236')).toBe('3');
    expect(isVerhoeffValid('2363')).toBe(true);
    expect(isVerhoeffValid('2364')).toBe(false);
  });
});

describe('aadhaarLastFour', () => {
  it('keeps the last 4 digits of full, spaced and provider-masked numbers', () => {
    expect(aadhaarLastFour('999941057058')).toBe('7058');
    expect(aadhaarLastFour('9999 4105 7058')).toBe('7058');
    expect(aadhaarLastFour('XXXXXXXX7058')).toBe('7058');
    expect(aadhaarLastFour('xxxx-xxxx-7058 ')).toBe('7058');
  });

  it('throws when the provider sends something else', () => {
    expect(() => aadhaarLastFour('XXXXXXXXXXXX')).toThrow();
    expect(() => aadhaarLastFour('705')).toThrow();
  });
});

describe('masking', () => {
  it('masks a PAN as Vobiz does', () => {
    expect(maskPan('GTBPD1234K')).toBe('GTBPDXXXXX');
    expect(maskPan(' gtbpd1234k')).toBe('GTBPDXXXXX');
  });

  it('refuses to mask something that is not a PAN (a programming error)', () => {
    expect(() => maskPan('GTBPD')).toThrow();
  });

  it('masks an email as Vobiz does', () => {
    expect(maskEmail('customer@example.com')).toBe('c***@example.com');
    expect(maskEmail('a@example.com')).toBe('a***@example.com');
    expect(maskEmail('"a@b"@example.com')).toBe('"***@example.com');
  });

  it('reveals nothing of what it cannot parse', () => {
    expect(maskEmail('no-at-sign')).toBe('***');
    expect(maskEmail('@example.com')).toBe('***');
    expect(maskEmail('customer@')).toBe('***');
    expect(maskEmail('')).toBe('***');
  });
});

describe('parseDateOfBirth', () => {
  const now = new Date('2025-06-15T10:00:00Z');

  it('accepts an adult and reports the age', () => {
    expect(parseDateOfBirth('1990-01-31', now)).toEqual({
      ok: true,
      dateOfBirth: '1990-01-31',
      ageYears: 35,
    });
  });

  it('turns 18 on the birthday, not the day before', () => {
    expect(parseDateOfBirth('2007-06-15', now)).toMatchObject({ ok: true, ageYears: 18 });
    expect(parseDateOfBirth('2007-06-16', now)).toEqual({ ok: false, reason: 'too_young' });
  });

  it('accepts 120 and refuses 121', () => {
    expect(parseDateOfBirth('1905-06-15', now)).toMatchObject({ ok: true, ageYears: 120 });
    expect(parseDateOfBirth('1904-06-15', now)).toEqual({ ok: false, reason: 'too_old' });
  });

  it('refuses a date in the future as too young', () => {
    expect(parseDateOfBirth('2030-01-01', now)).toEqual({ ok: false, reason: 'too_young' });
  });

  it('lets a 29 February birthday come of age on 1 March of a common year', () => {
    const born = '2007-02-29';
    expect(parseDateOfBirth(born, now)).toEqual({ ok: false, reason: 'invalid_date' });
    const leapBorn = '2004-02-29';
    const feb28 = new Date('2022-02-28T12:00:00Z');
    const mar1 = new Date('2022-03-01T00:00:00Z');
    expect(parseDateOfBirth(leapBorn, feb28)).toEqual({ ok: false, reason: 'too_young' });
    expect(parseDateOfBirth(leapBorn, mar1)).toMatchObject({ ok: true, ageYears: 18 });
  });

  it.each([
    ['a day past the month', '1990-04-31'],
    ['29 February of a common year', '1990-02-29'],
    ['month 13', '1990-13-01'],
    ['month 0', '1990-00-10'],
    ['day 0', '1990-01-00'],
    ['a two-digit year', '90-01-31'],
    ['a year before 1000', '0990-01-31'],
    ['day-first order', '31-01-1990'],
    ['slashes', '1990/01/31'],
    ['a time', '1990-01-31T00:00:00Z'],
    ['empty', ''],
  ])('refuses %s', (_, text) => {
    expect(parseDateOfBirth(text, now)).toEqual({ ok: false, reason: 'invalid_date' });
  });

  it('trims surrounding spaces', () => {
    expect(parseDateOfBirth(' 1990-01-31 ', now)).toMatchObject({ dateOfBirth: '1990-01-31' });
  });
});
