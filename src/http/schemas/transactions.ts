/** Ledger history rows and summary (vobiz-api.md 1.5), shared by the partner and customer APIs. */
import { Type } from 'typebox';
import type { TransactionRow, listTransactions } from '../../domain/ledger/transactions';
import { TRANSACTIONS_PAGE_SIZE_MAX } from '../../limits';
import { BalanceText, IsoDate, MoneyNumber, Nullable, Page, PerPage, SearchText, Timestamp } from './common';

export const TransactionType = Type.Union(
  ['recharge', 'debit', 'refund', 'transfer'].map((value) => Type.Literal(value)),
) as unknown as ReturnType<typeof Type.Union<ReturnType<typeof Type.Literal<'recharge' | 'debit' | 'refund' | 'transfer'>>[]>>;

// Objects are composed by spreading properties, not allOf: the validator strips unknown
// properties per subschema, which would drop every field of the other half.
export const TransactionsQueryProperties = {
  page: Page,
  per_page: PerPage(TRANSACTIONS_PAGE_SIZE_MAX),
  from_date: Type.Optional(IsoDate),
  to_date: Type.Optional(IsoDate),
  transaction_type: Type.Optional(TransactionType),
};
export const TransactionsQuery = Type.Object(TransactionsQueryProperties);

export const GlobalTransactionsQuery = Type.Object({
  ...TransactionsQueryProperties,
  account: Type.Optional(Type.String({ maxLength: 11 })),
  search: Type.Optional(SearchText),
});

const TransactionBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  transaction_id: Type.String(),
  account_id: Type.String({ examples: ['MA_E31MAU98'] }),
  balance_id: Type.String(),
  type: Type.Union([Type.Literal('credit'), Type.Literal('debit')]),
  transaction_type: Type.String(),
  reference_type: Type.String(),
  amount: MoneyNumber,
  // A wallet balance, so a 5-decimal string as Vobiz writes balances.
  balance_after: Nullable(BalanceText),
  currency: Type.String(),
  description: Type.String(),
  reference: Type.String(),
  status: Type.Literal('completed'),
  processed_at: Timestamp,
  created_at: Timestamp,
  updated_at: Timestamp,
});

const Summary = Type.Object({
  total_transactions: Type.Integer(),
  total_debit: MoneyNumber,
  total_credit: MoneyNumber,
  net_amount: MoneyNumber,
  by_reference_type: Type.Array(Type.Object({
    reference_type: Type.String(),
    total_debit: MoneyNumber,
    total_credit: MoneyNumber,
    count: Type.Integer(),
  })),
});

export const TransactionsBody = Type.Object({
  transactions: Type.Array(TransactionBody),
  summary: Summary,
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  total_pages: Type.Integer(),
  account_auth_id: Type.Optional(Type.String()),
});

/** The partner's view of one customer's ledger names the customer. */
export const AccountTransactionsBody = Type.Object({
  ...TransactionsBody.properties,
  account_auth_id: Type.String(),
});

function toWireTransaction(row: TransactionRow) {
  const at = row.created_at.toISOString();
  const negative = row.amount.startsWith('-');
  return {
    id: row.entry_id,
    transaction_id: row.transaction_id,
    account_id: row.owner_auth_id,
    balance_id: row.balance_id,
    type: negative ? ('debit' as const) : ('credit' as const),
    transaction_type: row.transaction_type,
    reference_type: row.reference_type,
    amount: negative ? row.amount.slice(1) : row.amount,
    balance_after: row.balance_after,
    currency: row.currency,
    description: row.description ?? '',
    reference: row.reference ?? '',
    status: 'completed' as const,
    processed_at: at,
    created_at: at,
    updated_at: at,
  };
}

export function toWireTransactions(
  result: Awaited<ReturnType<typeof listTransactions>>,
  page: { page: number; perPage: number },
) {
  return {
    transactions: result.rows.map(toWireTransaction),
    summary: result.summary,
    total: result.total,
    page: page.page,
    per_page: page.perPage,
    total_pages: Math.ceil(result.total / page.perPage),
  };
}
