/**
 * The wire contract of Vobiz's official clients (/work/shared/reference/vobiz-sdk-surface.md,
 * the Node SDK's declared types), written out by hand: every method with its HTTP method, exact
 * path, and the response type the client declares. The contract test drives each method against
 * the real app and checks the answer and the OpenAPI document against these shapes.
 *
 * A shape maps a key to a type: 'string' | 'number' | 'boolean' | 'object' (free-form) |
 * 'array' | 'any' (the SDK's unknown), each optionally '|null'; a nested Shape; or [Shape] for
 * an array of that shape; or nullable(Shape) for that shape or null. A key ending in '?' may be
 * omitted (TypeScript `?`); when present its value must match. Every other key is required.
 */
export type FieldType = string | Shape | [Shape];
export interface Shape { [key: string]: FieldType }

/** The key that marks nullable(Shape): no wire key can be named so. */
export const NULLABLE = '|null';
export const nullable = (shape: Shape): Shape => ({ [NULLABLE]: shape });

export type Returns = Shape | 'unknown' | 'void' | 'csv' | 'string|undefined';

export interface ContractMethod {
  name: string;
  http: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Exactly as the SDK writes it, path parameters in braces. */
  path: string;
  returns: Returns;
}

// §5: RetrieveAccountResponse.pricing_tier
const AccountPricingTier: Shape = {
  id: 'string', name: 'string', description: 'string', currency: 'string',
  rate_per_minute: 'number', billing_increment_seconds: 'number', minimum_duration_seconds: 'number',
  is_active: 'boolean', is_default: 'boolean',
};

const strings = (keys: string, type = 'string'): Shape =>
  Object.fromEntries(keys.split(/\s+/).filter(Boolean).map((key) => [key, type]));

const RetrieveAccountResponse: Shape = {
  ...strings(`type id api_id name email phone description auth_id auth_secret country timezone
    city state address zip_code company account_type role created_at updated_at last_login
    pricing_tier_id`),
  ...strings(`postpaid auto_recharge enabled ip_auth_enabled allow_aws_ips is_active is_verified
    is_trial_account`, 'boolean'),
  ...strings(`credit_limit cps_limit concurrent_calls_limit base_cps_limit
    base_concurrent_calls_limit purchased_cps purchased_concurrent_calls risk_rating`, 'number'),
  ...strings(`auth_token_expire_time auto_recharge_config carrier_type customer_type risk_status`,
    'any|null'),
  features: { call_queue: 'boolean' },
  ip_whitelist_rules: 'object',
  pricing_tier: AccountPricingTier,
};

const ChannelSubscription: Shape = {
  id: 'string', account_id: 'number', resource_type: 'string', quantity: 'number',
  monthly_cost: 'string',
  ...strings('currency status last_billing_date next_billing_date purchased_at created_at updated_at'),
  cancelled_at: 'string|null', cancellation_reason: 'string|null', is_active: 'boolean',
};

// §6
const Capabilities: Shape = { voice: 'boolean', sms: 'boolean', mms: 'boolean', fax: 'boolean' };
const numberCommon: Shape = {
  setup_fee: 'number', monthly_fee: 'number', minimum_commitment_months: 'number',
  ...strings('voice_enabled is_blocked is_trial_number aadhaar_verification_required aadhaar_verified',
    'boolean'),
  capabilities: Capabilities,
};
const NumberItem: Shape = {
  ...strings(`id account_id e164 country region status provider currency purchased_at created_at
    updated_at source`),
  ...strings(`application_id? last_billing_date? next_billing_date? released_at? trunk_group_id?`),
  ...numberCommon,
  tags: 'array',
};
const InventoryItem: Shape = {
  ...strings('id account_id e164 country status provider currency created_at updated_at'),
  'region?': 'string',
  ...numberCommon,
  tags: 'any|null',
};
const numberPage = (item: Shape): Shape => ({
  items: [item], page: 'number', per_page: 'number', total: 'number',
});
const HealthSnapshot: Shape = {
  'id?': 'string', 'ts?': 'string',
  ...strings(`total_calls? answered_calls? failed_calls? answer_rate? total_duration?
    avg_duration? total_minutes?`, 'number'),
};
const NumberHealth: Shape = {
  ...strings('e164? status? usage_status? granularity?'),
  'is_spam?': 'boolean',
  'summary?': strings(`period_days total_calls answered_calls answer_rate total_minutes avg_duration`,
    'number'),
  'snapshots?': [HealthSnapshot],
};

