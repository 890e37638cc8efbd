/**
 * GET /api/v1/auth/me (vobiz-sdk-surface.md §5 retrieveAccount): the calling account's own
 * profile, with its credentials, limits and the pricing tier that rates its calls. With SA_
 * credentials: the sub-account's own identity (token masked: only its digest is stored), with
 * the limits and tier of the parent it draws on.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { accountLimitsOf } from '../../domain/accounts/account-limits';
import { getOwnAccount, getOwnAccountWithoutToken } from '../../domain/accounts/accounts';
import { isKycCallsBlocked } from '../../domain/sub-accounts/call-admission';
import { getSubAccountProfile } from '../../domain/sub-accounts/sub-account-profile';
import { authenticateOwnAccount } from '../plugins/auth';
import { errorResponses, Timestamp } from '../schemas/common';
import {
  AccountPricingTierBody, toWirePlatformDefaultTier, toWirePricingTier,
} from '../partner/pricing-tiers.schemas';
import { MASKED_TOKEN } from '../sub-accounts/sub-accounts.schemas';

const Text = Type.String();
const Count = Type.Integer({ minimum: 0 });

const AccountProfileBody = Type.Object({
  type: Type.String({ examples: ['account'] }),
  id: Text, api_id: Text, name: Text, email: Text, phone: Text, description: Text,
  auth_id: Text,
  auth_secret: Type.String({ description: "The account's auth token (Vobiz calls it auth_secret)" }),
  country: Text, timezone: Text, city: Text, state: Text, address: Text, zip_code: Text,
  company: Text,
  account_type: Type.String({ examples: ['standard', 'sub_account'] }),
  role: Type.String({ examples: ['user', 'sub_account'] }),
  created_at: Timestamp, updated_at: Timestamp,
  last_login: Type.String({ description: '"" before the first login' }),
  pricing_tier_id: Type.String({ description: 'The assigned tier; "" when none is' }),
  currency: Text,
  postpaid: Type.Boolean(), auto_recharge: Type.Boolean(), enabled: Type.Boolean(),
  ip_auth_enabled: Type.Boolean(), allow_aws_ips: Type.Boolean(), is_active: Type.Boolean(),
  is_verified: Type.Boolean(), is_trial_account: Type.Boolean(),
  credit_limit: Type.Integer(), cps_limit: Count, concurrent_calls_limit: Count,
  base_cps_limit: Count, base_concurrent_calls_limit: Count,
  purchased_cps: Count, purchased_concurrent_calls: Count, risk_rating: Type.Integer(),
  auth_token_expire_time: Type.Null(), auto_recharge_config: Type.Null(), carrier_type: Type.Null(),
  customer_type: Type.Null(), risk_status: Type.Null(),
  features: Type.Object({ call_queue: Type.Boolean() }),
  ip_whitelist_rules: Type.Object({}, { additionalProperties: true }),
  pricing_tier: AccountPricingTierBody,
  parent_auth_id: Type.Optional(Type.String({
    description: 'Sub-accounts only: the parent account whose wallet and limits it uses',
  })),
  kyc_mode: Type.Optional(Type.Union([Type.Literal('personal_use'), Type.Literal('customer_use')], {
    description: 'Sub-accounts only',
  })),
  kyc_calls_blocked: Type.Optional(Type.Boolean({ description: 'Sub-accounts only' })),
});

type AccountRow = Awaited<ReturnType<typeof getOwnAccountWithoutToken>>;
type SubAccountProfile = Awaited<ReturnType<typeof getSubAccountProfile>>;

const text = (value: string | null) => value ?? '';

/** What a profile shows of the account that pays: its place, plan, limits and tier. */
function toWireAccountPlan(row: AccountRow) {
  return {
    country: row.country, timezone: text(row.timezone), currency: row.currency,
    pricing_tier_id: text(row.pricing_tier_id), postpaid: false, auto_recharge: false,
    ip_auth_enabled: false, allow_aws_ips: false, is_trial_account: false,
    credit_limit: 0, ...accountLimitsOf(row), base_cps_limit: row.base_cps_limit,
    base_concurrent_calls_limit: row.base_concurrent_calls_limit, risk_rating: 0,
    auth_token_expire_time: null, auto_recharge_config: null, carrier_type: null,
    customer_type: null, risk_status: null,
    features: { call_queue: false }, ip_whitelist_rules: {},
    pricing_tier: row.pricing_tier
      ? toWirePricingTier(row.pricing_tier)
      : toWirePlatformDefaultTier(row.currency),
  };
}

function toWireAccountProfile(row: AccountRow & { auth_token: string }) {
  return {
    ...toWireAccountPlan(row),
    type: 'account', id: row.id, api_id: row.api_id, name: row.name, email: row.email,
    phone: row.phone, description: text(row.description), auth_id: row.auth_id,
    auth_secret: row.auth_token, city: text(row.city), state: text(row.state),
    address: text(row.address), zip_code: text(row.zip_code), company: text(row.company),
    account_type: row.account_type, role: 'user',
    created_at: row.created_at.toISOString(), updated_at: row.updated_at.toISOString(),
    last_login: row.last_login?.toISOString() ?? '', enabled: row.status === 'active',
    is_active: row.status === 'active', is_verified: row.kyc_status === 'completed',
  };
}

/** Verified: its KYC lets it call (its own, or its parent's for personal_use). */
function toWireSubAccountProfile({ parent, subAccount }: SubAccountProfile) {
  const blocked = isKycCallsBlocked(subAccount);
  return {
    ...toWireAccountPlan(parent),
    type: 'account', id: subAccount.id, api_id: subAccount.api_id, name: subAccount.name,
    email: text(subAccount.email), phone: '', description: '', auth_id: subAccount.auth_id,
    auth_secret: MASKED_TOKEN, city: '', state: '', address: '', zip_code: '', company: '',
    account_type: 'sub_account', role: 'sub_account',
    created_at: subAccount.created_at.toISOString(),
    updated_at: subAccount.updated_at.toISOString(), last_login: '',
    enabled: subAccount.is_enabled,
    is_active: subAccount.is_enabled && parent.status === 'active', is_verified: !blocked,
    parent_auth_id: subAccount.parent_auth_id, kyc_mode: subAccount.kyc_mode,
    kyc_calls_blocked: blocked,
  };
}

export const accountProfileRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, sealer } = deps;
  app.addHook('onRequest', authenticateOwnAccount(db, deps.adminTokenDigest));

  app.get('/me', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: "The calling account's (or sub-account's) own profile",
      response: { 200: AccountProfileBody, ...errorResponses(401, 403, 404) },
    },
  }, async (request) => {
    if (request.account.subAccount) {
      return toWireSubAccountProfile(await getSubAccountProfile(db, request.account));
    }
    return toWireAccountProfile(await getOwnAccount(db, sealer, request.account));
  });
};
