import { type Kysely, sql } from 'kysely';

// Phone numbers (DIDs): the operator's inventory and the numbers customers own. One row per
// number for its whole life: buying sets account_id, releasing clears it again. The named CHECKs
// make each lifecycle state hold in the database, not only in code:
// - inventory: no owner, status active, no trunk, nothing billed;
// - owned: purchased_at and next_billing_date set, at least the first month paid;
// - pending_release has its release_after; suspended has the reason the partner sees.
// Monthly rental is charged at most once per period: the job advances next_billing_date with a
// conditional UPDATE in the charge's transaction, and the unique index on the rental ledger
// reference holds the same rule a second time.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table phone_numbers (
      id uuid primary key default gen_random_uuid(),
      e164 text not null,
      country char(2) not null,
      region text not null default '',
      provider text,
      can_voice boolean not null default true,
      can_sms boolean not null default false,
      can_mms boolean not null default false,
      can_fax boolean not null default false,
      setup_fee numeric(20, 5) not null,
      monthly_fee numeric(20, 5) not null,
      currency char(3) not null,
      tags text[] not null default '{}',
      is_blocked boolean not null default false,
      status text not null default 'active',
      account_id bigint references accounts (id),
      trunk_id uuid,
      purchased_at timestamptz,
      billing_periods_paid integer not null default 0,
      last_billing_date timestamptz,
      next_billing_date timestamptz,
      release_after timestamptz,
      released_at timestamptz,
      suspended_at timestamptz,
      suspension_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint phone_numbers_e164_unique unique (e164),
      constraint phone_numbers_e164_format check (e164 ~ '^\\+[1-9][0-9]{6,14}$'),
      constraint phone_numbers_country_format check (country ~ '^[A-Z]{2}$'),
      constraint phone_numbers_currency_format check (currency ~ '^[A-Z]{3}$'),
      constraint phone_numbers_fees_nonnegative check (setup_fee >= 0 and monthly_fee >= 0),
      constraint phone_numbers_status_known
        check (status in ('active', 'pending_release', 'suspended')),
      constraint phone_numbers_periods_nonnegative check (billing_periods_paid >= 0),
      constraint phone_numbers_inventory_state check (
        account_id is not null or (
          status = 'active' and trunk_id is null and purchased_at is null
          and next_billing_date is null and billing_periods_paid = 0)),
      constraint phone_numbers_owned_state check (
        account_id is null or (
          purchased_at is not null and next_billing_date is not null
          and billing_periods_paid >= 1)),
      constraint phone_numbers_pending_release_state
        check ((status = 'pending_release') = (release_after is not null)),
      constraint phone_numbers_suspended_state
        check ((status = 'suspended') = (suspension_reason is not null))
    )`.execute(db);

  // Inventory browse: unowned, purchasable numbers by country, in number order.
  await sql`create index phone_numbers_inventory on phone_numbers (country, e164)
    where account_id is null and not is_blocked`.execute(db);
  await sql`create index phone_numbers_account on phone_numbers (account_id, e164)
    where account_id is not null`.execute(db);
  // The rental job's scan: numbers whose period ended, oldest first.
  await sql`create index phone_numbers_billing_due on phone_numbers (next_billing_date)
    where status in ('active', 'suspended')`.execute(db);
  await sql`create index phone_numbers_release_due on phone_numbers (release_after)
    where status = 'pending_release'`.execute(db);

  // The second guard of "one rental charge per number and period" (see above).
  await sql`create unique index ledger_transactions_number_rental_once
    on ledger_transactions (reference) where reference_type = 'number_rental'`.execute(db);
}