// §7
const Transaction: Shape = {
  ...strings(`id account_id balance_id type currency description reference status processed_at
    created_at updated_at`),
  amount: 'number',
  'reference_type?': 'string',
};
const TransactionsSummary: Shape = {
  ...strings('total_transactions total_debit total_credit net_amount', 'number'),
  by_reference_type: [{
    reference_type: 'string', total_debit: 'number', total_credit: 'number', count: 'number',
  }],
};
const ListTransactionsResponse: Shape = {
  ...strings('total page per_page total_pages', 'number'),
  summary: TransactionsSummary,
  transactions: [Transaction],
};

// §8
const Trunk: Shape = {
  ...strings(`trunk_id account_id name trunk_domain trunk_status trunk_direction description
    transport webhook_method created_at updated_at`),
  concurrent_calls_limit: 'number', cps_limit: 'number',
  ...strings('secure recording enable_transcription pii_redaction recording_webhook_enabled',
    'boolean'),
};
const TrunkListItem: Shape = {
  ...Trunk,
  ...strings('credential_uuid? primary_uri_uuid? inbound_destination? pii_entity_types? webhook_url?'),
};
const list = (item: Shape): Shape => ({
  meta: { limit: 'number', offset: 'number', total: 'number' }, objects: [item],
});

// §9
const profileStrings = `id name slug company auth_id email phone billing_model
  default_pricing_tier_id created_at updated_at`;
const profileNumbers = 'account_id max_accounts account_count';
const profileBooleans = `is_active is_verified can_create_accounts can_create_pricing_tiers
  can_view_cdrs can_transfer_balance`;
const Profile: Shape = {
  ...strings(profileStrings), balance: 'string',
  ...strings(profileNumbers, 'number'), ...strings(profileBooleans, 'boolean'),
};
const S3: Shape = strings('total_calls answered_calls total_minutes', 'number');
const S4: Shape = { ...S3, total_cost: 'string' };
const Dashboard: Shape = {
  partner: { ...Profile, balance: 'any|null' },
  period: { from: 'string', to: 'string' },
  accounts: {
    total: 'number', active: 'number',
    customers: [{ ...strings('auth_id name email phone created_at'), is_active: 'boolean' }],
  },
  total_balance: 'string',
  currency: 'string',
  calls: S4,
  traffic: { inbound: S4, outbound: S4 },
  by_product: { sip_trunking: S4, voice_api: S4 },
  time_series: [{ date: 'string', ...S4, inbound: S3, outbound: S3 }],
};
const AccountPricingTierItem: Shape = {
  ...strings('id name currency'),
  ...strings(`rate_per_minute streaming_rate_per_minute recording_rate_per_minute
    whatsapp_voice_rate transcription_rate_per_minute pii_redaction_rate_per_minute
    non_connected_call_fee did_release_fee`, 'number'),
  ...strings('charge_non_connected_calls is_active is_default', 'boolean'),
  partner_id: 'any|null',
};
const AccountItem: Shape = {
  ...strings(`name email phone business_type id auth_id api_id account_type role country company
    billing_mode cash_credits kyc_status created_at updated_at pricing_tier_id partner_id
    resource_uri auth_token`),
  ...strings(`description gstin gst_status address city state timezone zip_code referral_code
    last_login`, 'string|null'),
  ...strings('tds_percentage cps_limit concurrent_calls_limit', 'number'),
  ...strings(`tds_enabled postpaid auto_recharge is_active is_verified is_trial_account enabled
    referral_disabled`, 'boolean'),
  ...strings(`base_cps_limit base_concurrent_calls_limit purchased_cps purchased_concurrent_calls
    google_id custom_referrer_reward_amount custom_referee_reward_amount auto_recharge_config`,
    'any|null'),
  pricing_tier: AccountPricingTierItem,
};
const CdrPagination: Shape = {
  ...strings('page per_page total pages', 'number'), has_next: 'boolean', has_prev: 'boolean',
};
const CdrSummary: Shape = {
  ...strings(`answerRate answeredCalls totalCalls total_billable_seconds total_cost
    total_duration_seconds`, 'number'),
  avgCallDuration: 'string', last_call_at: 'string',
};
const cdrStrings = `account_id call_direction caller_id_name caller_id_number context created_at
  currency destination_number end_time origination_region region sip_call_id start_time
  updated_at uuid`;
