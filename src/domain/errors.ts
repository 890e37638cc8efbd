/**
 * Operating errors: the closed list of failures that are part of the API. The domain throws
 * DomainError; src/http/plugins/errors.ts alone turns a code into a status and a Vobiz body.
 */
export const DOMAIN_ERROR_CODES = [
  'validation_failed', // 422: a rule on a field (details.loc names it)
  'bad_request', // 400: well-formed but not acceptable (amount <= 0, currency mismatch)
  'insufficient_balance', // 400: Vobiz's own body with current_balance
  'unauthorized', // 401: missing or wrong credentials
  'forbidden', // 403: a capability flag, an inactive partner, a suspended account
  'not_found', // 404: absent, or another tenant's (never reveal which)
  'conflict', // 409: duplicate, or a state that forbids the change
  'idempotency_key_in_use', // 409: the same key is still being processed
  'idempotency_key_reused', // 422: the same key with a different request
  'rate_limited', // 429: details.retry_after_seconds becomes the Retry-After header
  'provider_error', // 500: the identity provider failed (or test mode simulates it); retryable
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface FieldProblem {
  /** Where, as Vobiz/FastAPI report it: ['body', 'email']. */
  loc: string[];
  msg: string;
  type?: string;
  input?: unknown;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extra fields merged into the body where the code's body shape has them. */
    readonly details: Record<string, unknown> = {},
    readonly problems: FieldProblem[] = [],
    /** The whole body, for the few Vobiz errors with a shape of their own (no status_code). */
    readonly exactBody?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function notFound(what: string): DomainError {
  return new DomainError('not_found', `${what} not found`);
}

export function invalidField(loc: string[], msg: string, input?: unknown): DomainError {
  return new DomainError('validation_failed', 'Request validation failed', {}, [
    { loc, msg, type: 'value_error', input },
  ]);
}
