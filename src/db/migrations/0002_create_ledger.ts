import { type Kysely, sql } from 'kysely';

// The double-entry ledger. A wallet holds one balance; every change to it is a ledger entry of
// a ledger transaction whose entries sum to zero (checked at commit by a constraint trigger).
// System wallets (operator funding, platform revenue) are the other side of recharges and
// charges: their balance column is not maintained (it is the sum of their entries), so they
// never become a hot row that every call charge would queue on.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table wallets (
      id bigint generated always as identity primary key,
      balance_id uuid not null default gen_random_uuid(),
      kind text not null,
      partner_id uuid references partners (id),
      account_id bigint references accounts (id),
      system_code text,
      currency char(3) not null,
      balance numeric(20, 5) not null default 0,
      updated_at timestamptz not null default now(),
      constraint wallets_balance_id_unique unique (balance_id),
      constraint wallets_partner_unique unique (partner_id),
      constraint wallets_account_unique unique (account_id),
      constraint wallets_system_unique unique (system_code, currency),
      constraint wallets_kind_known check (kind in ('partner', 'account', 'system')),
      constraint wallets_one_owner check (
        (kind = 'partner' and partner_id is not null and account_id is null and system_code is null)
        or (kind = 'account' and account_id is not null and partner_id is null
            and system_code is null)
        or (kind = 'system' and system_code is not null and partner_id is null
            and account_id is null)),
      constraint wallets_balance_nonnegative check (kind = 'system' or balance >= 0)
    )`.execute(db);

  await sql`
    create table ledger_transactions (
      id uuid primary key default gen_random_uuid(),
      transaction_id text not null,
      type text not null,
      reference_type text not null,
      reference text,
      partner_id uuid not null references partners (id),
      created_at timestamptz not null default now(),
      constraint ledger_transactions_transaction_id_unique unique (transaction_id),
      constraint ledger_transactions_type_known
        check (type in ('recharge', 'transfer', 'debit', 'refund'))
    )`.execute(db);

  await sql`
    create table ledger_entries (
      id bigint generated always as identity primary key,
      entry_id uuid not null default gen_random_uuid(),
      ledger_transaction_id uuid not null references ledger_transactions (id),
      wallet_id bigint not null references wallets (id),
      amount numeric(20, 5) not null,
      balance_after numeric(20, 5),
      description text,
      reference text,
      created_at timestamptz not null default now(),
      constraint ledger_entries_amount_nonzero check (amount <> 0),
      constraint ledger_entries_balance_after_nonnegative check (balance_after >= 0)
    )`.execute(db);
  await sql`create index ledger_entries_wallet_created
    on ledger_entries (wallet_id, created_at desc, id desc)`.execute(db);
  await sql`create index ledger_transactions_partner_created
    on ledger_transactions (partner_id, created_at desc)`.execute(db);
  await sql`create index ledger_entries_transaction on ledger_entries (ledger_transaction_id)`
    .execute(db);

  // Entries are facts: corrections are new transactions, never edits.
  await sql`
    create function ledger_entries_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'ledger entries are append-only' using errcode = 'restrict_violation';
    end $$`.execute(db);
  await sql`
    create trigger ledger_entries_no_update_or_delete before update or delete on ledger_entries
    for each row execute function ledger_entries_append_only()`.execute(db);

  // Checked at commit so the entries of one transaction may be inserted in any order.
  await sql`
    create function ledger_transactions_assert_balanced() returns trigger language plpgsql as $$
    begin
      if (select sum(amount) from ledger_entries
          where ledger_transaction_id = new.ledger_transaction_id) <> 0 then
        raise exception 'ledger transaction % does not sum to zero', new.ledger_transaction_id
          using errcode = 'check_violation', constraint = 'ledger_transactions_balanced';
      end if;
      return null;
    end $$`.execute(db);
  await sql`
    create constraint trigger ledger_transactions_balanced after insert on ledger_entries
    deferrable initially deferred for each row
    execute function ledger_transactions_assert_balanced()`.execute(db);
}
