/**
 * Rules on a new customer account's fields (vobiz-api.md 1.3). Each failure names its field the
 * way Vobiz's validation errors do, so the partner can show it next to the right input.
 */
import { getCountries, isValidPhoneNumber } from 'libphonenumber-js';
import { PASSWORD_LENGTH_MAX, PASSWORD_LENGTH_MIN } from '../../limits';
import type { FieldProblem } from '../errors';

const COUNTRIES = new Set<string>(getCountries());

/**
 * Wallet currency by country. Countries not listed bill in USD, as Vobiz does for numbers
 * ("the number's currency, then USD").
 */
const CURRENCY_BY_COUNTRY: Record<string, string> = {
  IN: 'INR', US: 'USD', GB: 'GBP', AE: 'AED', SG: 'SGD', AU: 'AUD', CA: 'CAD', NZ: 'NZD',
  DE: 'EUR', FR: 'EUR', NL: 'EUR', IE: 'EUR', ES: 'EUR', IT: 'EUR', BE: 'EUR', AT: 'EUR',
  PT: 'EUR', FI: 'EUR', JP: 'JPY', SA: 'SAR', QA: 'QAR', KW: 'KWD', BH: 'BHD', OM: 'OMR',
  MY: 'MYR', ID: 'IDR', PH: 'PHP', TH: 'THB', LK: 'LKR', NP: 'NPR', BD: 'BDT', ZA: 'ZAR',
  KE: 'KES', NG: 'NGN', CH: 'CHF', SE: 'SEK', NO: 'NOK', DK: 'DKK', BR: 'BRL', MX: 'MXN',
};

export function currencyForCountry(country: string): string {
  return CURRENCY_BY_COUNTRY[country] ?? 'USD';
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isEmailAddress = (text: string): boolean => EMAIL_PATTERN.test(text);

export interface NewAccountFields {
  email: string;
  phone: string;
  password: string;
  country: string;
}

/** Returns every broken rule (empty when the fields are acceptable). */
export function findAccountFieldProblems(fields: NewAccountFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, msg: string, input: unknown) =>
    problems.push({ loc: ['body', field], msg, type: 'value_error', input });

  if (!isEmailAddress(fields.email)) {
    add('email', 'value is not a valid email address', fields.email);
  }
  if (!COUNTRIES.has(fields.country)) {
    add('country', 'country must be an ISO 3166-1 alpha-2 code such as IN', fields.country);
  }
  // A phone from another country than `country` is fine (customers travel); E.164 is the rule.
  if (!/^\+[1-9][0-9]{6,14}$/.test(fields.phone) || !isValidPhoneNumber(fields.phone)) {
    add('phone', 'phone must be a valid E.164 number such as +919876543210', fields.phone);
  }
  const passwordProblem = findPasswordProblem(fields.password);
  if (passwordProblem) add('password', passwordProblem, undefined);
  return problems;
}

/** The rule on every password dialtone stores (accounts and console users). */
export function findPasswordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_LENGTH_MIN || password.length > PASSWORD_LENGTH_MAX) {
    return `password must be ${PASSWORD_LENGTH_MIN} to ${PASSWORD_LENGTH_MAX} characters`;
  }
  if (!/[0-9]/.test(password)) return 'password must include a number';
  if (!/[^A-Za-z0-9]/.test(password)) return 'password must include a special character';
  return undefined;
}
