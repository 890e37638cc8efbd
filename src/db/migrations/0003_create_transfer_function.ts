import { type Kysely, sql } from 'kysely';

// A partner-to-customer transfer in ONE round trip. The partner wallet is the hot row (every
// transfer of a partner debits it), so it is locked last: the customer's credit and the ledger
// transaction row are written first, and only the debit and the two entries follow the lock.
// Errors are raised with dialtone's own SQLSTATEs (class DT), mapped in src/db/errors.ts.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function ledger_transfer_partner_to_account(
      p_partner_id uuid,
      p_account_auth_id text,
      p_amount numeric,
      p_currency text,
      p_transaction_id text,
      p_partner_description text,
      p_account_description text,
      p_account_reference text
    ) returns table (
      partner_balance_after numeric,
      account_balance_after numeric,
      created_at timestamptz
    ) language plpgsql as $$
    declare
      v_account_id bigint;
      v_account_status text;
      v_account_wallet_id bigint;
      v_account_balance numeric;
      v_partner_wallet_id bigint;
      v_partner_balance numeric;
      v_ledger_transaction_id uuid;
      v_now timestamptz := now();
    begin
      if p_amount <= 0 then
        raise exception 'amount must be positive' using errcode = 'DT400';
      end if;
      select a.id, a.status into v_account_id, v_account_status
        from accounts a where a.auth_id = p_account_auth_id and a.partner_id = p_partner_id;
      if not found then
        raise exception 'account_not_found' using errcode = 'DT404';
      end if;
      if v_account_status <> 'active' then
        raise exception 'account_suspended' using errcode = 'DT423';
      end if;

      update wallets w set balance = w.balance + p_amount, updated_at = v_now
        where w.account_id = v_account_id and w.currency = p_currency
        returning w.id, w.balance into v_account_wallet_id, v_account_balance;
      if not found then
        raise exception 'currency_mismatch' using errcode = 'DT400';
      end if;
      insert into ledger_transactions
          (transaction_id, type, reference_type, reference, partner_id, created_at)
        values (p_transaction_id, 'transfer', 'partner_transfer', p_account_reference,
          p_partner_id, v_now)
        returning id into v_ledger_transaction_id;

      update wallets w set balance = w.balance - p_amount, updated_at = v_now
        where w.partner_id = p_partner_id and w.currency = p_currency and w.balance >= p_amount
        returning w.id, w.balance into v_partner_wallet_id, v_partner_balance;
      if not found then
        raise exception 'insufficient_balance' using errcode = 'DT402',
          detail = coalesce((select w.balance from wallets w
                             where w.partner_id = p_partner_id)::text, '0');
      end if;

      insert into ledger_entries
          (ledger_transaction_id, wallet_id, amount, balance_after, description, reference,
           created_at)
        values
          (v_ledger_transaction_id, v_partner_wallet_id, -p_amount, v_partner_balance,
           p_partner_description, p_account_reference, v_now),
          (v_ledger_transaction_id, v_account_wallet_id, p_amount, v_account_balance,
           p_account_description, p_account_reference, v_now);

      return query select v_partner_balance, v_account_balance, v_now;
    end $$`.execute(db);
}
