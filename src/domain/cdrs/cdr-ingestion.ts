/**
 * CDR ingestion: the seam to the switch. A batch of finished calls is read row by row (bad rows
 * are reported by index, good rows kept), rated with each account's pricing tier, and stored with
 * its charges in ONE database transaction per batch:
 *   COPY the calls' uuids into cdr_keys (its primary key refuses a uuid stored before) -> COPY
 *   the calls into cdrs -> lock the wallets (id order) -> pay the calls from each wallet in start
 *   order, down to zero, the rest recorded as the CDR's shortfall -> one `call` debit per charged
 *   account and the wallet's new balance, in one statement (ledger entries sum to zero,
 *   balance_after is that balance) -> the daily roll-ups (summed here, upserted by SQL).
 * The per-number hourly roll-ups (number health) are summed here and COPYed as new rows (no
 * upsert: number-rollups.queries.ts); a job folds them later (number-rollup-jobs.ts).
 * About ten statements per batch, whatever its size.
 *
 * A batch first assumes its calls are new, as all but a resend's are, and COPYs their keys: a
 * claim that skips stored uuids (INSERT ... ON CONFLICT DO NOTHING) or a look-up first costs
 * PostgreSQL at least a seventh more per call (bench:cdrs). A uuid stored before makes that
 * COPY fail (unique_violation on cdr_keys), and the batch is retried with the claim, which
 * waits for a concurrent batch holding the same uuid and leaves out whatever is stored. A
 * deadlock or serialization failure retries it the same way (CDR_INGEST_ATTEMPTS_MAX in all).
 * Keys go in the calls' (start, uuid) order either way, so two batches holding the same calls
 * never wait on each other in a cycle.
 */
import {
  type CopyIn,
  type Database,
  type DatabaseTransaction,
  transactionWithCopy,
} from '../../db/database';
import { CDR_INGEST_ATTEMPTS_MAX, CDR_INGEST_ERRORS_REPORTED_MAX } from '../../limits';
import type { Clock } from '../clock';
import { newCdrBatchReference, newTransactionId } from '../ids';
import { formatMoney, parseMoney } from '../money';
import { payCallsFromWallet } from './call-charges';
import {
  type CallDebit,
  type CallShortfall,
  cdrCopyLine,
  claimCdrKeys,
  copyCdrKeys,
  copyCdrs,
  lockAccountWallets,
  postCallDebits,
  revenueWalletId,
  updateCdrShortfalls,
  upsertDailyRollups,
} from './cdr-ingestion.queries';
import { ensureCdrPartitions, monthOf } from './cdr-partitions';
import { sumDailyRollups } from './daily-rollups';
import { sumNumberRollups } from './number-rollups';
import { copyNumberRollups } from './number-rollups.queries';
import { type IngestCdr, type RowProblem, ingestWindow, parseIngestRow } from './ingest-rows';
import { type RatedCall, resolveAndRate } from './ingest-rating';

export interface AccountCharge {
  account_id: string;
  /** The `call` debit; null when the wallet was already empty (everything is shortfall). */
  transaction_id: string | null;
  amount: string;
  shortfall: string;
  currency: string;
  calls: number;
}

export interface IngestResult {
  received: number;
  /** New CDRs stored (and charged) by this batch. */
  accepted: number;
  /** Rows whose uuid was already stored (or repeated in the batch): nothing changed for them. */
  duplicates: number;
  rejected: number;
  /** Row problems, at most CDR_INGEST_ERRORS_REPORTED_MAX (`rejected` counts every bad row). */
  errors: RowProblem[];
  charges: AccountCharge[];
}

export interface IngestOptions {
  /**
   * Runs in the batch's transaction with the calls it stored (never the duplicates): what must
   * happen exactly once per new CDR, such as the edge's Hangup events.
   */
  onStored?: (trx: DatabaseTransaction, calls: readonly RatedCall[]) => Promise<void>;
}

/**
 * Ingests one batch (at most CDR_INGEST_ROWS_MAX rows; the HTTP layer bounds it). Guarantees:
 * each uuid is stored and charged at most once, ever; a batch is stored whole or not at all;
 * wallets never go below zero; ledger entries of each debit sum to zero.
 */
