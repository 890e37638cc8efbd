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

/**
 * Distinct client addresses whose request counts are kept in memory for rate limiting (requests
 * without a credential; credentials are counted in PostgreSQL, rate_limit_windows).
 */
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
 * Percent-decoding rounds applied to an E.164 path value: Vobiz's SDK docs have callers pass
 * "%2B91…", which the client encodes again (%252B91…), so two rounds are real; a third covers
 * one more careless layer. More would only let a long value cost more to read.
 */
export const PATH_NUMBER_DECODE_ROUNDS_MAX = 3;
/**
 * Channel subscriptions: the most channels one subscription buys (the capacity slot bound),
 * the days a paid period lasts (Vobiz: renews every 30 days), and how many due subscriptions
 * one run of channel_subscriptions_renew settles (each in its own transaction; the job runs
 * every 15 minutes, so a backlog drains in a few runs).
 */
export const CHANNEL_SUBSCRIPTION_QUANTITY_MAX = 10_000;
export const CHANNEL_SUBSCRIPTION_PERIOD_DAYS = 30;
export const CHANNEL_RENEWALS_PER_RUN_MAX = 5_000;
/**
 * Number health window (GET …/numbers/{e164}/health `days`): the longest look-back, in days.
 * The series is read from the account's CDRs by (account_id, start_time), so the cost grows
 * with the calls in the window; 90 days keeps it to three monthly partitions.
 */
export const NUMBER_HEALTH_DAYS_MAX = 90;
export const NUMBER_HEALTH_DAYS_DEFAULT = 7;
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
/**
 * The operator console's inventory upload: one CSV file sent as multipart/form-data, parsed on
 * that route only and held in memory while it is read. The rows are the import's own bound (one
 * import is one transaction, domain/numbers/inventory-imports.ts); the bytes allow that many rows
 * of ~200 bytes. A bigger file is refused with a message, not truncated.
 */
export const CONSOLE_INVENTORY_FILE_BYTES_MAX = 2 * 1024 * 1024;
export const CONSOLE_INVENTORY_ROWS_MAX = 10_000;
/** Parts of the upload form: the CSRF token and the file; a form with more is not ours. */
export const CONSOLE_INVENTORY_PARTS_MAX = 2;
/** The one text part (the CSRF token, 43 characters) may not be longer than this. */
export const CONSOLE_INVENTORY_FIELD_BYTES_MAX = 256;
/**
 * The console sweep (console_sessions_sweep, every 10 minutes) deletes expired sessions and login
 * failures past their window in batches of this many rows, at most CONSOLE_SWEEP_BATCHES_MAX per
 * run: a backlog (a login flood) is worked off over a few runs, never in one long statement.
 */
export const CONSOLE_SWEEP_BATCH_SIZE = 1_000;
export const CONSOLE_SWEEP_BATCHES_MAX = 20;

/*
 * Crash and outage safety (issue 16).
 */
/**
 * A client-side bound on every query: a frozen server (SIGSTOP, a partition) cannot enforce its
 * own statement_timeout, so the client gives up a little after it would have.
 */
export const DB_QUERY_TIMEOUT_MS = DB_STATEMENT_TIMEOUT_MS + 2_000;
/** /ready answers within 2 s even when the database hangs; its probe gets this long. */
export const READY_CHECK_TIMEOUT_MS = 1_500;
/** Retry-After (seconds) on a 503 while the database is unavailable or the process stops. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
/** Errors of one kind are logged in full once per interval, then counted. */
export const ERROR_LOG_INTERVAL_MS = 10_000;
/**
 * Shutdown: new requests get 503 for this long before the listener closes (load balancers
 * notice through /ready); then in-flight requests get SHUTDOWN_HTTP_CUT_MS before they are cut,
 * leaving the rest of SHUTDOWN_GRACE_MS for jobs and the database.
 */
export const SHUTDOWN_DRAIN_MS = 2_000;
export const SHUTDOWN_HTTP_CUT_MS = 10_000;
if (SHUTDOWN_DRAIN_MS + SHUTDOWN_HTTP_CUT_MS + 5_000 > SHUTDOWN_GRACE_MS) {
  throw new Error('limits: shutdown must leave 5 s of SHUTDOWN_GRACE_MS for jobs and the database');
}
/**
 * A refused request's unread body up to this size is read and dropped to keep the keep-alive
 * connection (cheaper than a reconnect); a larger or unsized one closes the connection.
 */
export const UNREAD_BODY_DRAIN_BYTES_MAX = 64 * 1024;
/**
 * Job worker heartbeats: each process writes one every interval; a worker silent for the expiry
 * is dead and its locked jobs run again (graphile-worker alone waits 4 hours). The expiry is
 * several intervals so a busy moment is not a death; lower means faster recovery, more writes.
 */
