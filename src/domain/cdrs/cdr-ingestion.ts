/**
 * CDR ingestion: the seam to the switch. A batch of finished calls is read row by row (bad rows
 * are reported by index, good rows kept), rated with each account's pricing tier, and stored with
 * its charges in ONE database transaction per batch:
 *   claim the uuids (cdr_keys; a resent uuid is a duplicate and changes nothing) -> the new CDRs
 *   -> lock the wallets (id order) -> pay the new calls from each wallet in start order, down to
 *   zero, the rest recorded as the CDR's shortfall -> one `call` debit per charged account
 *   (ledger entries sum to zero, balance_after is the wallet's new balance) -> the wallets -> the
 *   daily roll-ups.
 * About ten statements per batch, whatever its size. A deadlock or serialization failure retries
 * the whole batch (CDR_INGEST_ATTEMPTS_MAX); the uuid claim makes a retry safe.
 */
import type { Database, DatabaseTransaction } from '../../db/database';
import { CDR_INGEST_ATTEMPTS_MAX, CDR_INGEST_ERRORS_REPORTED_MAX } from '../../limits';
import type { Clock } from '../clock';
import { newCdrBatchReference, newTransactionId } from '../ids';
import { formatMoney, parseMoney } from '../money';
import { payCallsFromWallet } from './call-charges';
import {
  type CallDebit,
  type CdrRecord,
  findIngestAccounts,
  findTrunkAccounts,
  insertCallDebits,
  insertCdrKeys,
  insertCdrRecords,
  lockAccountWallets,
  revenueWalletId,
  updateCdrShortfalls,
  updateWalletBalances,
  upsertDailyRollups,
} from './cdr-ingestion.queries';
import { ensureCdrPartitions, monthOf } from './cdr-partitions';
import { buildDailyRollups } from './daily-rollups';
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

/**
 * Ingests one batch (at most CDR_INGEST_ROWS_MAX rows; the HTTP layer bounds it). Guarantees:
 * each uuid is stored and charged at most once, ever; a batch is stored whole or not at all;
 * wallets never go below zero; ledger entries of each debit sum to zero.
 */
