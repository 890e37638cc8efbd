/** The partner profile (/me, admin partner views) and its wire mapping. */
import { Type } from 'typebox';
import type { PartnerProfile } from '../../domain/partners/partners';
import { BalanceText, Timestamp } from '../schemas/common';

export const PartnerProfileBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  account_id: Type.Integer(),
  name: Type.String(),
  slug: Type.String(),
  company: Type.String(),
  auth_id: Type.String(),
  email: Type.String(),
  phone: Type.String(),
  billing_model: Type.String(),
  is_active: Type.Boolean(),
  is_verified: Type.Boolean(),
  max_accounts: Type.Integer(),
  can_create_accounts: Type.Boolean(),
  can_create_pricing_tiers: Type.Boolean(),
  can_view_cdrs: Type.Boolean(),
  can_transfer_balance: Type.Boolean(),
  default_pricing_tier_id: Type.String({ description: '"" until a default tier is set' }),
  account_count: Type.Integer(),
  balance: BalanceText,
  currency: Type.String({ examples: ['INR'] }),
  created_at: Timestamp,
  updated_at: Timestamp,
  logo_url: Type.Union([Type.String(), Type.Null()], { description: 'KYC widget banner logo' }),
  accent_color: Type.Union([Type.String(), Type.Null()], { description: '#rrggbb or null' }),
});

export function toWirePartnerProfile(profile: PartnerProfile) {
  return {
    ...profile,
    // Strings the clients declare non-nullable.
    company: profile.company ?? '',
    phone: profile.phone ?? '',
    default_pricing_tier_id: profile.default_pricing_tier_id ?? '',
    account_id: Number(profile.account_id),
    account_count: Number(profile.account_count),
    created_at: profile.created_at.toISOString(),
    updated_at: profile.updated_at.toISOString(),
  };
}
