/**
 * JSON bodies parsed without float rounding: integers that fit a double become numbers; any
 * other number literal stays its exact source text ("500.10"), so money is never rounded on
 * the way in. lossless-json also refuses duplicate keys with different values and keeps
 * `__proto__` as a plain key (no prototype pollution).
 */
import type { FastifyInstance } from 'fastify';
import { parse } from 'lossless-json';
import { DomainError } from '../../domain/errors';

function parseNumber(text: string): number | string {
  if (/^-?[0-9]+$/.test(text)) {
    const value = Number(text);
    if (Number.isSafeInteger(value)) return value;
  }
  return text;
}

export function parseJsonExactly(text: string): unknown {
  try {
    return parse(text, null, parseNumber);
  } catch (error) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, [{
      loc: ['body'],
      msg: `JSON decode error: ${(error as Error).message}`,
      type: 'json_invalid',
    }]);
  }
}

export function registerExactJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    if (body === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, parseJsonExactly(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
