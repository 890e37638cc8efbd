/**
 * Row types of dialtone's tables, named as the columns are (no camel-case mapping, so one grep
 * finds both). Glossary, in Vobiz's words:
 * - partner: a reseller (PA_ id) with a master wallet and a pool of customers.
 * - account: a partner's customer (MA_ id), with its own credentials and wallet.
 * - wallet: one balance in one currency, owned by a partner, an account or the system.
 * - ledger transaction: one money movement (txn_ id); its ledger entries sum to zero.
 * - ledger entry: the signed change of one wallet, with the balance after it.
 * - recharge: operator money into a partner wallet; transfer: partner wallet to account wallet.
 */
import type { ColumnType, Generated } from 'kysely';

/** numeric and int8 arrive from pg as strings and stay strings (exact). */
type Numeric = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface PartnersTable {
  id: Generated<string>;
  account_id: ColumnType<string, never, never>;
  auth_id: string;
  name: string;
  slug: string;
  company: string | null;
  email: string;
  phone: string | null;
  currency: string;
  billing_model: Generated<string>;
  max_accounts: Generated<number>;
  can_create_accounts: Generated<boolean>;
  can_transfer_balance: Generated<boolean>;
  can_view_cdrs: Generated<boolean>;
  can_create_pricing_tiers: Generated<boolean>;
  is_active: Generated<boolean>;
  is_verified: Generated<boolean>;
  auth_token_digest: Buffer;
  auth_token_sealed: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Capacity slots the operator granted (pool) and that customers now hold (allocated). */
  concurrent_calls_pool: Generated<number>;
  concurrent_calls_allocated: Generated<number>;
  cps_pool: Generated<number>;
  cps_allocated: Generated<number>;
  /** Shown in the KYC widget's banner; https, passed the outbound URL guard when stored. */
  logo_url: string | null;
  /** #rrggbb (lowercase), the KYC widget banner's background. */
  accent_color: string | null;
}

export interface AccountsTable {
  id: ColumnType<string, never, never>;
  api_id: Generated<string>;
  auth_id: string;
  partner_id: string;
  name: string;
  email: string;
  phone: string;
  country: string;
  currency: string;
  company: string | null;
  description: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  timezone: string | null;
  gstin: string | null;
  gst_status: string | null;
  business_type: string | null;
  account_type: Generated<string>;
  password_hash: string;
  auth_token_digest: Buffer;
  auth_token_sealed: string;
  status: Generated<'active' | 'suspended'>;
  kyc_status: Generated<'pending' | 'completed'>;
  base_cps_limit: Generated<number>;
  base_concurrent_calls_limit: Generated<number>;
  /** Slots transferred from the partner's pool, net of reclaims (on top of the base limits). */
  allocated_concurrent_calls: Generated<number>;
  allocated_cps: Generated<number>;
  /** Channels bought through active channel subscriptions (on top of base and allocated). */
  purchased_concurrent_calls: Generated<number>;
  purchased_cps: Generated<number>;
  /** The partner's pricing tier this customer's calls are rated with; null: the default. */
  pricing_tier_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_login: Timestamp | null;
}

export interface WalletsTable {
  id: ColumnType<string, never, never>;
  balance_id: Generated<string>;
  kind: 'partner' | 'account' | 'system';
  partner_id: string | null;
  account_id: string | null;
  system_code: string | null;
  currency: string;
  balance: Generated<Numeric>;
  updated_at: Timestamp;
}

export type LedgerTransactionType = 'recharge' | 'transfer' | 'debit' | 'refund';

export interface LedgerTransactionsTable {
  id: Generated<string>;
  transaction_id: string;
  type: LedgerTransactionType;
  reference_type: string;
  reference: string | null;
  partner_id: string;
  created_at: Timestamp;
}

export interface LedgerEntriesTable {
  id: ColumnType<string, never, never>;
  entry_id: Generated<string>;
  ledger_transaction_id: string;
  wallet_id: string;
  amount: Numeric;
  balance_after: Numeric | null;
  description: string | null;
  reference: string | null;
  created_at: Timestamp;
}

export interface IdempotencyKeysTable {
  principal_id: string;
  key: string;
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
  created_at: Timestamp;
  completed_at: Timestamp | null;
}


