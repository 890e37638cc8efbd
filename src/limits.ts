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

/*
 * KYC sessions, the hosted widget, e-mail and webhooks (issue 3).
 */
/** Vobiz's default session lifetime and the sub-account API's range (partner range UNKNOWN). */
export const KYC_EXPIRES_IN_DAYS_DEFAULT = 7;
export const KYC_EXPIRES_IN_DAYS_MAX = 365;
/** Reminders per session: one a day for the last ten days is already more than anyone reads. */
export const KYC_REMINDERS_PER_SESSION_MAX = 10;
/** KYC session lists (Vobiz: `size`, default 20); bigger pages cost memory per request. */
export const KYC_SESSIONS_PAGE_SIZE_MAX = 100;
/** Vobiz: one e-mail per session per 30 minutes, counted from the last send (creation too). */
export const KYC_RESEND_COOLDOWN_SECONDS = 30 * 60;
/** `metadata` is echoed on every GET and webhook; 4 KiB of JSON holds any reference ids. */
export const KYC_METADATA_BYTES_MAX = 4096;
export const KYC_METADATA_KEYS_MAX = 50;
/** A revoke reason is a note for the partner's own records. */
export const KYC_REVOKE_REASON_LENGTH_MAX = 500;
/** Wrong DigiLocker OTPs before the session fails (issue 3: 3 wrong OTPs end in kyc_failed). */
export const KYC_OTP_ATTEMPTS_MAX = 3;
/** Widget form posts are a handful of short fields; anything bigger is not our form. */
export const KYC_WIDGET_BODY_BYTES_MAX = 8 * 1024;
/** Sessions expired or reminders sent per sweep transaction; the sweep loops up to the cap. */
export const KYC_SWEEP_BATCH_SIZE = 100;
export const KYC_SWEEP_BATCHES_MAX = 50;

/** Outbound e-mail: attempts before a message is marked failed (graphile backoff ~e^n s). */
export const MAIL_SEND_ATTEMPTS_MAX = 10;
/** SMTP: a pooled transport keeps this many connections; more only helps a bulk sender. */
export const MAIL_SMTP_CONNECTIONS_MAX = 2;
/** SMTP connect, greeting and socket inactivity timeouts (nodemailer defaults are minutes). */
export const MAIL_SMTP_TIMEOUT_MS = 15_000;
/** The dev mailbox and `dialtone mail list` page size. */
export const MAILBOX_PAGE_SIZE_MAX = 100;

/** Webhook delivery lists. */
export const WEBHOOK_DELIVERIES_PAGE_SIZE_MAX = 100;
/** A receiver's response body is read for diagnostics only, up to this many bytes. */
export const WEBHOOK_RESPONSE_BYTES_MAX = 4096;
/**
 * One attempt is claimed for this long: a second sender (a retry job and the sweep) skips it
 * meanwhile. Longer than the 10 s delivery timeout, so a live attempt is never duplicated.
 */
export const WEBHOOK_ATTEMPT_LEASE_MS = 60_000;
/** A rotated-out signing secret still signs (second signature) for this long. */
export const WEBHOOK_SECRET_ROTATION_GRACE_HOURS = 24;
/**
 * graphile-worker's own retries of a delivery job, for crashes inside the task (the database
 * went away); the delivery schedule itself is WEBHOOK_RETRY_SCHEDULE_MS.
 */
export const WEBHOOK_JOB_ATTEMPTS_MAX = 3;
/** A retry job runs this long after its due time, so it never finds the delivery not yet due. */
export const WEBHOOK_RETRY_JOB_SLACK_MS = 1_000;
/** Deliveries attempted per sweep run (due retries the jobs did not pick up). */
export const WEBHOOK_SWEEP_BATCH_SIZE = 50;

/*
 * Numbers, SIP trunks and partner capacity (issue 4).
 */
/** Number lists (Vobiz: per_page <= 100, for inventory, account and partner views). */
export const NUMBERS_PAGE_SIZE_MAX = 100;
/** `exclude` prefixes per inventory search: each is one more NOT LIKE in the scan. */
export const INVENTORY_EXCLUDE_PREFIXES_MAX = 20;
/**
 * An inventory upload: up to 10 000 rows (INVENTORY_IMPORT_ROWS_MAX) of ~100-200 bytes as CSV
 * or JSON. Only that route takes bodies this big; every other route keeps BODY_BYTES_MAX.
 */
export const INVENTORY_IMPORT_BODY_BYTES_MAX = 4 * 1024 * 1024;
/** Vobiz: a released number stays pending_release for 24 h and can be taken back meanwhile. */
export const NUMBER_RELEASE_COOLDOWN_HOURS = 24;
/**
 * Rental and release jobs work in batches of this many numbers, one transaction per number (a
 * failing wallet must not roll back its neighbours), and at most this many batches per run; the
 * next run (cron) picks up the rest, so a backlog never holds a worker slot for long.
 */
