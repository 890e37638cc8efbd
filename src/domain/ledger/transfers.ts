/**
 * Partner-to-customer balance transfers (vobiz-api.md 1.4): atomic, no pending state, exact.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import {
  DIALTONE_SQLSTATE,
  isUniqueViolation,
  sqlDetailOf,
  sqlStateOf,
} from '../../db/errors';
import { TRANSFER_AMOUNT_MAX, TRANSFER_FRACTION_DIGITS_MAX } from '../../limits';
import { DomainError, notFound } from '../errors';
import { newTransactionId } from '../ids';
import { formatMoney, parseMoney } from '../money';
import type { PartnerPrincipal } from '../principals';

export interface TransferInput {
  /** Decimal text as the client wrote it (the JSON parser keeps it exact). */
  amount: string;
  currency: string;
  description?: string | undefined;
}

export interface Transfer {
  transaction_id: string;
  from_account: string;
  to_account: string;
  amount: string;
  currency: string;
  description: string | null;
  status: 'completed';
  partner_balance_after: string;
  customer_balance_after: string;
  timestamp: Date;
}

const AMOUNT_UNITS_MAX = parseMoney(TRANSFER_AMOUNT_MAX)!;

/**
 * Moves `amount` from the partner's wallet to its customer's, with two ledger entries, in ONE
 * database round trip (see migration 0003). Errors: forbidden (flag), bad_request (amount,
 * currency), not_found (not this partner's customer), conflict (customer suspended),
 * insufficient_balance (with current_balance).
 */
export async function transferBalance(
  db: Executor,
  partner: PartnerPrincipal,
  accountAuthId: string,
  input: TransferInput,
): Promise<Transfer> {
  if (!partner.canTransferBalance) {
    throw new DomainError('forbidden', 'This partner is not allowed to transfer balance');
  }
  const units = parseTransferAmount(input.amount);
  if (input.currency !== partner.currency) {
    throw new DomainError(
      'bad_request',
      `Currency mismatch: your partner balance is in ${partner.currency}, not ${input.currency}`,
    );
  }
  const amount = formatMoney(units, TRANSFER_FRACTION_DIGITS_MAX);
  const description = input.description ?? null;
  const nowSeconds = Math.floor(Date.now() / 1000);
  const row = await callTransferFunction(db, partner, accountAuthId, {
    amount,
    currency: input.currency,
    partnerDescription: description ?? `Transfer to ${accountAuthId}`,
    accountDescription: `Transfer from partner ${partner.name}${description ? `: ${description}` : ''}`,
    reference: `ptc:${partner.id}:${accountAuthId}:${nowSeconds}`,
  });
  return {
    transaction_id: row.transactionId,
    from_account: partner.authId,
    to_account: accountAuthId,
    amount,
    currency: input.currency,
    description,
    status: 'completed',
    partner_balance_after: row.partner_balance_after,
    customer_balance_after: row.account_balance_after,
    timestamp: row.created_at,
  };
}

/** Positive, at most 2 fraction digits, at most TRANSFER_AMOUNT_MAX. */
export function parseTransferAmount(text: string): bigint {
  const units = parseMoney(text, TRANSFER_FRACTION_DIGITS_MAX);
  if (units === undefined) {
    throw new DomainError(
      'bad_request',
      `amount must be a number with at most ${TRANSFER_FRACTION_DIGITS_MAX} decimal places`,
    );
  }
  if (units <= 0n) throw new DomainError('bad_request', 'amount must be greater than 0');
  if (units > AMOUNT_UNITS_MAX) {
    throw new DomainError('bad_request', `amount must not exceed ${TRANSFER_AMOUNT_MAX}`);
  }
  return units;
}

interface TransferCall {
  amount: string;
  currency: string;
  partnerDescription: string;
  accountDescription: string;
  reference: string;
}

async function callTransferFunction(
  db: Executor,
  partner: PartnerPrincipal,
  accountAuthId: string,
  call: TransferCall,
) {
  const attemptsMax = 3;
  for (let attempt = 1; ; attempt += 1) {
    const transactionId = newTransactionId();
    try {
      const { rows } = await sql<{
        partner_balance_after: string;
        account_balance_after: string;
        created_at: Date;
      }>`select * from ledger_transfer_partner_to_account(
          ${partner.id}, ${accountAuthId}, ${call.amount}::numeric, ${call.currency},
          ${transactionId}, ${call.partnerDescription}, ${call.accountDescription},
          ${call.reference})`.execute(db);
      return { ...rows[0]!, transactionId };
    } catch (error) {
      const retry = isUniqueViolation(error, 'ledger_transactions_transaction_id_unique');
      if (retry && attempt < attemptsMax) continue;
      throw toTransferError(error, call, partner.currency);
    }
  }
}

function toTransferError(error: unknown, call: TransferCall, currency: string): unknown {
  switch (sqlStateOf(error)) {
    case DIALTONE_SQLSTATE.notFound:
      return notFound('Account');
    case DIALTONE_SQLSTATE.accountSuspended:
      return new DomainError('conflict', 'The customer account is suspended and cannot receive transfers');
    case DIALTONE_SQLSTATE.badRequest:
      return new DomainError('bad_request', `The customer's wallet is not in ${currency}`);
    case DIALTONE_SQLSTATE.insufficientBalance:
      return insufficientBalance(sqlDetailOf(error) ?? '0', call.amount, currency);
    default:
      return error;
  }
}

export function insufficientBalance(balance: string, requested: string, currency: string) {
  const symbol = currency === 'INR' ? '₹' : `${currency} `;
  const current = formatMoney(parseMoney(balance) ?? 0n, 2);
  return new DomainError(
    'insufficient_balance',
    `Your partner balance (${symbol}${current}) is insufficient for this transfer ` +
      `(${symbol}${requested}).`,
    { current_balance: Number(current), requested_amount: Number(requested), currency },
  );
}
