/**
 * Ledger postings other than transfers: operator recharges of partner wallets, and charges
 * and refunds of customer wallets (number fees, calls). Each is one ledger transaction whose
 * entries sum to zero, written inside the caller's database transaction so the money moves
 * together with the change it pays for. The counter-side is a system wallet whose balance
 * column is not maintained (no hot row; its balance is the sum of its entries).
 */
import { sql } from 'kysely';
import type { Database, DatabaseTransaction } from '../../db/database';
import type { LedgerTransactionType } from '../../db/schema';
import { DomainError, notFound } from '../errors';
import { newTransactionId } from '../ids';
import { TRANSFER_FRACTION_DIGITS_MAX } from '../../limits';
import { formatMoney, parseMoney } from '../money';
import { parseTransferAmount } from './transfers';

/** Where operator money comes from, and where customer charges go. */
export const SYSTEM_WALLET = {
  operatorFunding: 'operator_funding',
  platformRevenue: 'platform_revenue',
} as const;

export interface Recharge {
  transaction_id: string;
  partner_auth_id: string;
  amount: string;
  currency: string;
  balance_after: string;
  description: string | null;
  reference: string | null;
  created_at: Date;
}

/** Operator credit of a partner's master wallet. Errors: not_found. */
export async function rechargePartner(
  db: Database,
  partnerAuthId: string,
  input: { amount: string; description?: string | undefined; reference?: string | undefined },
): Promise<Recharge> {
  const amount = formatMoney(parseTransferAmount(input.amount), TRANSFER_FRACTION_DIGITS_MAX);
  return db.transaction().execute(async (trx) => {
    const wallet = await trx
      .updateTable('wallets as w')
      .from('partners as p')
      .set({ balance: sql`w.balance + ${amount}::numeric`, updated_at: sql`now()` })
      .whereRef('w.partner_id', '=', 'p.id')
      .where('p.auth_id', '=', partnerAuthId)
      .returning(['w.id', 'w.balance', 'w.currency', 'p.id as partner_id'])
      .executeTakeFirst();
    if (!wallet) throw notFound('Partner');
    const description = input.description ?? null;
    const posted = await postLedgerTransaction(trx, {
      type: 'recharge',
      referenceType: 'operator_credit',
      reference: input.reference ?? null,
      partnerId: wallet.partner_id,
      entries: [
        { walletId: await systemWalletId(trx, SYSTEM_WALLET.operatorFunding, wallet.currency),
          amount: `-${amount}`, balanceAfter: null, description },
        { walletId: wallet.id, amount, balanceAfter: wallet.balance, description },
      ],
    });
    return {
      transaction_id: posted.transactionId,
      partner_auth_id: partnerAuthId,
      amount,
      currency: wallet.currency,
      balance_after: wallet.balance,
      description,
      reference: input.reference ?? null,
      created_at: posted.createdAt,
    };
  });
}

export interface AccountCharge {
  accountId: string;
  partnerId: string;
  /** Decimal text > 0. */
  amount: string;
  type: Extract<LedgerTransactionType, 'debit' | 'refund'>;
  referenceType: string;
  reference: string;
  description: string;
  /**
   * When true, a wallet that cannot pay in full is debited to zero and the rest is returned
   * as `shortfall` (calls that already happened). When false, insufficient_balance is thrown.
   */
  allowShortfall: boolean;
}

export interface PostedCharge {
  transactionId: string | undefined;
  charged: string;
  shortfall: string;
  balanceAfter: string;
}

/**
 * Debits (type debit) or credits (type refund) a customer wallet against platform revenue.
 * Takes the customer wallet's row lock until the caller's transaction ends.
 */
