/**
 * Indian identity numbers read from untrusted input: PAN, GSTIN, Aadhaar, date of birth.
 * Format and checksum only; whether a number is real is the identity provider's question.
 * Rules: /work/shared/reference/anchors.md §5.1. The PAN's 10th character is a check letter
 * whose algorithm is not published, so a PAN is checked by format alone.
 */
import assert from 'node:assert/strict';

export type PanHolderType = 'individual' | 'company' | 'unsupported';

export interface ParsedPan {
  /** Uppercase, 10 characters. */
  pan: string;
  holderType: PanHolderType;
}

const PAN_PATTERN = /^[A-Z]{5}[0-9]{4}[A-Z]$/;
/**
 * 2-digit state code (any but 00: the list of codes grows with new states and territories, so a
 * fixed list would reject real numbers), the holder's PAN, the registration number within the
 * state (1-9, then A-Z), 'Z', and the check character.
 */
const GSTIN_PATTERN = /^(?!00)[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;
const GSTIN_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const AADHAAR_PATTERN = /^[2-9][0-9]{11}$/;
const DATE_PATTERN = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** Vobiz and the law: KYC is for adults. Past 120 the date is a typo, not a person. */
export const KYC_AGE_YEARS_MIN = 18;
export const KYC_AGE_YEARS_MAX = 120;

/** Reads a PAN; its 4th character is the holder type (P individual, C company). */
export function parsePan(text: string): ParsedPan | undefined {
  const pan = text.trim().toUpperCase();
  if (!PAN_PATTERN.test(pan)) return undefined;
  return { pan, holderType: panHolderType(pan[3]!) };
}

function panHolderType(letter: string): PanHolderType {
  if (letter === 'P') return 'individual';
  if (letter === 'C') return 'company';
  // HUF, firm, trust, AOP, government…: Vobiz verifies only individuals and companies.
  return 'unsupported';
}

/**
 * The GSTIN check character for its first 14 characters: each character's value (0-35) times
 * 1, 2, 1, 2…; each product adds its quotient and remainder by 36 to the sum;
 * check = (36 - sum % 36) % 36.
 */
export function gstinCheckCharacter(first14: string): string {
  assert.match(first14, /^[0-9A-Z]{14}$/, 'a GSTIN check needs 14 characters of 0-9A-Z');
  let sum = 0;
  for (let i = 0; i < 14; i += 1) {
    const product = GSTIN_ALPHABET.indexOf(first14[i]!) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return GSTIN_ALPHABET[(36 - (sum % 36)) % 36]!;
}

/** Reads a GSTIN (trimmed, uppercased) with a valid format and check character. */
export function parseGstin(text: string): string | undefined {
  const gstin = text.trim().toUpperCase();
  if (!GSTIN_PATTERN.test(gstin)) return undefined;
  return gstinCheckCharacter(gstin.slice(0, 14)) === gstin[14] ? gstin : undefined;
}

export function isValidGstin(text: string): boolean {
  return parseGstin(text) !== undefined;
}

/** True when the GSTIN was issued to this PAN (its characters 3-12 are the PAN). */
export function gstinMatchesPan(gstin: string, pan: string): boolean {
  const normalGstin = gstin.trim().toUpperCase();
  const normalPan = pan.trim().toUpperCase();
  return normalGstin.length === 15 && normalPan.length === 10 &&
    normalGstin.slice(2, 12) === normalPan;
}

// Verhoeff: the dihedral group D5's multiplication table, the position permutation, inverses.
const VERHOEFF_MULTIPLY = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_PERMUTE = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 8, 7, 6, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const VERHOEFF_INVERSE = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** Folds digits right to left; `offset` 1 leaves position 0 for a check digit still to come. */
function verhoeffFold(digits: string, offset: number): number {
  let check = 0;
  for (let i = 0; i < digits.length; i += 1) {
    const digit = Number(digits[digits.length - 1 - i]);
    check = VERHOEFF_MULTIPLY[check]![VERHOEFF_PERMUTE[(i + offset) % 8]![digit]!]!;
  }
  return check;
}

/** The Verhoeff check digit to append to `digits`. */
export function verhoeffCheckDigit(digits: string): string {
  assert.match(digits, /^[0-9]+$/, 'a Verhoeff check needs decimal digits');
  return String(VERHOEFF_INVERSE[verhoeffFold(digits, 1)]);
}

/** True when the last digit of `digits` is its Verhoeff check digit. */
export function isVerhoeffValid(digits: string): boolean {
  return /^[0-9]+$/.test(digits) && verhoeffFold(digits, 0) === 0;
}

/** 12 digits, not starting with 0 or 1, Verhoeff check digit last. No spaces. */
export function isValidAadhaar(text: string): boolean {
  return AADHAAR_PATTERN.test(text) && isVerhoeffValid(text);
}

/**
 * The last 4 digits, the only part of an Aadhaar number dialtone keeps. Accepts a full number,
 * a spaced one, or a provider's masked one ("XXXXXXXX7058"); throws when none ends in 4 digits,
 * which means the provider changed its format (a bug to fix, not input to reject).
 */
export function aadhaarLastFour(aadhaar: string): string {
  const match = /([0-9]{4})$/.exec(aadhaar.trim());
  assert.ok(match, 'an Aadhaar number ends in 4 digits');
  return match[1]!;
}

/** "GTBPD1234K" -> "GTBPDXXXXX", as Vobiz shows `pan_number` in verified_data. */
export function maskPan(pan: string): string {
  const parsed = parsePan(pan);
  assert.ok(parsed, 'maskPan takes a parsed PAN');
  return `${parsed.pan.slice(0, 5)}XXXXX`;
}

/**
 * "customer@example.com" -> "c***@example.com" (Vobiz's `email_dispatched_to`). Something that
 * is not an address masks to "***": a mask must never leak what it could not parse.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1 || at === email.length - 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

export type DateOfBirthResult =
  | { ok: true; dateOfBirth: string; ageYears: number }
  | { ok: false; reason: 'invalid_date' | 'too_young' | 'too_old' };

/**
 * Reads a YYYY-MM-DD date of birth that exists on the calendar and gives an age within
 * KYC_AGE_YEARS_MIN..KYC_AGE_YEARS_MAX on `now`'s UTC date. Someone born on 29 February comes of
 * age on 1 March in a common year.
 */
export function parseDateOfBirth(text: string, now: Date): DateOfBirthResult {
  const match = DATE_PATTERN.exec(text.trim());
  if (!match) return { ok: false, reason: 'invalid_date' };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isCalendarDate(year, month, day)) return { ok: false, reason: 'invalid_date' };
  const ageYears = ageOn(now, year, month, day);
  if (ageYears < KYC_AGE_YEARS_MIN) return { ok: false, reason: 'too_young' };
  if (ageYears > KYC_AGE_YEARS_MAX) return { ok: false, reason: 'too_old' };
  return { ok: true, dateOfBirth: match[0], ageYears };
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC maps years 0-99 to 1900-1999; a year that small is no birth year anyway.
  return year >= 1000 && date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function ageOn(now: Date, year: number, month: number, day: number): number {
  const [nowMonth, nowDay] = [now.getUTCMonth() + 1, now.getUTCDate()];
  const hadBirthday = nowMonth > month || (nowMonth === month && nowDay >= day);
  return now.getUTCFullYear() - year - (hadBirthday ? 0 : 1);
}

/**
 * A company's Corporate Identity Number (MCA): listing L/U, 5-digit industry code, state, year of
 * incorporation, ownership class (PTC, PLC, …) and a 6-digit registration number. Format only.
 */
const CIN_PATTERN = /^[LU][0-9]{5}[A-Z]{2}[0-9]{4}[A-Z]{3}[0-9]{6}$/;

export function parseCin(text: string): string | undefined {
  const cin = text.trim().toUpperCase();
  return CIN_PATTERN.test(cin) ? cin : undefined;
}

/** "27AAACZ0000S1Z8" -> "27AAACZXXXXX1Z8": the embedded PAN masked as maskPan does. */
export function maskGstin(gstin: string): string {
  assert.ok(parseGstin(gstin), 'maskGstin takes a parsed GSTIN');
  return `${gstin.slice(0, 7)}XXXXX${gstin.slice(12)}`;
}
