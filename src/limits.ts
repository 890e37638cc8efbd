/**
 * Every limit dialtone enforces, with its unit in the name and why it has the value it has.
 * Raising one costs memory, latency or fairness; the comment says which.
 */

/** Request bodies: an account or transfer is < 4 KiB; 1 MiB leaves room for batch routes. */
export const BODY_BYTES_MAX = 1024 * 1024;

/** Partner account lists (Vobiz: per_page <= 100). Larger pages cost memory per request. */
export const ACCOUNTS_PAGE_SIZE_MAX = 100;
export const PAGE_SIZE_DEFAULT = 20;
/** Transactions (Vobiz: per_page <= 200, over it is 422, not clamped). */
export const TRANSACTIONS_PAGE_SIZE_MAX = 200;
/** Deepest page number accepted: OFFSET scans grow with it; cursors are the way past it. */
export const PAGE_NUMBER_MAX = 100_000;

/** Transfer and credit amounts: 2 fraction digits (rupees and paise) as Vobiz does. */
export const TRANSFER_FRACTION_DIGITS_MAX = 2;
/**
 * Largest single transfer or credit. Kept below 2^53 / 100 so the JSON number Vobiz returns
 * for `amount` is exact when a client parses it as a double.
 */
export const TRANSFER_AMOUNT_MAX = '10000000000.00';

/** Idempotency keys: Stripe's bound on length; kept for at least 24 h (the floor). */
export const IDEMPOTENCY_KEY_LENGTH_MAX = 255;
export const IDEMPOTENCY_KEY_RETENTION_HOURS = 24;

/** Credentials are cached this long: a suspension or deactivation takes effect within it. */
export const AUTH_CACHE_TTL_MS = 2_000;
/** Bounds the credential cache's memory; past it the cache is cleared and refilled. */
export const AUTH_CACHE_ENTRIES_MAX = 10_000;

/** Strings in requests: names, emails, descriptions. */
export const NAME_LENGTH_MAX = 255;
export const EMAIL_LENGTH_MAX = 254;
export const DESCRIPTION_LENGTH_MAX = 500;
export const PASSWORD_LENGTH_MIN = 8;
export const PASSWORD_LENGTH_MAX = 128;

/** Database: pool size and the longest a statement may run before PostgreSQL cancels it. */
export const DB_POOL_SIZE_MAX = 20;
export const DB_STATEMENT_TIMEOUT_MS = 30_000;
export const DB_CONNECT_TIMEOUT_MS = 10_000;

/** HTTP: how long a request may take end to end, and how long shutdown waits for stragglers. */
export const HTTP_REQUEST_TIMEOUT_MS = 60_000;
export const SHUTDOWN_GRACE_MS = 20_000;

/** Distinct credentials whose request counts are kept in memory for rate limiting. */
export const RATE_LIMIT_CREDENTIALS_TRACKED_MAX = 50_000;

/** Background jobs run concurrently per process; more would starve the HTTP pool. */
export const JOB_CONCURRENCY = 4;