const Cdr: Shape = {
  ...strings(cdrStrings),
  ...strings(`answer_time bridge_uuid codec failure_code failure_reason hangup_cause
    hangup_cause_name hangup_disposition hangup_source network_addr progress_time sip_user_agent
    terminated_to trunk_id`, 'string|null'),
  ...strings('id billsec cost duration ring_time streaming_cost total_cost', 'number'),
  ...strings('hangup_cause_code jitter mos packet_loss', 'number|null'),
  ...strings('campaign_id carrier_ip customer_endpoint', 'any|null'),
};
/** getCdr: the same keys, some never null. */
const CdrDetail: Shape = {
  ...Cdr,
  ...strings(`answer_time bridge_uuid codec hangup_cause hangup_cause_name hangup_disposition
    hangup_source network_addr progress_time sip_user_agent`),
  ...strings('hangup_cause_code jitter mos packet_loss', 'number'),
  ...strings('failure_code failure_reason terminated_to trunk_id', 'any|null'),
};
const KycSession: Shape = {
  ...strings('id account_auth_id status expires_at created_at updated_at'),
  ...strings(`customer_email kyc_type first_opened_at completed_at webhook_url redirect_url`,
    'string|null'),
  reminder_schedule: [{ value: 'number', trigger: 'string' }],
  metadata: 'any|null',
  verified_data: 'any|null',
};

// §10–12
const OriginationUri: Shape = {
  ...strings('id account_id uri transport description created_at updated_at'),
  priority: 'number', weight: 'number', enabled: 'boolean',
};
const Credential: Shape = {
  ...strings('id account_id username password realm created_at updated_at'), enabled: 'boolean',
};
const IpAcl: Shape = {
  ...strings('id account_id ip_address description created_at updated_at'), enabled: 'boolean',
};

// §2
const SubAccount: Shape = {
  ...strings(`name id parent_account_id parent_auth_id auth_id auth_token api_id created modified
    created_at updated_at account resource_uri`),
  rate_limit: 'number',
  ...strings('email_verified enabled is_active', 'boolean'),
  ...strings('email phone description permissions last_used', 'any|null'),
};
const SubAccountListItem: Shape = {
  ...SubAccount,
  email: 'string|null', last_used: 'string|null',
  permissions: nullable({ 'cdr?': 'boolean', 'calls?': 'boolean' }),
};

// §3, §4
const KycVerificationResult: Shape = {
  verification_type: 'string', status: 'string', 'kyc_calls_blocked?': 'boolean', 'mock?': 'boolean',
};
const SubAccountKycStatus: Shape = {
  ...strings('sub_account_id? kyc_mode? business_type? overall_status?'),
  'kyc_calls_blocked?': 'boolean',
  'verifications?': 'object',
};

const A = '/api/v1/Account/{auth_id}';
const P = '/api/v1/partner';

const SA = '/api/v1/accounts/{auth_id}/sub-accounts';
const K = '/api/v1/sub-accounts/{sub_auth_id}';
const T = '/api/v1/sub-accounts/test/{sub_auth_id}';