export const NUMBER_JOB_BATCH_SIZE = 100;
export const NUMBER_JOB_BATCHES_PER_RUN_MAX = 50;
/** Trunk, credential, ACL and URI lists (Plivo pages by 20; Vobiz's bound is UNKNOWN). */
export const TRUNK_LIST_LIMIT_DEFAULT = 20;
export const TRUNK_LIST_LIMIT_MAX = 100;
/** Deepest offset for those lists: a customer with this many resources is misusing them. */
export const TRUNK_LIST_OFFSET_MAX = 100_000;
/**
 * Resources per account. A PBX needs a few of each; the caps stop one customer from filling
 * the tables (and a SIP proxy's lookups) with junk.
 */
export const TRUNKS_PER_ACCOUNT_MAX = 100;
export const SIP_CREDENTIALS_PER_ACCOUNT_MAX = 500;
export const IP_ACLS_PER_ACCOUNT_MAX = 500;
export const ORIGINATION_URIS_PER_ACCOUNT_MAX = 200;
/** Vobiz: slots per capacity transfer or reclaim are 1..10 000. */
export const CAPACITY_SLOTS_MAX = 10_000;
/** The largest pool the operator can grant a partner: far past any real SIP platform. */
export const CAPACITY_POOL_MAX = 10_000_000;
/** Capacity transfer history (Vobiz: limit 1..200, default 50). */
export const CAPACITY_TRANSFERS_PAGE_SIZE_DEFAULT = 50;
export const CAPACITY_TRANSFERS_PAGE_SIZE_MAX = 200;

/*
 * CDRs, pricing tiers and analytics (issue 5).
 */
/**
 * One ingestion request: up to 10 000 CDRs (CDR_INGEST_ROWS_MAX) of ~0.6-1.5 KiB as a JSON array
 * or NDJSON. Only POST /api/v1/internal/cdrs takes bodies this big. The body is parsed on the
 * event loop (~50 ms for 16 MiB), so raising it delays every other request by as much.
 */
export const CDR_INGEST_BODY_BYTES_MAX = 16 * 1024 * 1024;
/** Rows per request: one database transaction holds them and the wallets they charge. */
export const CDR_INGEST_ROWS_MAX = 10_000;
/** Row errors listed back per request (the rest are counted): bounds the answer's size. */
export const CDR_INGEST_ERRORS_REPORTED_MAX = 1_000;
/**
 * Attempts of an ingestion transaction: a call stored before (a resend), a deadlock or a
 * serialization failure makes it retry.
 */
export const CDR_INGEST_ATTEMPTS_MAX = 3;
/**
 * Oldest start_time accepted, in days before now: a switch replaying a backlog is fine, a year
 * and more is a broken clock. Each month touched is one partition.
 */
export const CDR_START_TIME_PAST_DAYS_MAX = 400;
/** Newest start_time accepted: the switch's clock may run ahead of ours by this much. */
export const CDR_START_TIME_FUTURE_SECONDS_MAX = 300;
/** Strings of an ingested CDR: numbers (E.164 or SIP user parts), names, ids, SIP headers. */
export const CDR_NUMBER_LENGTH_MAX = 64;
export const CDR_TEXT_LENGTH_MAX = 255;
/** CDR lists (Vobiz: per_page default 20, max 100) and /cdr/recent (limit default 20). */
export const CDRS_PAGE_SIZE_MAX = 100;
export const CDR_RECENT_LIMIT_MAX = 100;
/**
 * CSV export: rows read per keyset query (memory per export is one batch, ~1 MiB), the most
 * rows one export streams (~100 s at 10 000 rows/s; narrow the dates for more), and exports
 * running at once in the whole install (each holds a pool connection per batch and a slow
 * client; see CDR_EXPORTS_PER_PARTNER_MAX for the share of one tenant).
 */