export async function ingestCdrs(
  db: Database,
  clock: Clock,
  rows: readonly unknown[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const { cdrs, problems, duplicates } = parseBatch(rows, clock());
  const { rated, problems: partyProblems } = await resolveAndRate(db, cdrs);
  const allProblems = problems.concat(partyProblems).sort((a, b) => a.index - b.index);
  await ensureCdrPartitions(db, rated.map((call) => monthOf(call.cdr.startMs)));
  rated.sort((a, b) => a.cdr.startMs - b.cdr.startMs || (a.cdr.uuid < b.cdr.uuid ? -1 : 1));
  const stored = rated.length === 0
    ? { accepted: 0, charges: [] }
    : await withRetries((attempt) => transactionWithCopy(db, (trx, copyIn) =>
      storeBatch(trx, copyIn, rated, attempt === 1 ? 'copy' : 'claim', options.onStored)));
  return {
    received: rows.length,
    accepted: stored.accepted,
    duplicates: duplicates + rated.length - stored.accepted,
    rejected: new Set(allProblems.map((problem) => problem.index)).size,
    errors: allProblems.slice(0, CDR_INGEST_ERRORS_REPORTED_MAX),
    charges: stored.charges,
  };
}

function parseBatch(rows: readonly unknown[], now: Date) {
  const window = ingestWindow(now);
  const cdrs: { cdr: IngestCdr; index: number }[] = [];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  rows.forEach((row, index) => {
    const parsed = parseIngestRow(row, index, window);
    if ('problems' in parsed) {
      problems.push(...parsed.problems);
    } else if (seen.has(parsed.cdr.uuid)) {
      duplicates += 1;
    } else {
      seen.add(parsed.cdr.uuid);
      cdrs.push({ cdr: parsed.cdr, index });
    }
  });
  return { cdrs, problems, duplicates };
}

/**
 * `rated` is in (start, uuid) order. Phase A, no wallet locked: store the calls' keys (`keys`:
 * COPY, or the claim that leaves out stored uuids), COPY the calls into cdrs, each costly one
 * naming its account's (future) debit, and COPY the per-number roll-ups of the calls on the
 * customers' own DIDs. Phase B, under the wallets' locks taken in id order:
 * pay the calls, post the debits with the wallets' new balances, correct the few CDRs a wallet
 * could not pay in full, add the roll-ups. The wallets, the hot rows, are held only for phase
 * B's few short statements, so concurrent batches of the same customers overlap in phase A.
 */
async function storeBatch(
  trx: DatabaseTransaction,
  copyIn: CopyIn,
  rated: RatedCall[],
  keys: 'copy' | 'claim',
  onStored: IngestOptions['onStored'],
) {
  const stored = keys === 'claim' ? await claimCdrKeys(trx, rated) : NONE_STORED;
  const calls = stored.size === 0 ? rated : rated.filter((call) => !stored.has(call.cdr.uuid));
  if (calls.length === 0) return { accepted: 0, charges: [] };
  if (keys === 'copy') await copyCdrKeys(copyIn, calls);
  const transactionIds = new Map<string, string>();
  for (const call of calls) {
    if (call.costUnits > 0n && !transactionIds.has(call.account.id)) {
      transactionIds.set(call.account.id, newTransactionId());
    }
  }
  await copyCdrs(copyIn, calls, (call) =>
    cdrCopyLine(call, call.costUnits > 0n ? transactionIds.get(call.account.id)! : null));
  // Before the wallets are locked: the per-number sums need no shortfall.
  await copyNumberRollups(copyIn, sumNumberRollups(calls));
  // Looked up before the wallets are locked: no round trip more than needed under the hot locks.
  const revenueWallets = new Map<string, string>();
  for (const currency of new Set(calls.map((call) => call.account.currency))) {
    revenueWallets.set(currency, await revenueWalletId(trx, currency));
  }
  const { charges, unpaid } =
    await chargeWallets(trx, groupByAccount(calls), transactionIds, revenueWallets);
  await updateCdrShortfalls(trx, unpaid);
  const shortfalls = new Map(unpaid.map((call) => [call.uuid, call.shortfall]));
  await upsertDailyRollups(trx, sumDailyRollups(calls, shortfalls));
  await onStored?.(trx, calls);
  return { accepted: calls.length, charges };
}

async function chargeWallets(
  trx: DatabaseTransaction,
  byAccount: Map<string, RatedCall[]>,
  transactionIds: Map<string, string>,
  revenueWallets: Map<string, string>,
): Promise<{ charges: AccountCharge[]; unpaid: CallShortfall[] }> {
  const wallets = await lockAccountWallets(trx, [...byAccount.keys()]);
  const debits: CallDebit[] = [];
  const charges: AccountCharge[] = [];
  const unpaid: CallShortfall[] = [];
  for (const wallet of wallets) {
    const accountCalls = byAccount.get(wallet.account_id)!;
    const run = payCallsFromWallet(parseMoney(wallet.balance)!,
      accountCalls.map((call) => call.costUnits));
    const account = accountCalls[0]!.account;
    const transactionId = run.totalCharged > 0n ? transactionIds.get(account.id)! : null;
    accountCalls.forEach((call, i) => {
      if (run.shortfalls[i]! === 0n) return;
      unpaid.push({
        uuid: call.cdr.uuid, accountId: account.id, startTime: call.cdr.start_time,
        shortfall: run.shortfalls[i]!,
        transactionId: run.charged[i]! > 0n ? transactionId : null,
      });
    });
    const amount = formatMoney(run.totalCharged);
    if (transactionId !== null) {
      const balanceAfter = formatMoney(run.balanceAfter);
      debits.push({
        transactionId, reference: newCdrBatchReference(), partnerId: account.partner_id,
        walletId: wallet.id, amount, balanceAfter,
        revenueWalletId: revenueWallets.get(wallet.currency)!,
        description: `Call charges: ${accountCalls.length} call(s)`,
      });
    }
    if (run.totalCharged > 0n || run.totalShortfall > 0n) {
      charges.push({
        account_id: account.auth_id, transaction_id: transactionId, amount,
        shortfall: formatMoney(run.totalShortfall), currency: wallet.currency,
        calls: accountCalls.length,
      });
    }
  }
  await postCallDebits(trx, debits);
  return { charges, unpaid };
}

function groupByAccount(calls: RatedCall[]): Map<string, RatedCall[]> {
  const groups = new Map<string, RatedCall[]>();
  for (const call of calls) {
    const group = groups.get(call.account.id);
    if (group) group.push(call);
    else groups.set(call.account.id, [call]);
  }
  return groups;
}

const NONE_STORED: ReadonlySet<string> = new Set();

/** deadlock_detected and serialization_failure: the batch lost a race, not an argument. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

/** A call of the batch was stored before (a resend), or by a concurrent batch just now. */
function isStoredKey(error: { code?: string; constraint?: string }): boolean {
  return error.code === '23505' && error.constraint === 'cdr_keys_pkey';
}

async function withRetries<T>(work: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work(attempt);
    } catch (error) {
      const failure = (error ?? {}) as { code?: string; constraint?: string };
      const retryable = RETRYABLE_SQLSTATES.has(failure.code ?? '') || isStoredKey(failure);
      if (attempt >= CDR_INGEST_ATTEMPTS_MAX || !retryable) throw error;
    }
  }
}