export const CONTRACT_METHODS: ContractMethod[] = [
  // §2 subAccounts
  {
    name: 'listSubaccounts', http: 'GET', path: `${SA}/`,
    returns: { sub_accounts: [SubAccountListItem], ...strings('total page size', 'number') },
  },
  {
    name: 'createSubaccount', http: 'POST', path: `${SA}/`,
    returns: {
      message: 'string', sub_account: SubAccount,
      auth_credentials: strings('auth_id auth_token'),
      tokens: { ...strings('access_token refresh_token token_type'), expires_in: 'number' },
    },
  },
  { name: 'retrieveSubaccount', http: 'GET', path: `${SA}/{sub_auth_id}`, returns: SubAccount },
  { name: 'updateSubaccount', http: 'PUT', path: `${SA}/{sub_auth_id}`, returns: SubAccount },
  { name: 'deleteSubaccount', http: 'DELETE', path: `${SA}/{sub_auth_id}`, returns: { message: 'string' } },
  // §3 subAccountKyc
  { name: 'getSubaccountKycStatus', http: 'GET', path: `${K}/kyc/status`, returns: SubAccountKycStatus },
  { name: 'verifySubaccountPan', http: 'POST', path: `${K}/kyc/verify-pan`, returns: KycVerificationResult },
  { name: 'verifySubaccountGst', http: 'POST', path: `${K}/kyc/verify-gst`, returns: KycVerificationResult },
  { name: 'searchSubaccountCin', http: 'POST', path: `${K}/kyc/cin/search`, returns: 'unknown' },
  { name: 'confirmSubaccountCin', http: 'POST', path: `${K}/kyc/cin/confirm`, returns: KycVerificationResult },
  { name: 'subaccountDigilockerInitiate', http: 'POST', path: `${K}/kyc/digilocker/initiate`, returns: 'unknown' },
  {
    name: 'subaccountDigilockerVerify', http: 'POST', path: `${K}/kyc/digilocker/verify`,
    returns: KycVerificationResult,
  },
  { name: 'createSubaccountKycSession', http: 'POST', path: `${K}/kyc-sessions`, returns: 'unknown' },
  // §4 subAccountKycTestMode
  { name: 'mockVerifySubaccountPan', http: 'POST', path: `${T}/kyc/verify-pan`, returns: KycVerificationResult },
  { name: 'mockVerifySubaccountGst', http: 'POST', path: `${T}/kyc/verify-gst`, returns: KycVerificationResult },
  { name: 'mockSearchSubaccountCin', http: 'POST', path: `${T}/kyc/cin/search`, returns: 'unknown' },
  { name: 'mockConfirmSubaccountCin', http: 'POST', path: `${T}/kyc/cin/confirm`, returns: KycVerificationResult },
  { name: 'mockSubaccountDigilockerInitiate', http: 'POST', path: `${T}/kyc/digilocker/initiate`, returns: 'unknown' },
  {
    name: 'mockSubaccountDigilockerVerify', http: 'POST', path: `${T}/kyc/digilocker/verify`,
    returns: KycVerificationResult,
  },
  {
    name: 'mockFinalizePendingKyc', http: 'POST', path: `${T}/kyc/finalize-pending`,
    returns: KycVerificationResult,
  },
  // §5 account
  { name: 'retrieveAccount', http: 'GET', path: '/api/v1/auth/me', returns: RetrieveAccountResponse },
  {
    name: 'getConcurrency', http: 'GET', path: `${A}/concurrency`,
    returns: { ...strings('account_id request_id'), ...strings('concurrent_calls max_concurrent utilization_pct', 'number') },
  },
  {
    name: 'previewChannelPricing', http: 'GET', path: '/api/v1/accounts/{auth_id}/channel-pricing-preview',
    returns: {
      resource_type: 'string', quantity: 'number', monthly_cost: 'string', currency: 'string',
      breakdown: 'array',
    },
  },
  {
    name: 'createChannelSubscription', http: 'POST', path: '/api/v1/accounts/{auth_id}/channel-subscriptions',
    returns: ChannelSubscription,
  },
  // §6 phoneNumbers
  { name: 'listNumbers', http: 'GET', path: `${A}/numbers`, returns: numberPage(NumberItem) },
  {
    name: 'unrentNumber', http: 'DELETE', path: `${A}/numbers/{e164}`,
    returns: { ...strings('cancel_url cooldown_ends_at message status'), release_fee: 'number', 'note?': 'string' },
  },
  {
    name: 'cancelNumberRelease', http: 'POST', path: '/api/v1/account/{account_id}/numbers/{e164}/cancel-release',
    returns: {
      message: 'string', status: 'string', 'currency?': 'string', 'refund_amount?': 'number',
      'refund_status?': 'string', 'refund_error?': 'string',
    },
  },
  { name: 'listInventoryNumbers', http: 'GET', path: `${A}/inventory/numbers`, returns: numberPage(InventoryItem) },
  { name: 'purchaseFromInventory', http: 'POST', path: `${A}/numbers/purchase-from-inventory`, returns: 'unknown' },
  { name: 'assignNumberToTrunk', http: 'POST', path: `${A}/numbers/{phone_number}/assign`, returns: 'void' },
  { name: 'unassignNumberFromTrunk', http: 'DELETE', path: `${A}/numbers/{phone_number}/assign`, returns: 'void' },
  { name: 'getNumberHealth', http: 'GET', path: '/api/v1/account/{auth_id}/numbers/{e164}/health', returns: NumberHealth },
  { name: 'assignDidToSubaccount', http: 'POST', path: '/api/v1/account/{auth_id}/numbers/{e164}/assign-subaccount', returns: 'void' },
  { name: 'unassignDidFromSubaccount', http: 'DELETE', path: '/api/v1/account/{auth_id}/numbers/{e164}/assign-subaccount', returns: 'void' },
  // §7 balance
  {
    name: 'getBalance', http: 'GET', path: `${A}/balance/{currency}`,
    returns: {
      ...strings('id account_id currency credit_limit_type status created_at updated_at'),
      ...strings(`balance reserved_funds promotional_balance promotional_reserved_balance
        available_balance credit_limit low_balance_threshold`, 'number'),
      is_postpaid: 'boolean',
    },
  },
  { name: 'listTransactions', http: 'GET', path: `${A}/transactions`, returns: ListTransactionsResponse },
  // §8 trunks
  { name: 'listTrunks', http: 'GET', path: `${A}/trunks`, returns: list(TrunkListItem) },
  { name: 'createTrunk', http: 'POST', path: `${A}/trunks`, returns: Trunk },
  { name: 'retrieveTrunk', http: 'GET', path: `${A}/trunks/{trunk_id}`, returns: Trunk },
  { name: 'updateTrunk', http: 'PUT', path: `${A}/trunks/{trunk_id}`, returns: Trunk },
  { name: 'deleteTrunk', http: 'DELETE', path: `${A}/trunks/{trunk_id}`, returns: 'string|undefined' },
  // §9 partnerApi
  { name: 'getPartnerProfile', http: 'GET', path: `${P}/me`, returns: Profile },
  { name: 'getPartnerDashboard', http: 'GET', path: `${P}/dashboard`, returns: Dashboard },
  {
    name: 'listCustomerAccounts', http: 'GET', path: `${P}/accounts`,
    returns: { accounts: [AccountItem], ...strings('total page size', 'number') },
  },
  { name: 'createCustomerAccount', http: 'POST', path: `${P}/accounts`, returns: 'unknown' },
  {
    name: 'partnerTransferBalance', http: 'POST', path: `${P}/accounts/{customer_auth_id}/transfer-balance`,
    returns: 'unknown',
  },
  {
    name: 'listCustomerTransactions', http: 'GET', path: `${P}/accounts/{customer_auth_id}/transactions`,
    returns: {
      ...ListTransactionsResponse,
      transactions: [{ ...Transaction, 'reference_type?': 'any' }],
      account_auth_id: 'string',
    },
  },
  {
    name: 'listCustomerCdrs', http: 'GET', path: `${P}/accounts/{customer_auth_id}/cdrs`,
    returns: {
      account_id: 'string', account_auth_id: 'string', count: 'number', success: 'boolean',
      data: [Cdr], pagination: CdrPagination, summary: CdrSummary,
    },
  },
  {
    name: 'listCustomerNumbers', http: 'GET', path: `${P}/accounts/{customer_auth_id}/numbers`,
    returns: { items: 'array', ...strings('page per_page total', 'number'), account_auth_id: 'string' },
  },
  {
    name: 'listKycSessions', http: 'GET', path: `${P}/kyc-sessions`,
    returns: { sessions: [KycSession], ...strings('total page size', 'number') },
  },
  { name: 'createKycSession', http: 'POST', path: `${P}/kyc-sessions`, returns: 'unknown' },
  { name: 'getKycSession', http: 'GET', path: `${P}/kyc-sessions/{session_id}`, returns: 'void' },
  { name: 'revokeKycSession', http: 'DELETE', path: `${P}/kyc-sessions/{session_id}`, returns: 'unknown' },
  { name: 'resendKycSession', http: 'POST', path: `${P}/kyc-sessions/{session_id}/resend`, returns: 'void' },
  // §10–12
  { name: 'createOriginationUri', http: 'POST', path: `${A}/origination-uris`, returns: OriginationUri },
  { name: 'listOriginationUris', http: 'GET', path: `${A}/trunks/origination-uris`, returns: list(OriginationUri) },
  { name: 'updateOriginationUri', http: 'PUT', path: `${A}/origination-uris/{uri_id}`, returns: OriginationUri },
  { name: 'deleteOriginationUri', http: 'DELETE', path: `${A}/origination-uris/{uri_id}`, returns: 'string|undefined' },
  { name: 'createCredential', http: 'POST', path: `${A}/credentials`, returns: Credential },
  { name: 'listCredentials', http: 'GET', path: `${A}/trunks/credentials`, returns: list(Credential) },
  { name: 'updateCredential', http: 'PUT', path: `${A}/credentials/{credential_id}`, returns: Credential },
  { name: 'deleteCredential', http: 'DELETE', path: `${A}/credentials/{credential_id}`, returns: 'string|undefined' },
  { name: 'createIpAcl', http: 'POST', path: `${A}/ip-acl`, returns: IpAcl },
  { name: 'listIpAcls', http: 'GET', path: `${A}/trunks/ip-acl`, returns: list(IpAcl) },
  { name: 'updateIpAcl', http: 'PUT', path: `${A}/ip-acl/{ip_acl_id}`, returns: IpAcl },
  { name: 'deleteIpAcl', http: 'DELETE', path: `${A}/ip-acl/{ip_acl_id}`, returns: 'string|undefined' },
  // §13 cdr
  {
    name: 'listCdrs', http: 'GET', path: `${A}/cdr`,
    returns: {
      account_id: 'string', count: 'number', data: [Cdr], pagination: CdrPagination,
      success: 'boolean', summary: CdrSummary,
    },
  },
  {
    name: 'searchCdrs', http: 'GET', path: `${A}/cdr/search`,
    returns: {
      account_id: 'string', count: 'number', data: [Cdr], pagination: CdrPagination,
      success: 'boolean', summary: CdrSummary,
      filters: strings('call_direction from_number hangup_cause to_number'),
    },
  },
  {
    name: 'listRecentCdrs', http: 'GET', path: `${A}/cdr/recent`,
    returns: { account_id: 'string', count: 'number', data: [Cdr], success: 'boolean' },
  },
  { name: 'exportCdrs', http: 'GET', path: `${A}/cdr/export`, returns: 'csv' },
  { name: 'getCdr', http: 'GET', path: `${A}/cdr/{call_id}`, returns: { data: CdrDetail, success: 'boolean' } },
];

