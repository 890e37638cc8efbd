/**
 * Exact money. Amounts travel as decimal text ("500.00") and are computed as bigint units of
 * 10^-MONEY_SCALE, never as JavaScript numbers. PostgreSQL stores them as numeric(20,5).
 */

/** Digits after the decimal point that wallets and ledger entries keep (Vobiz shows 5). */
export const MONEY_SCALE = 5;
const UNIT = 10n ** BigInt(MONEY_SCALE);

const DECIMAL_PATTERN = /^(-)?(\d{1,15})(?:\.(\d{1,5}))?$/;

/**
 * Reads untrusted decimal text into units. Returns undefined for anything that is not a plain
 * decimal with at most `maxFractionDigits` fraction digits (no exponent, no spaces, no "+").
 */
export function parseMoney(text: string, maxFractionDigits = MONEY_SCALE): bigint | undefined {
  const match = DECIMAL_PATTERN.exec(text);
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > maxFractionDigits) return undefined;
  const units = BigInt(whole!) * UNIT + BigInt(fraction.padEnd(MONEY_SCALE, '0'));
  return sign ? -units : units;
}

/** Formats units as decimal text with exactly `fractionDigits` digits (rounds half away from 0). */
export function formatMoney(units: bigint, fractionDigits = MONEY_SCALE): string {
  const negative = units < 0n;
  let magnitude = negative ? -units : units;
  const drop = 10n ** BigInt(MONEY_SCALE - fractionDigits);
  magnitude = (magnitude + drop / 2n) / drop;
  const scale = 10n ** BigInt(fractionDigits);
  const whole = (magnitude / scale).toString();
  const fraction = (magnitude % scale).toString().padStart(fractionDigits, '0');
  const text = fractionDigits === 0 ? whole : `${whole}.${fraction}`;
  return negative && magnitude !== 0n ? `-${text}` : text;
}

/**
 * Units as exact numeric input for PostgreSQL ("12345e-5" is 0.12345): no division, where no
 * person reads the text and bulk paths send thousands of amounts.
 */
export function numericLiteral(units: bigint): string {
  return `${units}e-${MONEY_SCALE}`;
}

/** Re-scales database numeric text ("500.00000") to `fractionDigits` digits. */
export function roundMoneyText(text: string, fractionDigits: number): string {
  const units = parseMoney(text);
  if (units === undefined) throw new Error(`not a money value: ${text}`);
  return formatMoney(units, fractionDigits);
}
