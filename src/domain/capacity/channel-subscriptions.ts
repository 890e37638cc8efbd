/**
 * Channel subscriptions (vobiz-sdk-surface.md §5): an account buys concurrent-call or CPS
 * channels by the month. The purchase debits the first period through the ledger, records it
 * as a charged renewal row and raises accounts.purchased_* in one transaction. Every 30 days
 * the channel_subscriptions_renew job settles the next period exactly once: charged (ledger
 * debit, period advanced), or, when the wallet cannot pay, lapsed (no money moves, the
 * subscription ends and its channels come off the account). Both outcomes leave a renewal row.
 *
 * Exactly once: each subscription is settled in its own transaction holding its row lock
 * (SKIP LOCKED, so concurrent runs share the work), re-checked as still due, and the renewal
 * row is unique per (subscription, period start); the ledger reference is unique too.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Database, DatabaseTransaction, Executor } from '../../db/database';
import type { CapacityResource } from '../../db/schema';
import { CHANNEL_RENEWALS_PER_RUN_MAX, CHANNEL_SUBSCRIPTION_PERIOD_DAYS } from '../../limits';
import { DAY_MS } from '../clock';
import { DomainError } from '../errors';
import { postAccountCharge } from '../ledger/postings';
import { parseMoney } from '../money';
import { findEffectivePricingTiers } from '../pricing/effective-tiers';
import type { AccountPrincipal } from '../principals';
import { type ChannelQuote, quoteChannels } from './channel-pricing';

export interface ChannelRequest {
  resourceType: CapacityResource;
  quantity: number;
}

const PURCHASED_COLUMN = {
  concurrent_calls: 'purchased_concurrent_calls',
  cps: 'purchased_cps',
} as const satisfies Record<CapacityResource, string>;

/** What `quantity` channels would cost this account a month; buys nothing. Errors: bad_request. */
export async function previewChannelPricing(
  db: Executor,
  account: AccountPrincipal,
  request: ChannelRequest,
): Promise<ChannelQuote> {
  const [tier] = await findEffectivePricingTiers(db, [{
    partner_id: account.partnerId,
    pricing_tier_id: await assignedTierId(db, account),
    currency: account.currency,
  }]);
  return quoteChannels(tier, request.resourceType, request.quantity, account.currency);
}

async function assignedTierId(db: Executor, account: AccountPrincipal): Promise<string | null> {
  const row = await db.selectFrom('accounts').select('pricing_tier_id')
    .where('id', '=', account.id).executeTakeFirstOrThrow();
  return row.pricing_tier_id;
}

function subscriptionRows(db: Executor) {
  return db.selectFrom('channel_subscriptions').selectAll();
}

export type ChannelSubscriptionRow =
  Awaited<ReturnType<ReturnType<typeof subscriptionRows>['executeTakeFirstOrThrow']>>;

/**
 * Buys channels: debits the first month, activates the subscription (next billing in 30 days)
 * and raises the account's purchased channels, atomically. Errors: bad_request (quantity),
 * insufficient_balance (nothing is written).
 */
export async function createChannelSubscription(
  db: Database,
  account: AccountPrincipal,
  request: ChannelRequest,
  now: Date,
): Promise<ChannelSubscriptionRow> {
  const quote = await previewChannelPricing(db, account, request);
  return db.transaction().execute(async (trx) => {
    const subscription = await trx.insertInto('channel_subscriptions')
      .values({
        account_id: account.id,
        resource_type: quote.resource_type,
        quantity: quote.quantity,
        monthly_cost: quote.monthly_cost,
        currency: quote.currency,
        purchased_at: now,
        last_billing_date: now,
        next_billing_date: periodAfter(now),
      })
      .returningAll().executeTakeFirstOrThrow();
    const transactionId = await chargePeriod(trx, account.partnerId, subscription, now);
    await recordRenewal(trx, subscription, now, 'charged', transactionId);
    await addPurchasedChannels(trx, subscription, +subscription.quantity);
    return subscription;
  });
}

function periodAfter(start: Date): Date {
  return new Date(start.getTime() + CHANNEL_SUBSCRIPTION_PERIOD_DAYS * DAY_MS);
}