export async function ingestCdrs(
  db: Database,
  clock: Clock,
  rows: readonly unknown[],
): Promise<IngestResult> {
  const { cdrs, problems, duplicates } = parseBatch(rows, clock());
  const { rated, problems: partyProblems } = await resolveAndRate(db, cdrs);
  const allProblems = problems.concat(partyProblems).sort((a, b) => a.index - b.index);
  await ensureCdrPartitions(db, rated.map((call) => monthOf(call.cdr.startMs)));
  const stored = rated.length === 0
    ? { accepted: 0, charges: [] }
    : await withRetries(() => db.transaction().execute((trx) => storeBatch(trx, rated)));
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
 * Phase A, no wallet locked: claim the uuids and store the new CDRs, each costly call naming its
 * account's (future) debit. Phase B, under the wallets' locks taken in id order: pay the calls,
 * post the debits, correct the few CDRs a wallet could not pay in full, update wallets and
 * roll-ups. The wallets, the hot rows, are held only for phase B's few short statements, so
 * concurrent batches of the same customers overlap in phase A.
 */
async function storeBatch(trx: DatabaseTransaction, rated: RatedCall[]) {
  const fresh = await insertCdrKeys(trx, {
    uuids: rated.map((call) => call.cdr.uuid),
    accountIds: rated.map((call) => call.account.id),
    startTimes: rated.map((call) => call.cdr.start_time),
  });
  const calls = rated.filter((call) => fresh.has(call.cdr.uuid))
    .sort((a, b) => a.cdr.startMs - b.cdr.startMs || (a.cdr.uuid < b.cdr.uuid ? -1 : 1));
  const byAccount = groupByAccount(calls);
  const transactionIds = new Map([...byAccount.keys()].map((id) => [id, newTransactionId()]));
  const records = calls.map((call) =>
    toRecord(call, call.costUnits > 0n ? transactionIds.get(call.account.id)! : null));
  await insertCdrRecords(trx, records);
  if (calls.length === 0) return { accepted: 0, charges: [] };
  const { charges, shortfalls } = await chargeWallets(trx, byAccount, transactionIds, records);
  await upsertDailyRollups(trx, buildDailyRollups(calls.map((call, i) => ({
    record: records[i]!,
    startMs: call.cdr.startMs,
    costUnits: call.costUnits,
    shortfallUnits: shortfalls.get(call.cdr.uuid) ?? 0n,
  }))));
  return { accepted: records.length, charges };
}

async function chargeWallets(
  trx: DatabaseTransaction,
  byAccount: Map<string, RatedCall[]>,
  transactionIds: Map<string, string>,
  records: CdrRecord[],
): Promise<{ charges: AccountCharge[]; shortfalls: Map<string, bigint> }> {
  const recordOf = new Map(records.map((record) => [record.uuid as string, record]));
  const wallets = await lockAccountWallets(trx, [...byAccount.keys()]);
  const revenueWallets = new Map<string, string>();
  const debits: CallDebit[] = [];
  const charges: AccountCharge[] = [];
  const unpaid: CdrRecord[] = [];
  const shortfalls = new Map<string, bigint>();
  const balances = { walletIds: [] as string[], balances: [] as string[] };
  for (const wallet of wallets) {
    const accountCalls = byAccount.get(wallet.account_id)!;
    const costs = accountCalls.map((call) => call.costUnits);
    const run = payCallsFromWallet(parseMoney(wallet.balance)!, costs);
    const account = accountCalls[0]!.account;
    const transactionId = run.totalCharged > 0n ? transactionIds.get(account.id)! : null;
    accountCalls.forEach((call, i) => {
      if (run.shortfalls[i]! === 0n) return;
      const record = recordOf.get(call.cdr.uuid)!;
      record.shortfall = formatMoney(run.shortfalls[i]!);
      shortfalls.set(call.cdr.uuid, run.shortfalls[i]!);
      record.transaction_id = run.charged[i]! > 0n ? transactionId : null;
      unpaid.push(record);
    });
    const amount = formatMoney(run.totalCharged);
    if (transactionId !== null) {
      const balanceAfter = formatMoney(run.balanceAfter);
      debits.push({
        transactionId, reference: newCdrBatchReference(), partnerId: account.partner_id,
        walletId: wallet.id, amount, balanceAfter,
        revenueWalletId: await revenueWalletOf(trx, revenueWallets, wallet.currency),
        description: `Call charges: ${accountCalls.length} call(s)`,
      });
      balances.walletIds.push(wallet.id);
      balances.balances.push(balanceAfter);
    }
    if (run.totalCharged > 0n || run.totalShortfall > 0n) {
      charges.push({
        account_id: account.auth_id, transaction_id: transactionId, amount,
        shortfall: formatMoney(run.totalShortfall), currency: wallet.currency,
        calls: accountCalls.length,
      });
    }
  }
  await insertCallDebits(trx, debits);
  await updateCdrShortfalls(trx, unpaid);
  await updateWalletBalances(trx, balances);
  return { charges, shortfalls };
}

function toRecord(call: RatedCall, transactionId: string | null): CdrRecord {
  const { cdr, account } = call;
  return {
    uuid: cdr.uuid, account_id: account.id, partner_id: account.partner_id, trunk_id: cdr.trunkId,
    call_direction: cdr.call_direction, caller_id_name: cdr.caller_id_name,
    caller_id_number: cdr.caller_id_number, destination_number: cdr.destination_number,
    context: cdr.context, region: cdr.region, origination_region: cdr.origination_region,
    campaign_id: cdr.campaign_id, customer_endpoint: cdr.customer_endpoint,
    terminated_to: cdr.terminated_to, duration: cdr.duration, billsec: cdr.billsec,
    billable_seconds: call.billableSeconds, ring_time: cdr.ring_time, answer_time: cdr.answer_time,
    start_time: cdr.start_time, end_time: cdr.end_time, progress_time: cdr.progress_time,
    cost: call.cost, shortfall: '0', currency: account.currency,
    pricing_tier_id: account.tier_id, transaction_id: transactionId, mos: cdr.mos,
    jitter: cdr.jitter, packet_loss: cdr.packet_loss, codec: cdr.codec,
    hangup_cause: cdr.hangup_cause, hangup_cause_code: cdr.hangup_cause_code,
    hangup_cause_name: cdr.hangup_cause_name, hangup_disposition: cdr.hangup_disposition,
    hangup_source: cdr.hangup_source, failure_code: cdr.failure_code,
    failure_reason: cdr.failure_reason, bridge_uuid: cdr.bridge_uuid, sip_call_id: cdr.sip_call_id,
    sip_user_agent: cdr.sip_user_agent, network_addr: cdr.network_addr, carrier_ip: cdr.carrier_ip,
  };
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

async function revenueWalletOf(
  trx: DatabaseTransaction,
  cache: Map<string, string>,
  currency: string,
) {
  const known = cache.get(currency);
  if (known) return known;
  const id = await revenueWalletId(trx, currency);
  cache.set(currency, id);
  return id;
}

/** deadlock_detected and serialization_failure: the batch lost a race, not an argument. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

async function withRetries<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      const code = (error as { code?: string })?.code;
      const retryable = code !== undefined && RETRYABLE_SQLSTATES.has(code);
      if (attempt >= CDR_INGEST_ATTEMPTS_MAX || !retryable) throw error;
    }
  }
}
