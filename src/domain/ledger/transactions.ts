/**
 * Ledger history as Vobiz shows it (vobiz-api.md 1.5): one row per ledger entry of a wallet,
 * typed credit or debit by its sign, filtered by the ledger transaction's type, with a summary
 * computed in SQL over the same filters.
 */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { DB, LedgerTransactionType } from '../../db/schema';
import { escapeLike } from '../accounts/accounts';

export interface TransactionFilters {
  /** YYYY-MM-DD, inclusive, UTC. */
  fromDate?: string | undefined;
  toDate?: string | undefined;
  transactionType?: LedgerTransactionType | undefined;
  /** An MA_ or PA_ auth id (partner-wide listing only). */
  account?: string | undefined;
  search?: string | undefined;
}

export interface TransactionScope {
  partnerId: string;
  /** accounts.id: limit to one customer's wallet. */
  accountId?: string | undefined;
}

type EntryQuery = SelectQueryBuilder<
  DB & { e: DB['ledger_entries']; t: DB['ledger_transactions']; w: DB['wallets'] },
  'e' | 't' | 'w',
  object
>;

function entries(db: Executor, scope: TransactionScope, filters: TransactionFilters) {
  let query = db
    .selectFrom('ledger_entries as e')
    .innerJoin('ledger_transactions as t', 't.id', 'e.ledger_transaction_id')
    .innerJoin('wallets as w', 'w.id', 'e.wallet_id')
    .leftJoin('accounts as a', 'a.id', 'w.account_id')
    .leftJoin('partners as p', 'p.id', 'w.partner_id')
    .where('t.partner_id', '=', scope.partnerId)
    .where('w.kind', '<>', 'system');
  if (scope.accountId) query = query.where('w.account_id', '=', scope.accountId);
  if (filters.fromDate) {
    query = query.where('e.created_at', '>=', sql<Date>`(${filters.fromDate}::date)::timestamp at time zone 'UTC'`);
  }
  if (filters.toDate) {
    query = query.where('e.created_at', '<', sql<Date>`(${filters.toDate}::date + 1)::timestamp at time zone 'UTC'`);
  }
  if (filters.transactionType) query = query.where('t.type', '=', filters.transactionType);
  if (filters.account) {
    const account = filters.account;
    query = query.where((eb) => eb.or([eb('a.auth_id', '=', account), eb('p.auth_id', '=', account)]));
  }
  if (filters.search) {
    const pattern = `%${escapeLike(filters.search)}%`;
    query = query.where(sql<boolean>`(e.description ilike ${pattern} or e.reference ilike ${pattern}
      or a.auth_id ilike ${pattern} or a.name ilike ${pattern})`);
  }
  return query;
}

export async function listTransactions(
  db: Executor,
  scope: TransactionScope,
  filters: TransactionFilters,
  page: { limit: number; offset: number },
) {
  const base = entries(db, scope, filters);
  const [rows, totals, byReferenceType] = await Promise.all([
    base
      .select([
        'e.entry_id', 'e.amount', 'e.balance_after', 'e.description', 'e.reference',
        'e.created_at', 't.transaction_id', 't.type as transaction_type', 't.reference_type',
        'w.balance_id', 'w.currency',
      ])
      .select(sql<string>`coalesce(a.auth_id, p.auth_id)`.as('owner_auth_id'))
      .orderBy('e.created_at', 'desc').orderBy('e.id', 'desc')
      .limit(page.limit).offset(page.offset)
      .execute(),
    summarise(base).executeTakeFirstOrThrow(),
    summarise(base).select('t.reference_type').groupBy('t.reference_type')
      .orderBy('t.reference_type').execute(),
  ]);
  return {
    rows,
    total: Number(totals.count),
    summary: {
      total_transactions: Number(totals.count),
      total_debit: totals.total_debit,
      total_credit: totals.total_credit,
      net_amount: totals.net_amount,
      by_reference_type: byReferenceType.map((group) => ({
        reference_type: group.reference_type,
        total_debit: group.total_debit,
        total_credit: group.total_credit,
        count: Number(group.count),
      })),
    },
  };
}

function summarise<Q extends EntryQuery>(query: Q) {
  return query.select([
    sql<string>`count(*)`.as('count'),
    sql<string>`coalesce(sum(-e.amount) filter (where e.amount < 0), 0)`.as('total_debit'),
    sql<string>`coalesce(sum(e.amount) filter (where e.amount > 0), 0)`.as('total_credit'),
    sql<string>`coalesce(sum(e.amount), 0)`.as('net_amount'),
  ]);
}

export type TransactionRow = Awaited<ReturnType<typeof listTransactions>>['rows'][number];
