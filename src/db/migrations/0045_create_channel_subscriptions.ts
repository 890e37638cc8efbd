import { type Kysely, sql } from 'kysely';

// Channel subscriptions (vobiz-sdk-surface.md §5): an account buys concurrent-call or CPS
// channels for a monthly price from its pricing tier; the first month is debited at purchase,
// each later one every 30 days by the channel_subscriptions_renew job. While a subscription is
// active its quantity counts in accounts.purchased_*, on top of base and partner-allocated
// limits; a renewal the wallet cannot pay lapses it and takes its quantity back out.
// - pricing_tiers: the monthly price of one channel of each kind (null: the platform price)
//   and the block size a quantity must be a multiple of.
// - channel_subscription_renewals: one row per due period, charged or lapsed, so each period
//   is settled exactly once (unique per subscription and period) and either outcome is on
//   record.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table pricing_tiers
      add column concurrent_calls_monthly_price numeric(20,5),
      add column cps_monthly_price numeric(20,5),
      add column channel_block_size integer not null default 1,
      add constraint pricing_tiers_channel_prices_nonnegative
        check (concurrent_calls_monthly_price >= 0 and cps_monthly_price >= 0),
      add constraint pricing_tiers_channel_block_size_range
        check (channel_block_size between 1 and 1000)`.execute(db);

  await sql`
    alter table accounts
      add column purchased_concurrent_calls integer not null default 0,
      add column purchased_cps integer not null default 0,
      add constraint accounts_purchased_concurrent_calls_nonnegative
        check (purchased_concurrent_calls >= 0),
      add constraint accounts_purchased_cps_nonnegative check (purchased_cps >= 0)`.execute(db);

  await sql`
    create table channel_subscriptions (
      id uuid primary key default gen_random_uuid(),
      account_id bigint not null references accounts (id),
      resource_type text not null,
      quantity integer not null,
      monthly_cost numeric(20,5) not null,
      currency text not null,
      status text not null default 'active',
      purchased_at timestamptz not null,
      last_billing_date timestamptz not null,
      next_billing_date timestamptz not null,
      cancelled_at timestamptz,
      cancellation_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint channel_subscriptions_resource_known
        check (resource_type in ('concurrent_calls', 'cps')),
      constraint channel_subscriptions_quantity_range check (quantity between 1 and 10000),
      constraint channel_subscriptions_cost_nonnegative check (monthly_cost >= 0),
      constraint channel_subscriptions_status_known
        check (status in ('active', 'lapsed', 'cancelled')),
      constraint channel_subscriptions_cancelled_has_time
        check ((status = 'active') = (cancelled_at is null))
    )`.execute(db);
  await sql`create index channel_subscriptions_account
    on channel_subscriptions (account_id, created_at desc)`.execute(db);
  await sql`create index channel_subscriptions_due
    on channel_subscriptions (next_billing_date, id) where status = 'active'`.execute(db);

  await sql`
    create table channel_subscription_renewals (
      id bigint generated always as identity primary key,
      subscription_id uuid not null references channel_subscriptions (id),
      period_start timestamptz not null,
      outcome text not null,
      amount numeric(20,5) not null,
      transaction_id text,
      created_at timestamptz not null default now(),
      constraint channel_subscription_renewals_once unique (subscription_id, period_start),
      constraint channel_subscription_renewals_outcome_known
        check (outcome in ('charged', 'lapsed')),
      constraint channel_subscription_renewals_lapsed_moves_nothing
        check (outcome = 'charged' or transaction_id is null)
    )`.execute(db);
}
