/**
 * E.164 numbers in paths, however many times they were percent-encoded. Vobiz's clients encode
 * path values once; their docs tell callers to pass numbers already encoded ("%2B91…"), so the
 * server sees "%252B91…" and, after the router's own decoding, "%2B91…". Each number parameter
 * is decoded until no escape is left (at most PATH_NUMBER_DECODE_ROUNDS_MAX rounds), before the
 * route's schema validates it.
 */
import type { FastifyInstance } from 'fastify';
import { PATH_NUMBER_DECODE_ROUNDS_MAX } from '../../limits';

/** Path parameters that carry an E.164 number (names as the routes declare them). */
const NUMBER_PARAMS = ['e164', 'phone_number'] as const;

const ESCAPE = /%[0-9A-Fa-f]{2}/;

/** `text` decoded until it holds no escape; a malformed escape is left for the schema to refuse. */
export function decodePathNumber(text: string): string {
  let value = text;
  for (let round = 0; round < PATH_NUMBER_DECODE_ROUNDS_MAX && ESCAPE.test(value); round += 1) {
    try {
      value = decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return value;
}

export function registerPathNumberDecoding(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const params = request.params as Record<string, unknown> | undefined;
    if (!params) return;
    for (const name of NUMBER_PARAMS) {
      const value = params[name];
      if (typeof value === 'string') params[name] = decodePathNumber(value);
    }
  });
}
