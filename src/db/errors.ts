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