/** Problems of `value` against `type` at `where`; empty when it conforms. */
export function shapeProblems(value: unknown, type: FieldType, where = '$'): string[] {
  if (Array.isArray(type)) {
    if (!Array.isArray(value)) return [`${where}: expected array, got ${describe(value)}`];
    return value.flatMap((item, index) => shapeProblems(item, type[0], `${where}[${index}]`));
  }
  if (typeof type === 'object' && NULLABLE in type) {
    return value === null ? [] : shapeProblems(value, type[NULLABLE]!, where);
  }
  if (typeof type === 'object') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return [`${where}: expected object, got ${describe(value)}`];
    }
    const record = value as Record<string, unknown>;
    return Object.entries(type).flatMap(([rawKey, fieldType]) => {
      const optional = rawKey.endsWith('?');
      const key = optional ? rawKey.slice(0, -1) : rawKey;
      if (!(key in record)) return optional ? [] : [`${where}.${key}: missing`];
      return shapeProblems(record[key], fieldType, `${where}.${key}`);
    });
  }
  const [base, nullable] = type.split('|');
  if (value === null) return nullable === 'null' || base === 'any' ? [] : [`${where}: null`];
  if (base === 'any') return [];
  const actual = describe(value);
  return actual === base ? [] : [`${where}: expected ${type}, got ${actual}`];
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