export const CDR_EXPORT_BATCH_ROWS = 2_000;
export const CDR_EXPORT_ROWS_MAX = 1_000_000;
export const CDR_EXPORTS_IN_FLIGHT_MAX = 8;
/** Months of CDR partitions kept created ahead of now by the cdrs_partitions_create job. */
export const CDR_PARTITION_MONTHS_AHEAD = 3;
/** Simulated calls per ingestion batch (the simulator's requests may ask for 100 000). */
export const CDR_SIMULATION_BATCH_ROWS = 5_000;
/** Pricing tiers per partner, and their list's page size. */
export const PRICING_TIERS_PER_PARTNER_MAX = 100;
export const PRICING_TIERS_PAGE_SIZE_MAX = 100;
/** Dashboard and analytics: the longest period (one row per day in time_series). */
export const ANALYTICS_PERIOD_DAYS_MAX = 366;
export const ANALYTICS_PERIOD_DAYS_DEFAULT = 30;
/** Customers listed in the dashboard's accounts.customers (newest first); `total` counts all. */
export const ANALYTICS_CUSTOMERS_LISTED_MAX = 100;
/**
 * Web console (issue 14). A session ends after CONSOLE_SESSION_IDLE_MINUTES without a request
 * and, whatever the activity, CONSOLE_SESSION_LIFETIME_HOURS after login (a stolen cookie is
 * not good forever). last_seen_at is written at most once per CONSOLE_SESSION_TOUCH_SECONDS, so
 * a busy page costs no write per request.
 */
export const CONSOLE_SESSION_IDLE_MINUTES = 30;
export const CONSOLE_SESSION_LIFETIME_HOURS = 12;
export const CONSOLE_SESSION_TOUCH_SECONDS = 60;
/**
 * Failed console logins allowed per account (the login name) and per client IP within the
 * window; the next attempt is refused without checking the password (scrypt costs ~100 ms).
 */
export const CONSOLE_LOGIN_FAILURES_MAX = 5;
export const CONSOLE_LOGIN_FAILURES_IP_MAX = 20;
export const CONSOLE_LOGIN_WINDOW_MINUTES = 15;
/** Console form bodies: a few short fields (the inventory CSV upload has its own limit). */
export const CONSOLE_BODY_BYTES_MAX = 16 * 1024;
/** Rows per console list page: one page of the API's size, never more. */
export const CONSOLE_PAGE_SIZE = 20;
/** Customers ranked in the console overview's "top customers" (by rated cost in the period). */
export const OVERVIEW_TOP_CUSTOMERS_MAX = 5;

/*
 * Start-up and shutdown of the process and the embedded PostgreSQL (issues 15, 16).
 */
/** How long the embedded PostgreSQL may take to accept connections (crash recovery included). */
export const EMBEDDED_POSTGRES_START_TIMEOUT_MS = 60_000;
/** How long PostgreSQL waits for sessions to end (smart shutdown) before cutting them off. */
export const EMBEDDED_POSTGRES_SMART_STOP_MS = 5_000;
/** How long a stopping PostgreSQL (ours or an orphan) may take to exit after SIGINT. */
export const EMBEDDED_POSTGRES_STOP_TIMEOUT_MS = 30_000;
/** Lines of PostgreSQL's own log quoted when it fails to start. */
export const EMBEDDED_POSTGRES_LOG_TAIL_LINES = 15;
/** Waiting for DATABASE_URL at start-up: first and longest pause between attempts. */
export const DATABASE_WAIT_FIRST_PAUSE_MS = 500;
export const DATABASE_WAIT_PAUSE_MAX_MS = 5_000;

/*
 * Security hardening (issue 17).
 */
/**
 * Dates and date-times accepted anywhere in a request. PostgreSQL and JavaScript both read far
 * wider ranges, but a period's arithmetic (a 366-day window before a date, a month after it)
 * must stay inside both, and no call, invoice or report is dated outside these bounds.
 */
export const INPUT_DATE_MIN = '1900-01-01';
export const INPUT_DATE_MAX = '2999-12-31';
/**
 * Characters of an offending value echoed back as `input` in a 422: enough to recognise it,
 * not a way to make the server reflect (or log) megabytes.
 */
export const VALIDATION_INPUT_ECHO_CHARS_MAX = 200;
/**
 * CSV exports at once per customer and per partner, so one tenant holding stalled downloads
 * cannot take every slot. CDR_EXPORTS_IN_FLIGHT_MAX bounds them for the whole install (every
 * API process counts the same cdr_export_leases rows).
 */
export const CDR_EXPORTS_PER_ACCOUNT_MAX = 1;
export const CDR_EXPORTS_PER_PARTNER_MAX = 2;
/**
 * An export's lease is renewed this often and lasts this long without renewal: a process that
 * dies frees its exports' slots within CDR_EXPORT_LEASE_MS.
 */
export const CDR_EXPORT_LEASE_RENEW_MS = 10_000;
export const CDR_EXPORT_LEASE_MS = 30_000;
/**
 * An export whose client has accepted no byte for this long is cut: a stalled download must
 * not hold its slot (and its batch in memory) for ever.
 */
export const CDR_EXPORT_IDLE_TIMEOUT_MS = 20_000;
/** Rows re-sealed per transaction by `dialtone secrets rotate`: short locks on live tables. */
export const SECRET_RESEAL_BATCH_ROWS = 500;