export const JOB_HEARTBEAT_INTERVAL_MS = 5_000;
export const JOB_WORKER_EXPIRY_MS = 30_000;
if (JOB_WORKER_EXPIRY_MS < 3 * JOB_HEARTBEAT_INTERVAL_MS) {
  throw new Error('limits: a worker must miss at least three heartbeats before it is dead');
}
/**
 * Webhook deliveries in flight per process, on their own job runner: each mostly waits on a
 * receiver (up to the 10 s timeout), not on the database, so this is sized for I/O. Deliveries
 * to one endpoint run one at a time, so one hanging receiver holds one slot.
 */
export const WEBHOOK_DELIVERY_CONCURRENCY = 16;
/**
 * Webhook circuit breaker: after this many failed attempts in a row an endpoint is paused,
 * first for WEBHOOK_BREAKER_PAUSE_MS, doubling with each further failure up to the max; one
 * success closes it. Deliveries wait (no attempt is spent) instead of each timing out.
 */
export const WEBHOOK_BREAKER_FAILURES = 5;
export const WEBHOOK_BREAKER_PAUSE_MS = 60_000;
export const WEBHOOK_BREAKER_PAUSE_MAX_MS = 60 * 60_000;
/** How soon a lost credential-change listener reconnects (the cache is off meanwhile). */
export const CREDENTIAL_LISTENER_RETRY_MS = 1_000;
/**
 * API processes per machine (DIALTONE_WORKERS). Each holds its share of DIALTONE_DB_CONNECTIONS
 * as its pool (src/connection-budget.ts), checked at start against the server's max_connections.
 */
export const WORKERS_MAX = 4;

// SIP edge (issue 12).
/**
 * Longest call the edge admits, whatever the balance. Each live call reserves the cost of its
 * maximum duration until it is billed, so this is also what one call holds of a wallet: an
 * hour (30 INR at the default 0.50/min) lets a 100 INR wallet carry three calls at once; four
 * hours would let it carry one. Longer calls are ended at the hour (the PBX redials).
 */
export const EDGE_CALL_DURATION_MAX_SECONDS = 3_600;
/** Retry-After of a 503 over a concurrency limit (a slot frees when some call ends). */
export const EDGE_RETRY_AFTER_CONCURRENCY_SECONDS = 5;
/** Retry-After of a 503 over a CPS limit (the sliding window is one second long). */
export const EDGE_RETRY_AFTER_CPS_SECONDS = 1;
/**
 * How long a digest nonce the edge (Kamailio's auth module) hands out stays valid: a PBX answers
 * a 407 within milliseconds; minutes only widen the window in which a captured response can be
 * replayed.
 */
export const EDGE_DIGEST_NONCE_LIFETIME_SECONDS = 300;
/** Ended edge calls turned into CDRs per ingestion batch (one ingestCdrs call each). */
export const EDGE_CALLS_INGEST_BATCH_ROWS = 1_000;
/**
 * Kamailio waits this long (whole seconds: http_client's unit) for dialtone's decision before
 * failing the call closed with 503; decisions take milliseconds, so a second means trouble.
 */
export const EDGE_POLICY_TIMEOUT_SECONDS = 1;
/**
 * Kamailio worker processes per transport. Each blocks on dialtone's policy request (~2 ms) and
 * on PostgreSQL for answer/end stamps, so 8 carry ~1,000 CPS on two cores (sip-edge-notes.md).
 */
export const EDGE_KAMAILIO_CHILDREN = 8;
/**
 * An admitted call still unanswered this long after admission is closed by the sweep (as
 * "abandoned", 408): the edge gave up on it (its policy request timed out after dialtone had
 * admitted it, or the edge died before relaying). Above every ringing timeout of the edge
 * (INVITE 60 s; inbound no-answer failover twice DIALTONE_SIP_NO_ANSWER_SECONDS), or it would
 * close calls that are still ringing.
 */
export const EDGE_UNANSWERED_CALL_MAX_SECONDS = 180;
/**
 * How long the edge's policy reuses an account's pricing tier (it rates each admission's
 * budget): under the 1 s in which an API change must apply to the next INVITE. Raising it past
 * that breaks the promise; lowering it costs one look-up per account per interval.
 */
export const EDGE_RATING_TIER_CACHE_MS = 500;
/** Accounts whose tier the policy remembers at once (a few hundred bytes each). */
export const EDGE_RATING_TIER_CACHE_ACCOUNTS_MAX = 10_000;
/**
 * Times one admission asks edge_admit_call: again only when the wallet covers less than the
 * longest call (it is then rated for what is left) or a partner pool appeared meanwhile. Each
 * retry means the wallet shrank between two asks: three in a row is a wallet being drained.
 */
export const EDGE_ADMISSION_ATTEMPTS_MAX = 3;
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

/*
 * Sub-accounts and their headless KYC (issue 13).
 */
