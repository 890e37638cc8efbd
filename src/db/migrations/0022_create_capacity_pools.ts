import { type Kysely, sql } from 'kysely';

// Partner capacity (vobiz-api.md 1.8). The operator grants a partner a pool of concurrent-call
// and CPS slots; the partner transfers slots to its customers and reclaims them. Counters, not
// sums, so a transfer is one guarded UPDATE per side:
// - partners.*_pool: slots the operator granted; partners.*_allocated: slots now with customers;
//   the CHECK keeps 0 <= allocated <= pool, so the remaining pool can never go negative.
// - accounts.allocated_*: slots this customer holds from its partner (net of reclaims), >= 0,
//   on top of its base limit. A reclaim can never take back more than this.
// capacity_transfers is the history GET /concurrency/transfers shows, newest first.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table partners
      add column concurrent_calls_pool integer not null default 0,
      add column concurrent_calls_allocated integer not null default 0,
      add column cps_pool integer not null default 0,
      add column cps_allocated integer not null default 0,
      add constraint partners_concurrent_calls_allocation_bounded
        check (concurrent_calls_allocated >= 0 and concurrent_calls_allocated <= concurrent_calls_pool),
      add constraint partners_cps_allocation_bounded
        check (cps_allocated >= 0 and cps_allocated <= cps_pool)`.execute(db);

  await sql`
    alter table accounts
      add column allocated_concurrent_calls integer not null default 0,
      add column allocated_cps integer not null default 0,
      add constraint accounts_allocated_concurrent_calls_nonnegative
        check (allocated_concurrent_calls >= 0),
      add constraint accounts_allocated_cps_nonnegative check (allocated_cps >= 0)`.execute(db);

  await sql`
    create table capacity_transfers (
      id bigint generated always as identity primary key,
      transfer_reference text not null,
      partner_id uuid not null references partners (id),
      account_id bigint not null references accounts (id),
      kind text not null,
      resource text not null,
      slots integer not null,
      description text,
      partner_remaining integer not null,
      customer_effective integer not null,
      created_at timestamptz not null default now(),
      constraint capacity_transfers_reference_unique unique (transfer_reference),
      constraint capacity_transfers_kind_known check (kind in ('transfer', 'reclaim')),
      constraint capacity_transfers_resource_known check (resource in ('concurrent_calls', 'cps')),
      constraint capacity_transfers_slots_range check (slots between 1 and 10000)
    )`.execute(db);
  await sql`create index capacity_transfers_partner_created
    on capacity_transfers (partner_id, created_at desc, id desc)`.execute(db);
}
