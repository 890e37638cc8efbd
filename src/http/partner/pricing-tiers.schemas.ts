/** Pricing tier shapes (vobiz-api.md 1.3 `pricing_tier{...}`, 2.3) and their wire mapping. */
import { Type } from 'typebox';
import type { PricingTierRow } from '../../domain/pricing/pricing-tiers';
import { UUID_PATTERN } from '../../domain/ids';
import { DEFAULT_PRICING_TIER } from '../../domain/cdrs/rating';
import { PLATFORM_CHANNEL_MONTHLY_PRICE } from '../../domain/capacity/channel-pricing';
import {
  CHANNEL_BLOCK_SIZE_MAX,
  CHANNEL_MONTHLY_PRICE_MAX,
  DESCRIPTION_LENGTH_MAX,
  NAME_LENGTH_MAX,
  PRICING_TIERS_PAGE_SIZE_MAX,
} from '../../limits';
import { MoneyInput, MoneyNumber, Nullable, Page, PerPage, Timestamp } from '../schemas/common';

export const PricingTierBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  description: Nullable(Type.String()),
  currency: Type.String({ examples: ['INR'] }),
  rate_per_minute: MoneyNumber,
  billing_increment_seconds: Type.Integer({ examples: [60] }),
  minimum_duration_seconds: Type.Integer({ examples: [60] }),
  streaming_rate_per_minute: MoneyNumber,
  recording_rate_per_minute: MoneyNumber,
  transcription_rate_per_minute: MoneyNumber,
  pii_redaction_rate_per_minute: MoneyNumber,
  whatsapp_voice_rate: MoneyNumber,
  charge_non_connected_calls: Type.Boolean(),
  non_connected_call_fee: MoneyNumber,
  did_release_fee: MoneyNumber,
  is_active: Type.Boolean(),
  is_default: Type.Boolean(),
  concurrent_calls_monthly_price: Nullable({
    ...MoneyNumber,
    description: 'Monthly price of one concurrent-call channel; null: the platform price',
  }),
  cps_monthly_price: Nullable({
    ...MoneyNumber, description: 'Monthly price of one CPS channel; null: the platform price',
  }),
  channel_block_size: Type.Integer({ description: 'Channels are bought in multiples of this' }),
  partner_id: Type.String({ format: 'uuid' }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

/**
 * The tier an account shows: a partner's tier, or the platform default, which has no row (so
 * an empty id and no partner).
 */
export const AccountPricingTierBody = Type.Object({
  ...PricingTierBody.properties,
  id: Type.String({ description: '"" for the platform default' }),
  description: Type.String(),
  partner_id: Nullable(Type.String({ format: 'uuid' })),
});

const Rate = (description: string) => Type.Optional({ ...MoneyInput, description });
const ChannelPrice = (channel: string) => Type.Optional(Nullable({
  ...MoneyInput,
  description: `Monthly price of one ${channel} channel, charged by channel subscriptions ` +
    `(0 to ${CHANNEL_MONTHLY_PRICE_MAX}, at most 5 decimals; null or omitted: the platform price)`,
}));
const Seconds = (minimum: number, description: string) =>
  Type.Optional(Type.Integer({ minimum, maximum: 3_600, description }));

const TierFields = {
  description: Type.Optional(Nullable(Type.String({ maxLength: DESCRIPTION_LENGTH_MAX }))),
  billing_increment_seconds: Seconds(1,
    'Billable time is rounded up to a multiple of this (default 60)'),
  minimum_duration_seconds: Seconds(0, 'An answered call bills at least this (default 60)'),
  charge_non_connected_calls: Type.Optional(Type.Boolean({
    description: 'Charge unanswered calls the fee below',
  })),
  non_connected_call_fee: Rate('Flat fee of an unanswered call when charged (default 0)'),
  streaming_rate_per_minute: Rate('Shown, not yet charged'),
  recording_rate_per_minute: Rate('Shown, not yet charged'),
  transcription_rate_per_minute: Rate('Shown, not yet charged'),
  pii_redaction_rate_per_minute: Rate('Shown, not yet charged'),
  whatsapp_voice_rate: Rate('Shown, not yet charged'),
  did_release_fee: Rate('Shown, not yet charged'),
  is_active: Type.Optional(Type.Boolean({
    description: 'Inactive tiers cannot be assigned (default true)',
  })),
  is_default: Type.Optional(Type.Boolean({
    description: 'Rates customers without a tier; one per partner',
  })),
  concurrent_calls_monthly_price: ChannelPrice('concurrent-call'),
  cps_monthly_price: ChannelPrice('CPS'),
  channel_block_size: Type.Optional(Type.Integer({
    minimum: 1, maximum: CHANNEL_BLOCK_SIZE_MAX,
    description: 'Channel subscriptions buy multiples of this (default 1)',
  })),
};

export const CreatePricingTierBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: NAME_LENGTH_MAX, examples: ['Standard'] }),
  rate_per_minute: {
    ...MoneyInput, description: 'Price of a minute of answered call', examples: [0.5],
  },
  currency: Type.Optional(Type.String({
    pattern: '^[A-Z]{3}$', description: "Default: the partner's",
  })),
  ...TierFields,
});