/*
 * KYC sessions, webhooks and e-mail (issue 3). Glossary:
 * - KYC session: one hosted verification of one account (widget token, status machine).
 * - webhook event: a change reported to the partner (evt_ id, fixed body); webhook delivery:
 *   the attempts to POST one event to one endpoint (a partner's receiver URL).
 * - outbound e-mail: an invite or reminder, queued in a transaction and sent by a job.
 */
/** jsonb: pg parses it on the way out; written as JSON text (pg would turn arrays into PG arrays). */
type Jsonb<T> = ColumnType<T, string, string>;
type NullableJsonb<T> = ColumnType<T | null, string | null, string | null>;

export type KycSessionStatus =
  | 'email_sent' | 'link_ready' | 'opened' | 'in_progress'
  | 'kyc_completed' | 'kyc_failed' | 'revoked' | 'expired';
export type KycWidgetStep =
  | 'pan' | 'individual_details' | 'digilocker_consent' | 'otp' | 'company_details' | 'finished';
export interface KycReminderRule {
  trigger: 'days_before_expiry';
  value: number;
}

export interface KycSessionsTable {
  id: Generated<string>;
  partner_id: string;
  account_id: string;
  /** Set for a sub-account's hosted KYC (account_id is then its parent). */
  sub_account_id: Generated<string | null>;
  flow_type: 'email' | 'redirect';
  customer_email: string | null;
  redirect_url: string | null;
  webhook_url: string | null;
  status: KycSessionStatus;
  kyc_type: 'individual' | 'company' | null;
  expires_at: Timestamp;
  reminder_schedule: Jsonb<KycReminderRule[]>;
  metadata: NullableJsonb<Record<string, unknown>>;
  verified_data: NullableJsonb<Record<string, unknown>>;
  widget_step: Generated<KycWidgetStep>;
  pan_sealed: string | null;
  digilocker_request_id: string | null;
  digilocker_masked_mobile: string | null;
  otp_attempts: Generated<number>;
  failure_reason: string | null;
  revoke_reason: string | null;
  last_email_sent_at: Timestamp | null;
  first_opened_at: Timestamp | null;
  completed_at: Timestamp | null;
  ended_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KycSessionTokensTable {
  token_digest: Buffer;
  kyc_session_id: string;
  created_at: Timestamp;
}

export interface KycRemindersTable {
  id: ColumnType<string, never, never>;
  kyc_session_id: string;
  days_before_expiry: number;
  due_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface WebhookSecretsTable {
  partner_id: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  created_at: Timestamp;
}

export interface WebhookEndpointsTable {
  id: Generated<string>;
  partner_id: string;
  url: string;
  disabled_at: Timestamp | null;
  disabled_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Failed attempts in a row; WEBHOOK_BREAKER_FAILURES of them pause the endpoint. */
  consecutive_failures: Generated<number>;
  /** Deliveries to the endpoint wait until then (circuit breaker open); null: not paused. */
  paused_until: Timestamp | null;
  /** How it is called: KYC endpoints are POST, a trunk's is its webhook_method. */
  method: Generated<'POST' | 'GET'>;
}

export type KycWebhookEventType =
  | 'kyc.completed' | 'kyc.failed' | 'kyc.session_revoked' | 'kyc.session_expired'
  | 'kyc.initiated' | 'kyc.submitted';

/** The SIP edge's call events, sent to a trunk's webhook_url (Vobiz's names). */
export type CallWebhookEventType = 'CallInitiated' | 'Hangup';

export type WebhookEventType = KycWebhookEventType | CallWebhookEventType;

export interface WebhookEventsTable {
  id: string;
  partner_id: string;
  type: WebhookEventType;
  kyc_session_id: string | null;
  payload: string;
  created_at: Timestamp;
  /** X-Vobiz-Signature is keyed with this account's auth token (sub-account KYC); null: whsec. */
  signing_account_id: Generated<string | null>;
  /** A test event sent by the operator (`dialtone webhooks trigger`). */
  test: Generated<boolean>;
  /** The edge call a call event reports; null for KYC events. */
  call_uuid: Generated<string | null>;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'gone';

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  event_id: string;
  endpoint_id: string;
  partner_id: string;
  status: Generated<WebhookDeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  lease_expires_at: Timestamp | null;
  /** The job worker (graphile-worker's id) holding the lease; its death releases it. */
  lease_holder: string | null;
  last_attempt_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OutboundEmailStatus = 'queued' | 'sent' | 'stored' | 'failed' | 'cancelled';

export interface OutboundEmailsTable {
  id: Generated<string>;
  partner_id: string | null;
  kyc_session_id: string | null;
  kind: 'kyc_invite' | 'kyc_reminder';
  to_address: string;
  subject: string | null;
  text_body: string | null;
  html_body: string | null;
  status: Generated<OutboundEmailStatus>;
  transport: 'smtp' | 'mailbox' | null;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  sent_at: Timestamp | null;
}

/**
 * Numbers and SIP trunks (vobiz-api.md 2.1, 2.2):
 * - number: a phone number (DID), in the operator's inventory or owned by an account.
 * - trunk: a customer's SIP trunk; credentials, IP ACL entries and origination URIs are the
 *   account's resources a trunk points at.
 * - capacity transfer: concurrent-call or CPS slots moved from a partner's pool to a customer.
 */
export type PhoneNumberStatus = 'active' | 'pending_release' | 'suspended';

export interface PhoneNumbersTable {
  id: Generated<string>;
  e164: string;
  country: string;
  region: Generated<string>;
  provider: string | null;
  can_voice: Generated<boolean>;
  can_sms: Generated<boolean>;
  can_mms: Generated<boolean>;
  can_fax: Generated<boolean>;
  setup_fee: Numeric;
  monthly_fee: Numeric;
  currency: string;
  tags: Generated<string[]>;
  is_blocked: Generated<boolean>;
  status: Generated<PhoneNumberStatus>;
  account_id: string | null;
  trunk_id: string | null;
  purchased_at: Timestamp | null;
  billing_periods_paid: Generated<number>;
  last_billing_date: Timestamp | null;
  next_billing_date: Timestamp | null;
  release_after: Timestamp | null;
  released_at: Timestamp | null;
  suspended_at: Timestamp | null;
  suspension_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The owner's sub-account the number is assigned to; null: the owner's own pool. */
  sub_account_id: Generated<string | null>;
}

export interface SipCredentialsTable {
  id: Generated<string>;
  account_id: string;
  username: string;
  realm: string;
  /** MD5(username:realm:password), lowercase hex; the password itself is never stored. */
  ha1: string;
  enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The sub-account that created it (SA_ credentials); null: the account's own (0110). */
  sub_account_id: Generated<string | null>;
}

export interface IpAclsTable {
  id: Generated<string>;
  account_id: string;
  name: string | null;
  description: string | null;
  ip_address: string;
  network: string;
  enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The sub-account that created it (SA_ credentials); null: the account's own (0110). */
  sub_account_id: Generated<string | null>;
}

export type SipTransportName = 'udp' | 'tcp' | 'tls';

export interface OriginationUrisTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  uri: string;
  priority: Generated<number>;
  weight: Generated<number>;
  transport: Generated<SipTransportName>;
  enabled: Generated<boolean>;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The sub-account that created it (SA_ credentials); null: the account's own (0110). */
  sub_account_id: Generated<string | null>;
}

export interface TrunksTable {
  id: Generated<string>;
  account_id: string;
  name: string;
  trunk_domain: string;
  trunk_direction: Generated<'inbound' | 'outbound'>;
  trunk_status: Generated<'enabled' | 'disabled'>;
  secure: Generated<boolean>;
  transport: Generated<SipTransportName>;
  inbound_destination: string | null;
  description: string | null;
  concurrent_calls_limit: Generated<number>;
  cps_limit: Generated<number>;
  credential_id: string | null;
  ip_acl_id: string | null;
  primary_uri_id: string | null;
  fallback_uri_id: string | null;
  recording: Generated<boolean>;
  enable_transcription: Generated<boolean>;
  pii_redaction: Generated<boolean>;
  pii_entity_types: Generated<string[]>;
  webhook_url: string | null;
  webhook_method: Generated<'POST' | 'GET'>;
  recording_webhook_enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The sub-account that created it (SA_ credentials); null: the account's own (0110). */
  sub_account_id: Generated<string | null>;
}

export type CapacityResource = 'concurrent_calls' | 'cps';

export interface CapacityTransfersTable {
  id: ColumnType<string, never, never>;
  transfer_reference: string;
  partner_id: string;
  account_id: string;
  kind: 'transfer' | 'reclaim';
  resource: CapacityResource;
  slots: number;
  description: string | null;
  partner_remaining: number;
  customer_effective: number;
  created_at: Timestamp;
}

/**
 * Pricing and call records (issue 5):
 * - pricing tier: a partner's price list for calls (rate per minute, billing increment, minimum).
 * - CDR: one finished call, rated and charged when ingested; cdr_keys makes each uuid unique.
 * - daily roll-up: per account, UTC day, direction and context, the sums dashboards read.
 */
export interface PricingTiersTable {
  id: Generated<string>;
  partner_id: string;
  name: string;
  description: string | null;
  currency: string;
  rate_per_minute: Numeric;
  billing_increment_seconds: Generated<number>;
  minimum_duration_seconds: Generated<number>;
  charge_non_connected_calls: Generated<boolean>;
  non_connected_call_fee: Generated<Numeric>;
  streaming_rate_per_minute: Generated<Numeric>;
  recording_rate_per_minute: Generated<Numeric>;
  transcription_rate_per_minute: Generated<Numeric>;
  pii_redaction_rate_per_minute: Generated<Numeric>;
  whatsapp_voice_rate: Generated<Numeric>;
  did_release_fee: Generated<Numeric>;
  is_active: Generated<boolean>;
  is_default: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Monthly price of one channel; null: the platform's price (domain/capacity). */
  concurrent_calls_monthly_price: Generated<Numeric | null>;
  cps_monthly_price: Generated<Numeric | null>;
  /** A channel subscription's quantity is a multiple of this. */
  channel_block_size: Generated<number>;
}

/**
 * Channel subscriptions (issue 13): concurrent-call or CPS channels an account buys monthly;
 * a renewal row settles each 30-day period once, charged or lapsed.
 */
export interface ChannelSubscriptionsTable {
  id: Generated<string>;
  account_id: string;
  resource_type: CapacityResource;
  quantity: number;
  monthly_cost: Numeric;
  currency: string;
  status: Generated<'active' | 'lapsed' | 'cancelled'>;
  purchased_at: Timestamp;
  last_billing_date: Timestamp;
  next_billing_date: Timestamp;
  cancelled_at: Timestamp | null;
  cancellation_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChannelSubscriptionRenewalsTable {
  id: ColumnType<string, never, never>;
  subscription_id: string;
  period_start: Timestamp;
  outcome: 'charged' | 'lapsed';
  amount: Numeric;
  transaction_id: string | null;
  created_at: Timestamp;
}

export interface CdrsTable {
  id: Generated<string>;
  uuid: string;
  account_id: string;
  partner_id: string;
  trunk_id: string | null;
  /** The sub-account that made or took the call; account_id is its parent (who paid). */
  sub_account_id: Generated<string | null>;
  call_direction: 'inbound' | 'outbound';
  caller_id_name: string | null;
  caller_id_number: string;
  destination_number: string;
  context: 'voice-api' | 'sip-trunking';
  region: string | null;
  origination_region: string | null;
  campaign_id: string | null;
  customer_endpoint: string | null;
  terminated_to: string | null;
  duration: number;
  billsec: number;
  billable_seconds: number;
  ring_time: number;
  answer_time: Timestamp | null;
  start_time: Timestamp;
  end_time: Timestamp;
  progress_time: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  cost: Numeric;
  streaming_cost: Generated<Numeric>;
  shortfall: Generated<Numeric>;
  currency: string;
  pricing_tier_id: string | null;
  transaction_id: string | null;
  mos: number | null;
  jitter: number | null;
  packet_loss: number | null;
  codec: string | null;
  hangup_cause: string;
  hangup_cause_code: number;
  hangup_cause_name: string;
  hangup_disposition: string | null;
  hangup_source: string | null;
  failure_code: number | null;
  failure_reason: string | null;
  bridge_uuid: string | null;
  sip_call_id: string | null;
  sip_user_agent: string | null;
  network_addr: string | null;
  carrier_ip: string | null;
}

export interface CdrKeysTable {
  uuid: string;
  account_id: string;
  start_time: Timestamp;
}

export interface CdrDailyRollupsTable {
  account_id: string;
  day: ColumnType<string, string, string>;
  call_direction: 'inbound' | 'outbound';
  context: 'voice-api' | 'sip-trunking';
  partner_id: string;
  total_calls: string;
  answered_calls: string;
  total_duration_seconds: string;
  total_billsec: string;
  total_billable_seconds: string;
  total_cost: Numeric;
  total_shortfall: Numeric;
  last_call_at: Timestamp;
  /** The answered calls' part (unanswered calls have billsec 0 and bill 0 seconds). */
  answered_duration_seconds: Generated<string>;
  answered_cost: Generated<Numeric>;
  answered_shortfall: Generated<Numeric>;
  last_answered_at: Timestamp | null;
  last_unanswered_at: Timestamp | null;
}

/**
 * Calls on one of the account's own DIDs per UTC hour (number health sums these). Append-only
 * since migration 0120: a key may have several rows until compaction folds them.
 */
export interface NumberHourlyRollupsTable {
  account_id: string;
  e164: string;
  hour: Timestamp;
  total_calls: string;
  answered_calls: string;
  total_duration_seconds: string;
  total_billsec: string;
}

/** Hours whose roll-up rows compaction has still to fold (migration 0120); no key. */
export interface NumberRollupDirtyHoursTable {
  hour: Timestamp;
}

/*
 * The web console (issue 14). Glossary:
 * - partner user: an e-mail + password login of a partner's console (owner or staff; staff
 *   cannot see or rotate tokens and secrets).
 * - console session: a signed-in browser; the cookie holds a random token, the row its digest.
 */
export type ConsolePrincipalKind = 'partner' | 'account' | 'operator';
export type ConsoleRole = 'owner' | 'staff';

export interface PartnerUsersTable {
  id: Generated<string>;
  partner_id: string;
  email: string;
  password_hash: string;
  role: ConsoleRole;
  created_at: Timestamp;
}

export interface ConsoleSessionsTable {
  id: Generated<string>;
  token_digest: Buffer;
  principal_kind: ConsolePrincipalKind;
  partner_id: string | null;
  partner_user_id: string | null;
  account_id: string | null;
  role: ConsoleRole;
  created_at: Timestamp;
  last_seen_at: Timestamp;
}

export interface ConsoleLoginFailuresTable {
  subject: string;
  failed_at: Timestamp;
}

/** A running CSV export (counted by every process); renewed while it runs, deleted at its end. */
export interface CdrExportLeasesTable {
  id: Generated<string>;
  partner_id: string;
  account_id: string;
  /** Default now(). */
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** A credential's current rate-limit window, shared by every process (unlogged, 0119). */
export interface RateLimitWindowsTable {
  /** The credential's auth id. */
  subject: string;
  window_ends_at: Timestamp;
  /** Requests in the window, held at most one past the limit. */
  hits: number;
}

/** When each graphile-worker worker was last alive (migration 0071). */
export interface JobWorkerHeartbeatsTable {
  worker_id: string;
  seen_at: Generated<Timestamp>;
}

/**
 * The SIP edge (issue 12): one row per call attempt the edge (Kamailio) asked dialtone about.
 * Admitted and not ended: a live call. Ended and not ingested: a CDR waiting for ingestion.
 */
export interface EdgeCallsTable {
  call_uuid: string;
  edge_id: string;
  account_id: string;
  partner_id: string;
  trunk_id: string | null;
  call_direction: 'inbound' | 'outbound';
  caller_id_number: string;
  destination_number: string;
  sip_call_id: string | null;
  sip_user_agent: string | null;
  source_address: string | null;
  terminated_to: string | null;
  is_admitted: boolean;
  max_duration_seconds: number | null;
  reserved_cost: Generated<Numeric>;
  started_at: Generated<Date>;
  progress_at: Date | null;
  answered_at: Date | null;
  ended_at: Date | null;
  final_code: number | null;
  final_reason: string | null;
  hangup_source: string | null;
  ingested_at: Date | null;
}

export interface DB {
  partners: PartnersTable;
  accounts: AccountsTable;
  wallets: WalletsTable;
  ledger_transactions: LedgerTransactionsTable;
  ledger_entries: LedgerEntriesTable;
  idempotency_keys: IdempotencyKeysTable;
  kyc_sessions: KycSessionsTable;
  kyc_session_tokens: KycSessionTokensTable;
  kyc_reminders: KycRemindersTable;
  webhook_secrets: WebhookSecretsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  outbound_emails: OutboundEmailsTable;
  phone_numbers: PhoneNumbersTable;
  sip_credentials: SipCredentialsTable;
  ip_acls: IpAclsTable;
  origination_uris: OriginationUrisTable;
  trunks: TrunksTable;
  capacity_transfers: CapacityTransfersTable;
  channel_subscriptions: ChannelSubscriptionsTable;
  channel_subscription_renewals: ChannelSubscriptionRenewalsTable;
  pricing_tiers: PricingTiersTable;
  cdrs: CdrsTable;
  cdr_keys: CdrKeysTable;
  cdr_daily_rollups: CdrDailyRollupsTable;
  number_hourly_rollups: NumberHourlyRollupsTable;
  number_rollup_dirty_hours: NumberRollupDirtyHoursTable;
  partner_users: PartnerUsersTable;
  console_sessions: ConsoleSessionsTable;
  console_login_failures: ConsoleLoginFailuresTable;
  cdr_export_leases: CdrExportLeasesTable;
  job_worker_heartbeats: JobWorkerHeartbeatsTable;
  sub_accounts: SubAccountsTable;
  kyc_verifications: KycVerificationsTable;
  edge_calls: EdgeCallsTable;
  did_assignment_audit: DidAssignmentAuditTable;
  rate_limit_windows: RateLimitWindowsTable;
}

/*
 * Sub-accounts and their headless KYC (issue 13). Glossary:
 * - sub-account: SA_ credentials under a customer account (its parent), whose wallet pays for
 *   the sub-account's usage; kyc_mode says whose KYC admits its calls.
 * - KYC verification: one check of one document (PAN, GSTIN, CIN, Aadhaar) of a sub-account,
 *   live (the identity provider) or mock (test mode); kyc_status aggregates them.
 */
export type KycMode = 'personal_use' | 'customer_use';
export type SubAccountKycStatus = 'not_started' | 'pending' | 'verified' | 'failed';
export type BusinessType =
  | 'individual' | 'proprietorship' | 'private_limited' | 'llp' | 'partnership'
  | 'public_limited' | 'trust' | 'society' | 'huf' | 'government';

export interface SubAccountsTable {
  id: ColumnType<string, never, never>;
  api_id: Generated<string>;
  auth_id: string;
  /** The parent customer account. */
  account_id: string;
  name: string;
  email: string | null;
  password_hash: string | null;
  kyc_mode: Generated<KycMode>;
  business_type: BusinessType | null;
  kyc_status: Generated<SubAccountKycStatus>;
  is_enabled: Generated<boolean>;
  /** Null once deleted: revocation is the row losing its credentials. */
  auth_token_digest: Buffer | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export type KycVerificationType = 'pan' | 'gst' | 'cin' | 'aadhaar';
export type KycVerificationStatus = 'pending' | 'verified' | 'failed';

export interface KycVerificationsTable {
  id: ColumnType<string, never, never>;
  sub_account_id: string;
  verification_type: KycVerificationType;
  status: KycVerificationStatus;
  is_mock: boolean;
  /** Masked document: PAN ABCPDXXXXX, GSTIN and CIN with their middle masked. */
  document_masked: string | null;
  failure_reason: string | null;
  /** DigiLocker: the access request this row waits on. */
  access_request_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Operator overrides of the DID cool-off (forced unassign from a sub-account). */
export interface DidAssignmentAuditTable {
  id: Generated<string>;
  phone_number_id: string;
  account_id: string;
  sub_account_id: string;
  action: 'forced_unassign';
  last_call_at: Timestamp | null;
  created_at: Timestamp;
}
