/** Customer account request and response shapes (vobiz-api.md 1.3) and their wire mapping. */
import { Type } from 'typebox';
import type { AccountRow } from '../../domain/accounts/accounts';
import { accountLimitsOf } from '../../domain/accounts/account-limits';
import {
  ACCOUNTS_PAGE_SIZE_MAX,
  DESCRIPTION_LENGTH_MAX,
  EMAIL_LENGTH_MAX,
  NAME_LENGTH_MAX,
  PASSWORD_LENGTH_MAX,
} from '../../limits';
import { AccountAuthId, BalanceText, Nullable, Page, PerPage, SearchText, Timestamp } from '../schemas/common';
import type { PricingTierRow } from '../../domain/pricing/pricing-tiers';
import {
  AccountPricingTierBody, toWirePlatformDefaultTier, toWirePricingTier,
} from './pricing-tiers.schemas';

const ShortText = Type.String({ maxLength: NAME_LENGTH_MAX });

export const CreateAccountBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: NAME_LENGTH_MAX, examples: ['John Doe'] }),
  email: Type.String({ minLength: 3, maxLength: EMAIL_LENGTH_MAX, examples: ['john@example.com'] }),
  phone: Type.String({ minLength: 1, maxLength: 20, examples: ['+919876543210'] }),
  password: Type.String({ minLength: 1, maxLength: PASSWORD_LENGTH_MAX, examples: ['SecurePass123!'] }),
  country: Type.String({ minLength: 2, maxLength: 2, examples: ['IN'] }),
  company: Type.Optional(ShortText),
  description: Type.Optional(Type.String({ maxLength: DESCRIPTION_LENGTH_MAX })),
  address: Type.Optional(ShortText),
  city: Type.Optional(ShortText),
  state: Type.Optional(ShortText),
  zip_code: Type.Optional(Type.String({ maxLength: 20 })),
  timezone: Type.Optional(Type.String({ maxLength: 64 })),
  gstin: Type.Optional(Type.String({ maxLength: 15 })),
  gst_status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('inactive')])),
  business_type: Type.Optional(Type.String({ maxLength: 32 })),
  account_type: Type.Optional(Type.String({ maxLength: 32 })),
});

export const CreatedAccountBody = Type.Object({
  auth_id: Type.String(),
  auth_token: Type.String(),
  name: Type.String(),
  email: Type.String(),
  status: Type.String({ examples: ['active'] }),
  balance: Type.Number({ examples: [0] }),
  currency: Type.String(),
  country: Type.String(),
  kyc_status: Type.String(),
  created_at: Timestamp,
});

export const AccountBody = Type.Object({
  id: Type.String({ examples: ['500000'] }),
  auth_id: Type.String(),
  api_id: Type.String(),
  name: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  company: Type.String(),
  description: Nullable(Type.String()),
  gstin: Nullable(Type.String()),
  gst_status: Nullable(Type.String()),
  tds_enabled: Type.Boolean(),
  tds_percentage: Type.Number(),
  business_type: Type.String(),
  account_type: Type.String(),
  role: Type.String(),
  postpaid: Type.Boolean(),
  address: Nullable(Type.String()),
  city: Nullable(Type.String()),
  state: Nullable(Type.String()),
  timezone: Nullable(Type.String()),
  country: Type.String(),
  zip_code: Nullable(Type.String()),
  billing_mode: Type.String(),
  auto_recharge: Type.Boolean(),
  cash_credits: BalanceText,
  currency: Type.String(),
  cps_limit: Type.Integer(),
  concurrent_calls_limit: Type.Integer(),
  base_cps_limit: Type.Integer(),
  base_concurrent_calls_limit: Type.Integer(),
  purchased_cps: Type.Integer(),
  purchased_concurrent_calls: Type.Integer(),
  status: Type.String({ examples: ['active'] }),
  is_active: Type.Boolean(),
  is_verified: Type.Boolean(),
  is_trial_account: Type.Boolean(),
  enabled: Type.Boolean(),
  kyc_status: Type.String({ examples: ['pending'] }),
  pricing_tier_id: Type.String({ description: 'The assigned tier; "" when none is' }),
  pricing_tier: AccountPricingTierBody,
  partner_id: Type.String(),
  resource_uri: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
  last_login: Nullable(Timestamp),
  // Vobiz's fields dialtone has no feature behind: always null (or false).
  referral_code: Type.Null(),
  referral_disabled: Type.Boolean(),
  google_id: Type.Null(),
  custom_referrer_reward_amount: Type.Null(),
  custom_referee_reward_amount: Type.Null(),
  auto_recharge_config: Type.Null(),
});

export const AccountWithTokenBody = Type.Object({ ...AccountBody.properties, auth_token: Type.String() });

export const ListAccountsQuery = Type.Object({
  page: Page,
  per_page: PerPage(ACCOUNTS_PAGE_SIZE_MAX),
  search: Type.Optional(SearchText),
});

export const ListAccountsBody = Type.Object({
  accounts: Type.Array(AccountWithTokenBody),
  total: Type.Integer(),
  page: Type.Integer(),
  size: Type.Integer(),
});

export const AccountParams = Type.Object({ cid: AccountAuthId });

export const AccountBalanceBody = Type.Object({
  auth_id: Type.String(),
  name: Type.String(),
  cash_credits: BalanceText,
  currency: Type.String(),
  updated_at: Timestamp,
});

/** `pricing_tier`: the tier that rates the account's calls; null: the platform default. */
export function toWireAccount(row: AccountRow & { pricing_tier: PricingTierRow | null }) {
  const isActive = row.status === 'active';
  return {
    ...row,
    tds_enabled: false,
    tds_percentage: 0,
    role: 'user',
    postpaid: false,
    billing_mode: 'prepaid',
    auto_recharge: false,
    // Partner allocations and channel subscriptions add to the base limits.
    ...accountLimitsOf(row),
    is_active: isActive,
    is_verified: row.kyc_status === 'completed',
    is_trial_account: false,
    enabled: isActive,
    company: row.company ?? '',
    business_type: row.business_type ?? '',
    pricing_tier_id: row.pricing_tier_id ?? '',
    pricing_tier: row.pricing_tier
      ? toWirePricingTier(row.pricing_tier)
      : toWirePlatformDefaultTier(row.currency),
    resource_uri: `/v1/Account/${row.auth_id}/`,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    last_login: row.last_login?.toISOString() ?? null,
    referral_code: null,
    referral_disabled: false,
    google_id: null,
    custom_referrer_reward_amount: null,
    custom_referee_reward_amount: null,
    auto_recharge_config: null,
  };
}