export const UpdatePricingTierBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: NAME_LENGTH_MAX })),
  rate_per_minute: Type.Optional(MoneyInput),
  ...TierFields,
}, { minProperties: 1 });

export const PricingTierParams = Type.Object({
  tier_id: Type.String({ pattern: UUID_PATTERN, maxLength: 36 }),
});

export const ListPricingTiersQuery = Type.Object({
  page: Page,
  per_page: PerPage(PRICING_TIERS_PAGE_SIZE_MAX),
});

export const ListPricingTiersBody = Type.Object({
  pricing_tiers: Type.Array(PricingTierBody),
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
});

export const DeletedPricingTierBody = Type.Object({ id: Type.String(), deleted: Type.Boolean() });

export const AssignPricingTierBody = Type.Object({
  pricing_tier_id: Nullable(Type.String({
    pattern: UUID_PATTERN, maxLength: 36, description: 'null: back to the default',
  })),
});

export function toWirePricingTier(row: PricingTierRow) {
  return {
    ...row,
    description: row.description ?? '',
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** The platform default tier (DEFAULT_PRICING_TIER) in the account's currency. */
export function toWirePlatformDefaultTier(currency: string) {
  const at = new Date(0).toISOString();
  return {
    ...DEFAULT_PRICING_TIER,
    id: '',
    description: 'Rates calls of accounts without a tier when the partner has no default',
    currency,
    streaming_rate_per_minute: '0',
    recording_rate_per_minute: '0',
    transcription_rate_per_minute: '0',
    pii_redaction_rate_per_minute: '0',
    whatsapp_voice_rate: '0',
    did_release_fee: '0',
    is_active: true,
    is_default: true,
    concurrent_calls_monthly_price: PLATFORM_CHANNEL_MONTHLY_PRICE.concurrent_calls,
    cps_monthly_price: PLATFORM_CHANNEL_MONTHLY_PRICE.cps,
    channel_block_size: 1,
    partner_id: null,
    created_at: at,
    updated_at: at,
  };
}

const MONEY_FIELDS = new Set([
  'rate_per_minute', 'non_connected_call_fee', 'streaming_rate_per_minute',
  'recording_rate_per_minute', 'transcription_rate_per_minute', 'pii_redaction_rate_per_minute',
  'whatsapp_voice_rate', 'did_release_fee', 'concurrent_calls_monthly_price', 'cps_monthly_price']);

/**
 * A validated body with its amounts (an integer, or exact decimal text kept by the JSON parser)
 * as decimal text, the domain's money type.
 */
export function withMoneyAsText<T>(body: object): T {
  return Object.fromEntries(Object.entries(body).map(([key, value]) =>
    [key, MONEY_FIELDS.has(key) && typeof value === 'number' ? String(value) : value])) as T;
}
