/**
 * What channels cost (vobiz-sdk-surface.md §5): a monthly price per concurrent-call or CPS
 * channel from the account's effective pricing tier (its own, else the partner's default),
 * else the platform's price; a quantity must be a multiple of the tier's block size. Amounts
 * are exact (bigint units), in the account's currency.
 */
import type { CapacityResource } from '../../db/schema';
import { CHANNEL_SUBSCRIPTION_QUANTITY_MAX } from '../../limits';
import { DomainError } from '../errors';
import { formatMoney, parseMoney } from '../money';
import type { PricingTierRow } from '../pricing/pricing-tiers';

/** dialtone's price of one channel a month where no tier sets one (Vobiz publishes none). */
export const PLATFORM_CHANNEL_MONTHLY_PRICE: Readonly<Record<CapacityResource, string>> = {
  concurrent_calls: '500.00',
  cps: '1000.00',
};

export interface ChannelQuote {
  resource_type: CapacityResource;
  quantity: number;
  unit_price: string;
  block_size: number;
  /** unit_price × quantity, exact (5 decimals, as wallets keep money). */
  monthly_cost: string;
  currency: string;
  /** The tier that priced it; undefined: the platform price. */
  pricing_tier_id: string | undefined;
}

/**
 * Prices `quantity` channels. Errors: bad_request (quantity out of range or not a multiple of
 * the tier's block size).
 */
export function quoteChannels(
  tier: PricingTierRow | undefined,
  resourceType: CapacityResource,
  quantity: number,
  currency: string,
): ChannelQuote {
  const blockSize = tier?.channel_block_size ?? 1;
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > CHANNEL_SUBSCRIPTION_QUANTITY_MAX) {
    throw new DomainError('bad_request',
      `quantity must be a whole number from 1 to ${CHANNEL_SUBSCRIPTION_QUANTITY_MAX}`);
  }
  if (quantity % blockSize !== 0) {
    throw new DomainError('bad_request',
      `quantity must be a multiple of ${blockSize} (the pricing tier's block size)`,
      { block_size: blockSize });
  }
  const tierPrice = resourceType === 'cps'
    ? tier?.cps_monthly_price
    : tier?.concurrent_calls_monthly_price;
  const unitPrice = tierPrice ?? PLATFORM_CHANNEL_MONTHLY_PRICE[resourceType];
  const units = parseMoney(unitPrice)! * BigInt(quantity);
  return {
    resource_type: resourceType,
    quantity,
    unit_price: formatMoney(parseMoney(unitPrice)!),
    block_size: blockSize,
    monthly_cost: formatMoney(units),
    currency,
    pricing_tier_id: tierPrice === null || tierPrice === undefined ? undefined : tier!.id,
  };
}
