/**
 * How a SIP final response maps onto the CDR's hangup cause table (hangup-causes.ts), and the
 * numbers of a call in E.164, the form CDRs, rating and number ownership use.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import type { HangupCause } from '../cdrs/hangup-causes';

/** The cause of a call that ended with SIP `code` (200: answered and hung up normally). */
export function hangupCauseOfSipCode(code: number): HangupCause {
  if (code >= 200 && code < 300) return 'NORMAL_CLEARING';
  switch (code) {
    case 402:
    case 403:
      return 'CALL_REJECTED';
    case 404:
    case 604:
      return 'UNALLOCATED_NUMBER';
    case 484:
      return 'INVALID_NUMBER';
    case 408:
    case 480:
      return 'NO_ANSWER';
    case 486:
    case 600:
      return 'USER_BUSY';
    case 487:
      return 'ORIGINATOR_CANCEL';
    case 502:
      return 'NETWORK_OUT_OF_ORDER';
    case 503:
      return 'SWITCH_CONGESTION';
    case 603:
      return 'CALL_REJECTED';
    default:
      if (code >= 500 && code < 600) return 'SERVICE_UNAVAILABLE';
      if (code >= 400 && code < 500) return 'NORMAL_TEMPORARY_FAILURE';
      return 'UNKNOWN';
  }
}

/**
 * A dialled or presented number in E.164, or undefined when libphonenumber finds no valid
 * number in it. `+…` and `00…` are international; anything else is read as a national number of
 * `country`, then as an international one without its `+` (what carriers often send).
 */
export function toE164(text: string, country: string): string | undefined {
  const digits = text.replace(/[\s().-]/g, '');
  if (!/^\+?[0-9]{3,20}$/.test(digits)) return undefined;
  const international = digits.startsWith('00') ? `+${digits.slice(2)}` : digits;
  const candidates = international.startsWith('+')
    ? [parsePhoneNumberFromString(international)]
    : [parsePhoneNumberFromString(international, country as CountryCode),
      parsePhoneNumberFromString(`+${international}`)];
  return candidates.find((number) => number?.isValid())?.number;
}
