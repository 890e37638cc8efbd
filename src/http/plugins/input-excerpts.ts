/**
 * What a 422 echoes of the offending value. FastAPI echoes it whole; a 20 KB nested array
 * echoed back doubles the traffic an attacker causes and fills logs, so a value longer than
 * VALIDATION_INPUT_ECHO_CHARS_MAX (as text, or as JSON for objects and arrays) is cut to an
 * excerpt of that many characters ending in "…".
 */
import { VALIDATION_INPUT_ECHO_CHARS_MAX } from '../../limits';

export function excerptOf(input: unknown): unknown {
  if (typeof input === 'string') return cut(input) ?? input;
  if (input === null || typeof input !== 'object') return input;
  return cut(JSON.stringify(input)) ?? input;
}

function cut(text: string): string | undefined {
  if (text.length <= VALIDATION_INPUT_ECHO_CHARS_MAX) return undefined;
  return `${text.slice(0, VALIDATION_INPUT_ECHO_CHARS_MAX)}…`;
}