/** Sub-accounts per customer account: each is a credential to check and a row in lists. */
export const SUB_ACCOUNTS_PER_ACCOUNT_MAX = 100;
/** Sub-account lists (`size` like Vobiz's other size-paged lists). */
export const SUB_ACCOUNTS_PAGE_SIZE_MAX = 100;
/** Company-name searches (CIN): a name is a few words; candidates shown per search. */
export const KYC_COMPANY_NAME_LENGTH_MAX = 200;
export const KYC_COMPANY_CANDIDATES_MAX = 10;
/** Test-mode inputs are longer than real documents (TESTSUCCESS0001GST): bounded, not exact. */
export const KYC_TEST_INPUT_LENGTH_MAX = 64;
/** DigiLocker access request ids and redirect URLs carried through the headless flow. */
export const KYC_ACCESS_REQUEST_ID_LENGTH_MAX = 128;
export const KYC_REDIRECT_URL_LENGTH_MAX = 2_048;
/** A DID with a call this recent stays with its sub-account (unassign answers 409 until then). */
export const DID_COOL_OFF_DAYS = 15;
/**
 * How long a PBX retransmits an unanswered INVITE (SIP Timer B: 64 × T1 = 32 s). A call the
 * edge lost while setting it up (killed) is retransmitted to the restarted edge within it, so
 * the lost admission waits that long for its CDR: if the retransmission arrives, the two are
 * one call attempt and only the new admission is billed.
 */
export const EDGE_INVITE_RETRANSMIT_SECONDS = 32;
/**
 * The edge's in-memory caches (trunks, credentials, ACLs, DIDs) are reloaded when dialtone
 * announces a change; notifications arriving within this window share one reload.
 */
export const EDGE_CACHE_RELOAD_COALESCE_MS = 50;
/** Safety net under those announcements: every cache is reloaded in full this often. */
export const EDGE_CACHE_FULL_RELOAD_SECONDS = 60;
/** How soon `dialtone edge` listens again after losing its PostgreSQL connection. */
export const EDGE_CACHE_LISTENER_RETRY_MS = 1_000;

/*
 * More than one process (issue 16, item 9).
 */
/**
 * Ended rate-limit windows deleted per prune (every 5 minutes): one row per credential that
 * made a request, so a batch this size keeps each delete short even after a burst of keys.
 */
export const RATE_LIMIT_WINDOWS_PRUNE_BATCH_MAX = 10_000;
/**
 * Channel prices a partner sets on a pricing tier: the monthly price of one concurrent-call or
 * CPS channel (decimal text; times CHANNEL_SUBSCRIPTION_QUANTITY_MAX it stays far inside the
 * numeric(20,5) of a subscription's monthly_cost), and the block size channels are sold in
 * (the CHECK pricing_tiers_channel_block_size_range holds the same bound).
 */
export const CHANNEL_MONTHLY_PRICE_MAX = '1000000';
export const CHANNEL_BLOCK_SIZE_MAX = 1_000;

/*
 * Per-number roll-ups, compacted by a job (number-rollup-jobs.ts).
 */
/**
 * Dirty-hour rows (one per hour a batch touched) a compaction transaction takes: a live batch
 * adds a few, a backfill of a month up to 720; a backlog is worked through in such steps.
 */
export const NUMBER_ROLLUP_COMPACT_DIRTY_ROWS_MAX = 5_000;
/**
 * Cluster mode: a worker that dies is started again after a pause that doubles with each death
 * in a row, from the first to the max, so one that dies at start-up (a database refusing, a bad
 * setting) never becomes a hot loop of forks; a worker that lived the healthy uptime resets its
 * slot to the first pause. Restart lines are logged at most once per interval (with a count).
 */
export const WORKER_RESTART_FIRST_DELAY_MS = 1_000;
export const WORKER_RESTART_DELAY_MAX_MS = 30_000;
export const WORKER_HEALTHY_UPTIME_MS = 60_000;
export const WORKER_RESTART_LOG_INTERVAL_MS = 10_000;
/**
 * Database connections: DIALTONE_DB_CONNECTIONS is what this machine's API processes may hold
 * in total (default: 4 processes x DB_POOL_SIZE_MAX, under PostgreSQL's default 100). Each
 * process's pool is its share, at most DB_POOL_SIZE_MAX and at least DB_POOL_SIZE_MIN: three
 * connections are held listening (credential changes, two job runners), the rest do the work.
 * The embedded PostgreSQL allows the pools plus headroom for the CLI, `dialtone edge`, psql
 * and its superuser reserve, and never fewer than PostgreSQL's own default.
 */
export const DB_CONNECTIONS_DEFAULT = 80;
export const DB_POOL_SIZE_MIN = 6;
export const EMBEDDED_POSTGRES_CONNECTIONS_HEADROOM = 20;
export const EMBEDDED_POSTGRES_CONNECTIONS_MIN = 100;

/*
 * Trunk and origination URI numbers the Customer API accepts (vobiz-api.md 2.2). The domain
 * checks them for every surface (trunk-rules.ts, origination-uris.ts); the API's schemas state
 * the same ranges. The cps_limit of a trunk is bounded by CAPACITY_SLOTS_MAX.
 */
/** A trunk's concurrent_calls_limit: far past any one SIP trunk; the account's pool admits. */
export const TRUNK_CONCURRENT_CALLS_LIMIT_MAX = 100_000;
/** An origination URI's priority (lower first) and weight (share within a priority). */
export const ORIGINATION_URI_RANK_MAX = 1_000;
