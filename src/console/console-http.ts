/**
 * The console's HTTP plumbing: the session cookie, security headers, HTML answers, and the
 * form-error shape. The cookie is `HttpOnly`, `SameSite=Lax`, `Secure` over https, scoped to
 * /console; it holds a random token whose digest names a console_sessions row.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors';
import type { ConsoleSession } from '../domain/console/console-sessions';
import type { FieldErrors } from './views/fields';

declare module 'fastify' {
  interface FastifyRequest {
    /** The cookie's token: a signed-in session's, or the anonymous one of the login form. */
    consoleToken?: string;
    consoleSession?: ConsoleSession;
  }
}

export const CONSOLE_COOKIE = 'dialtone_console';
const TOKEN_PATTERN = /^cs_[A-Za-z0-9_-]{43}$/;

export function readSessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, value] = part.trim().split('=', 2);
    if (name === CONSOLE_COOKIE && value && TOKEN_PATTERN.test(value)) return value;
  }
  return undefined;
}

const COOKIE_ATTRIBUTES = 'Path=/console; HttpOnly; SameSite=Lax';

export function setSessionCookie(
  request: FastifyRequest, reply: FastifyReply, token: string,
): void {
  const secure = request.protocol === 'https' ? '; Secure' : '';
  reply.header('set-cookie', `${CONSOLE_COOKIE}=${token}; ${COOKIE_ATTRIBUTES}${secure}`);
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.header('set-cookie', `${CONSOLE_COOKIE}=; ${COOKIE_ATTRIBUTES}; Max-Age=0`);
}

/**
 * Scripts only from our origin (the chart library and its set-up), no inline anything, no
 * frames, forms only to ourselves.
 */
export function setConsoleHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', [
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self'",
    "connect-src 'self'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '));
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cross-origin-opener-policy', 'same-origin');
  reply.header('cache-control', 'no-store');
}

export function sendHtml(reply: FastifyReply, status: number, body: string) {
  setConsoleHeaders(reply);
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** Post/redirect/get: `notice` is a key the target page maps to a fixed text (no reflection). */
export function seeOther(reply: FastifyReply, location: string) {
  setConsoleHeaders(reply);
  return reply.code(303).header('location', location).send();
}

export interface FormFailure {
  message?: string;
  fields: FieldErrors;
}

/**
 * Runs a use case for a form: its operating errors (bad input, conflict, insufficient balance,
 * not found) become what the form shows; anything else is a bug and propagates.
 */
export type Attempt<T> = { ok: true; value: T } | { ok: false; failure: FormFailure };

export async function attempt<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    // Another tenant's id is the 404 page, not a message on this one.
    if (!(error instanceof DomainError) || error.code === 'not_found') throw error;
    const fields: FieldErrors = {};
    for (const problem of error.problems) {
      fields[problem.loc[problem.loc.length - 1]!] ??= problem.msg;
    }
    const failure = error.problems.length > 0 ? { fields } : { message: error.message, fields };
    return { ok: false, failure };
  }
}