/** Debits one period; the ledger transaction id, or undefined for a free subscription. */
async function chargePeriod(
  trx: DatabaseTransaction,
  partnerId: string,
  subscription: ChannelSubscriptionRow,
  periodStart: Date,
): Promise<string | undefined> {
  if (parseMoney(subscription.monthly_cost)! === 0n) return undefined;
  const from = periodStart.toISOString().slice(0, 10);
  const posted = await postAccountCharge(trx, {
    accountId: subscription.account_id,
    partnerId,
    amount: subscription.monthly_cost,
    type: 'debit',
    referenceType: 'channel_subscription',
    reference: `channel_subscription:${subscription.id}:${periodStart.toISOString()}`,
    description: `${subscription.quantity} ${subscription.resource_type} channels from ${from}`,
    allowShortfall: false,
  });
  return posted.transactionId;
}

async function recordRenewal(
  trx: DatabaseTransaction,
  subscription: ChannelSubscriptionRow,
  periodStart: Date,
  outcome: 'charged' | 'lapsed',
  transactionId: string | undefined,
): Promise<void> {
  await trx.insertInto('channel_subscription_renewals').values({
    subscription_id: subscription.id,
    period_start: periodStart,
    outcome,
    amount: subscription.monthly_cost,
    transaction_id: transactionId ?? null,
  }).execute();
}

async function addPurchasedChannels(
  trx: DatabaseTransaction,
  subscription: ChannelSubscriptionRow,
  delta: number,
): Promise<void> {
  const column = PURCHASED_COLUMN[subscription.resource_type];
  const updated = await trx.updateTable('accounts')
    .set({ [column]: sql`${sql.ref(column)} + ${delta}`, updated_at: sql`now()` })
    .where('id', '=', subscription.account_id)
    .returning('id').executeTakeFirst();
  assert.ok(updated, 'a subscription belongs to an existing account');
}

export interface RenewalRun {
  charged: number;
  lapsed: number;
}

/**
 * Job: settles every period due by `now`, oldest first. A subscription behind by several
 * periods (the job was down) is settled one period per pass until it is current or lapses.
 */
export async function renewDueChannelSubscriptions(db: Database, now: Date): Promise<RenewalRun> {
  const run: RenewalRun = { charged: 0, lapsed: 0 };
  for (let settled = 0; settled < CHANNEL_RENEWALS_PER_RUN_MAX; settled += 1) {
    const outcome = await settleOneDuePeriod(db, now);
    if (outcome === undefined) break;
    run[outcome] += 1;
  }
  return run;
}

/** The oldest due period of any unlocked subscription, settled; undefined when none is due. */
async function settleOneDuePeriod(db: Database, now: Date): Promise<keyof RenewalRun | undefined> {
  return db.transaction().execute(async (trx) => {
    const due = await trx.selectFrom('channel_subscriptions as s')
      .innerJoin('accounts as a', 'a.id', 's.account_id')
      .selectAll('s').select('a.partner_id')
      .where('s.status', '=', 'active').where('s.next_billing_date', '<=', now)
      .orderBy('s.next_billing_date').orderBy('s.id')
      .limit(1).forUpdate('s').skipLocked()
      .executeTakeFirst();
    if (!due) return undefined;
    const { partner_id: partnerId, ...subscription } = due;
    const periodStart = subscription.next_billing_date;
    const transactionId = await tryChargePeriod(trx, partnerId, subscription, periodStart);
    if (transactionId === false) {
      await recordRenewal(trx, subscription, periodStart, 'lapsed', undefined);
      await lapse(trx, subscription, now);
      return 'lapsed';
    }
    await recordRenewal(trx, subscription, periodStart, 'charged', transactionId);
    await trx.updateTable('channel_subscriptions')
      .set({
        last_billing_date: periodStart, next_billing_date: periodAfter(periodStart), updated_at: now,
      })
      .where('id', '=', subscription.id).execute();
    return 'charged';
  });
}

/** The charge's transaction id; false (nothing written) when the wallet cannot pay. */
async function tryChargePeriod(
  trx: DatabaseTransaction,
  partnerId: string,
  subscription: ChannelSubscriptionRow,
  periodStart: Date,
): Promise<string | undefined | false> {
  try {
    return await chargePeriod(trx, partnerId, subscription, periodStart);
  } catch (error) {
    // The charge checks the balance before it writes anything, so the transaction is clean.
    if (error instanceof DomainError && error.code === 'insufficient_balance') return false;
    throw error;
  }
}

async function lapse(trx: DatabaseTransaction, subscription: ChannelSubscriptionRow, now: Date) {
  await trx.updateTable('channel_subscriptions')
    .set({
      status: 'lapsed', cancelled_at: now, cancellation_reason: 'insufficient_balance',
      updated_at: now,
    })
    .where('id', '=', subscription.id).execute();
  await addPurchasedChannels(trx, subscription, -subscription.quantity);
}
