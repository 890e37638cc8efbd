/**
 * Whole-ledger checks: used by tests, the transfer benchmark and operators who want proof.
 * Each count must be zero.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';

export interface LedgerViolations {
  /** Ledger transactions whose entries do not sum to zero. */
  unbalancedTransactions: number;
  /** Maintained wallets whose balance differs from the sum of their entries. */
  walletsOffTheirEntries: number;
  negativeWallets: number;
  /** Sum of every entry (must be exactly 0). */
  entriesTotal: string;
}

export async function findLedgerViolations(db: Executor): Promise<LedgerViolations> {
  const { rows } = await sql<{
    unbalanced: string;
    off: string;
    negative: string;
    total: string;
  }>`
    select
      (select count(*) from (select 1 from ledger_entries group by ledger_transaction_id
                             having sum(amount) <> 0) u) as unbalanced,
      (select count(*) from wallets w
        where w.kind <> 'system'
          and w.balance <> coalesce((select sum(e.amount) from ledger_entries e
                                     where e.wallet_id = w.id), 0)) as off,
      (select count(*) from wallets where kind <> 'system' and balance < 0) as negative,
      (select coalesce(sum(amount), 0) from ledger_entries)::text as total`.execute(db);
  const row = rows[0]!;
  return {
    unbalancedTransactions: Number(row.unbalanced),
    walletsOffTheirEntries: Number(row.off),
    negativeWallets: Number(row.negative),
    entriesTotal: row.total,
  };
}

export function isLedgerSound(violations: LedgerViolations): boolean {
  return violations.unbalancedTransactions === 0
    && violations.walletsOffTheirEntries === 0
    && violations.negativeWallets === 0
    && Number(violations.entriesTotal) === 0;
}
