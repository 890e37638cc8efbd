/**
 * Which pricing tier rates an account's calls, as ingestion rates them: the account's own tier,
 * else its partner's default tier in the account's currency, else the platform default
 * (DEFAULT_PRICING_TIER, which has no row).
 */
import type { Executor } from '../../db/database';
import type { PricingTierRow } from './pricing-tiers';

interface TierHolder {
  partner_id: string;
  pricing_tier_id: string | null;
  currency: string;
}

/**
 * Each account's effective tier, in the order given; undefined where the platform default
 * applies. One query for the whole page.
 */
export async function findEffectivePricingTiers(
  db: Executor,
  accounts: TierHolder[],
): Promise<(PricingTierRow | undefined)[]> {
  if (accounts.length === 0) return [];
  const ownIds = [...new Set(accounts.flatMap((account) =>
    (account.pricing_tier_id ? [account.pricing_tier_id] : [])))];
  const partnerIds = [...new Set(accounts.map((account) => account.partner_id))];
  const tiers = await db.selectFrom('pricing_tiers').selectAll()
    .where((eb) => eb.or([
      ...(ownIds.length > 0 ? [eb('id', 'in', ownIds)] : []),
      eb.and([eb('partner_id', 'in', partnerIds), eb('is_default', '=', true)]),
    ]))
    .execute();
  const byId = new Map(tiers.map((tier) => [tier.id, tier]));
  const defaults = tiers.filter((tier) => tier.is_default);
  return accounts.map((account) => (account.pricing_tier_id
    ? byId.get(account.pricing_tier_id)
    : defaults.find((tier) =>
      tier.partner_id === account.partner_id && tier.currency === account.currency)));
}
