/**
 * Buying a number from the inventory (vobiz-api.md 2.1, POST /numbers/purchase-from-inventory).
 */
import type { Database, DatabaseTransaction } from '../../db/database';
import { postAccountCharge } from '../ledger/postings';
import { DomainError } from '../errors';
import { formatMoney, parseMoney, roundMoneyText } from '../money';
import type { AccountPrincipal } from '../principals';
import { monthsAfter, numberRows, type NumberRow } from './numbers.queries';

export interface PurchaseInput {
  e164: string;
  /** Optional: when given it must be the number's currency. */
  currency?: string | undefined;
}

/**
 * Assigns an inventory number to the account and debits setup_fee + monthly_fee (the first
 * month) from its wallet, in ONE transaction: either the number is the account's and the money
 * is in the ledger, or nothing changed. The assignment is a conditional UPDATE (only while the
 * number has no owner), so of two buyers racing for one number exactly one gets it; the other
 * waits for the row lock, finds it owned and gets not_found, unless it is the buyer itself (a
 * retry), which gets its number back uncharged. The billing anchor is `now`; the
 * next rental is due one calendar month later.
 * Errors: not_found (unknown, owned, blocked), bad_request (currency), insufficient_balance.
 */
export async function purchaseNumber(
  db: Database,
  account: AccountPrincipal,
  input: PurchaseInput,
  now: Date,
): Promise<NumberRow> {
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('phone_numbers')
      .set({
        account_id: account.id,
        sub_account_id: account.subAccount?.id ?? null,
        status: 'active',
        purchased_at: now,
        billing_periods_paid: 1,
        last_billing_date: now,
        next_billing_date: monthsAfter(now, 1),
        updated_at: now,
      })
      .where('e164', '=', input.e164)
      .where('account_id', 'is', null)
      .where('is_blocked', '=', false)
      .where('currency', '=', input.currency ?? account.currency)
      .where('currency', '=', account.currency)
      .returning(['id', 'setup_fee', 'monthly_fee', 'currency'])
      .executeTakeFirst();
    if (!claimed) {
      // A purchase retried after a lost response (clients retry POSTs on 5xx) finds the number
      // already the caller's: answered with it, neither charged nor refused twice.
      const own = await findOwnPurchase(trx, account, input);
      if (own) return own;
      throw await whyNotPurchasable(trx, account, input);
    }
    await chargePurchase(trx, account, { ...claimed, e164: input.e164, purchasedAt: now });
    return numberRows(trx).where('n.id', '=', claimed.id).executeTakeFirstOrThrow();
  });
}

async function chargePurchase(
  trx: DatabaseTransaction,
  account: AccountPrincipal,
  number: {
    e164: string; setup_fee: string; monthly_fee: string; currency: string; purchasedAt: Date;
  },
): Promise<void> {
  const setupFee = parseMoney(number.setup_fee)!;
  const monthlyFee = parseMoney(number.monthly_fee)!;
  const total = setupFee + monthlyFee;
  if (total === 0n) return;
  const fees = `setup ${formatMoney(setupFee, 2)} + first month ${formatMoney(monthlyFee, 2)}`;
  try {
    await postAccountCharge(trx, {
      accountId: account.id,
      partnerId: account.partnerId,
      amount: formatMoney(total),
      type: 'debit',
      referenceType: 'number_purchase',
      reference: `number_purchase:${number.e164}:${number.purchasedAt.toISOString()}`,
      description: `Number purchase ${number.e164} (${fees} ${number.currency})`,
      allowShortfall: false,
    });
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'insufficient_balance') throw error;
    const wallet = await trx.selectFrom('wallets').select('balance')
      .where('account_id', '=', account.id).executeTakeFirstOrThrow();
    const balance = roundMoneyText(wallet.balance, 2);
    throw new DomainError(
      'insufficient_balance',
      `Your balance (${balance} ${number.currency}) is insufficient for this purchase ` +
        `(${formatMoney(total, 2)} ${number.currency}: ${fees}).`,
      error.details,
    );
  }
}

/**
 * The caller's own active number `input.e164` (a sub-account: only one assigned to it), as a
 * purchase retried after the first succeeded would find it; undefined otherwise.
 */
function findOwnPurchase(
  trx: DatabaseTransaction,
  account: AccountPrincipal,
  input: PurchaseInput,
): Promise<NumberRow | undefined> {
  let own = numberRows(trx).where('n.e164', '=', input.e164)
    .where('n.account_id', '=', account.id).where('n.status', '=', 'active')
    .where('n.currency', '=', input.currency ?? account.currency);
  if (account.subAccount) own = own.where('n.sub_account_id', '=', account.subAccount.id);
  return own.executeTakeFirst();
}

/** Only on the failure path: tells "not for sale" (404) from "not in your currency" (400). */
async function whyNotPurchasable(
  trx: DatabaseTransaction,
  account: AccountPrincipal,
  input: PurchaseInput,
): Promise<DomainError> {
  const number = await trx
    .selectFrom('phone_numbers')
    .select(['account_id', 'is_blocked', 'currency'])
    .where('e164', '=', input.e164)
    .executeTakeFirst();
  if (!number || number.account_id !== null || number.is_blocked) {
    return new DomainError('not_found', `Number ${input.e164} is not available in inventory`);
  }
  if (input.currency !== undefined && input.currency !== number.currency) {
    return new DomainError(
      'bad_request',
      `Number ${input.e164} is priced in ${number.currency}, not ${input.currency}`,
    );
  }
  return new DomainError(
    'bad_request',
    `Number ${input.e164} is priced in ${number.currency}; this account's wallet is in ` +
      `${account.currency}`,
  );
}
