/**
 * Which pricing tier rates a customer's calls: the tier assigned to the account
 * (accounts.pricing_tier_id), else its partner's default tier in the account's currency, else
 * the platform's DEFAULT_PRICING_TIER (0.50 per minute, 60/60) in the account's currency.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { DomainError, notFound } from '../errors';
import type { PartnerPrincipal } from '../principals';

/**
 * Assigns `tierId` to the partner's customer `accountAuthId`, or unassigns with null (the
 * customer falls back to the default). The tier must be the partner's (else not_found), active
 * and in the customer's currency (else bad_request): the guard is in the UPDATE itself, so a
 * tier deactivated meanwhile is never assigned. The composite foreign key refuses another
 * partner's tier a second time.
 */
export async function assignPricingTier(
  db: Executor,
  partner: PartnerPrincipal,
  accountAuthId: string,
  tierId: string | null,
): Promise<void> {
  const updated = await db.updateTable('accounts as a')
    .set({ pricing_tier_id: tierId, updated_at: sql<Date>`now()` })
    .where('a.auth_id', '=', accountAuthId)
    .where('a.partner_id', '=', partner.id)
    .where((eb) => tierId === null ? eb.lit(true) : eb.exists(
      eb.selectFrom('pricing_tiers as t').select(sql`1`.as('one'))
        .where('t.id', '=', tierId).whereRef('t.partner_id', '=', 'a.partner_id')
        .where('t.is_active', '=', true).whereRef('t.currency', '=', 'a.currency'),
    ))
    .returning('a.id')
    .executeTakeFirst();
  if (updated) return;
  await explainRefusal(db, partner, accountAuthId, tierId!);
}

async function explainRefusal(
  db: Executor,
  partner: PartnerPrincipal,
  accountAuthId: string,
  tierId: string,
): Promise<never> {
  const account = await db.selectFrom('accounts').select('currency')
    .where('auth_id', '=', accountAuthId).where('partner_id', '=', partner.id).executeTakeFirst();
  if (!account) throw notFound('Account');
  const tier = await db.selectFrom('pricing_tiers').select(['currency', 'is_active'])
    .where('id', '=', tierId).where('partner_id', '=', partner.id).executeTakeFirst();
  if (!tier) throw notFound('Pricing tier');
  if (!tier.is_active) throw new DomainError('bad_request', 'The pricing tier is not active');
  throw new DomainError('bad_request', `The pricing tier's currency (${tier.currency}) `
    + `differs from the account's (${account.currency})`);
}