export async function postAccountCharge(
  trx: DatabaseTransaction,
  charge: AccountCharge,
): Promise<PostedCharge> {
  const sign = charge.type === 'debit' ? -1n : 1n;
  const requested = parseMoney(charge.amount);
  if (requested === undefined || requested <= 0n) {
    throw new Error(`charge amount must be positive decimal text, got ${charge.amount}`);
  }
  const wallet = await trx
    .selectFrom('wallets').select(['id', 'balance', 'currency'])
    .where('account_id', '=', charge.accountId).forUpdate().executeTakeFirstOrThrow();
  const balance = parseMoney(wallet.balance)!;
  let applied = requested;
  if (sign < 0n && balance < requested) {
    if (!charge.allowShortfall) {
      throw new DomainError('insufficient_balance', 'Insufficient balance for this charge', {
        current_balance: Number(formatMoney(balance, 2)),
        requested_amount: Number(formatMoney(requested, 2)),
        currency: wallet.currency,
      });
    }
    applied = balance;
  }
  const shortfall = formatMoney(requested - applied);
  if (applied === 0n) {
    return { transactionId: undefined, charged: formatMoney(0n), shortfall, balanceAfter: wallet.balance };
  }
  const balanceAfter = formatMoney(balance + sign * applied);
  await trx.updateTable('wallets')
    .set({ balance: balanceAfter, updated_at: sql`now()` }).where('id', '=', wallet.id).execute();
  const posted = await postLedgerTransaction(trx, {
    type: charge.type,
    referenceType: charge.referenceType,
    reference: charge.reference,
    partnerId: charge.partnerId,
    entries: [
      { walletId: wallet.id, amount: formatMoney(sign * applied), balanceAfter,
        description: charge.description },
      { walletId: await systemWalletId(trx, SYSTEM_WALLET.platformRevenue, wallet.currency),
        amount: formatMoney(-sign * applied), balanceAfter: null, description: charge.description },
    ],
  });
  return { transactionId: posted.transactionId, charged: formatMoney(applied), shortfall, balanceAfter };
}

interface LedgerPosting {
  type: LedgerTransactionType;
  referenceType: string;
  reference: string | null;
  partnerId: string;
  entries: { walletId: string; amount: string; balanceAfter: string | null; description: string | null }[];
}

/** Writes one ledger transaction and its entries (the commit-time trigger checks the sum). */
async function postLedgerTransaction(trx: DatabaseTransaction, posting: LedgerPosting) {
  const transaction = await trx
    .insertInto('ledger_transactions')
    .values({
      transaction_id: newTransactionId(),
      type: posting.type,
      reference_type: posting.referenceType,
      reference: posting.reference,
      partner_id: posting.partnerId,
    })
    .returning(['id', 'transaction_id', 'created_at'])
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('ledger_entries')
    .values(posting.entries.map((entry) => ({
      ledger_transaction_id: transaction.id,
      wallet_id: entry.walletId,
      amount: entry.amount,
      balance_after: entry.balanceAfter,
      description: entry.description,
      reference: posting.reference,
    })))
    .execute();
  return { transactionId: transaction.transaction_id, createdAt: transaction.created_at };
}

/**
 * The id of a system wallet, created on first use, in one round trip once it exists. When a
 * concurrent transaction created it first, this statement's snapshot cannot see that row yet;
 * a second statement (a fresh snapshot under READ COMMITTED) does.
 */
export async function systemWalletId(trx: DatabaseTransaction, code: string, currency: string) {
  const { rows } = await sql<{ id: string }>`
    with created as (
      insert into wallets (kind, system_code, currency) values ('system', ${code}, ${currency})
      on conflict (system_code, currency) do nothing returning id)
    select id from created
    union all
    select id from wallets where system_code = ${code} and currency = ${currency}
    limit 1`.execute(trx);
  if (rows[0]) return rows[0].id;
  const existing = await trx.selectFrom('wallets').select('id')
    .where('system_code', '=', code).where('currency', '=', currency).executeTakeFirst();
  if (!existing) throw new Error(`system wallet ${code}/${currency} could not be created`);
  return existing.id;
}
