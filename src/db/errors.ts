/** PostgreSQL error codes (SQLSTATE) that dialtone maps to API errors, named once. */
export const SQLSTATE = {
  uniqueViolation: '23505',
  checkViolation: '23514',
  foreignKeyViolation: '23503',
  serializationFailure: '40001',
  invalidTextRepresentation: '22P02',
} as const;

interface PgError {
  code?: string;
  constraint?: string;
}

/** True when `error` is a unique violation, optionally of the named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const pg = error as PgError;
  return pg?.code === SQLSTATE.uniqueViolation && (!constraint || pg.constraint === constraint);
}

/**
 * SQLSTATEs raised by dialtone's own SQL functions (class "DT", unused by PostgreSQL).
 * The message is the reason; the detail may carry a value (the current balance).
 */
export const DIALTONE_SQLSTATE = {
  badRequest: 'DT400',
  insufficientBalance: 'DT402',
  notFound: 'DT404',
  accountSuspended: 'DT423',
} as const;

export function sqlStateOf(error: unknown): string | undefined {
  return (error as PgError)?.code;
}

export function sqlDetailOf(error: unknown): string | undefined {
  return (error as { detail?: string })?.detail;
}

/** SQLSTATEs of a server that is going away, starting, full or too slow: retry later. */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '57014', // query_canceled (statement_timeout)
]);
const UNAVAILABLE_NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN',
]);
/** What pg and pg-pool say when the connection, not the statement, failed. */
const UNAVAILABLE_MESSAGE = new RegExp([
  '^Connection terminated', '^timeout exceeded when trying to connect', '^Query read timeout',
  'is not queryable', '^Client was closed', 'Cannot use a pool after calling end',
].join('|'));

function isUnavailableCode(code: string): boolean {
  // Class 08: connection exceptions.
  return code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code)
    || UNAVAILABLE_NETWORK_CODES.has(code);
}

/**
 * True when `error` says the database cannot be used right now (stopped, frozen, restarting,
 * unreachable, out of connections, timed out) rather than that a statement is wrong. Such
 * errors are answered 503 with Retry-After, not 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause && depth < 5; depth += 1) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && isUnavailableCode(code)) return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}
