/**
 * The statements of CDR ingestion, each one round trip whatever the batch size: the CDR rows and
 * their keys are COPYed; wallets, debits, shortfalls and roll-ups go in as unnest() arrays.
 */
import { sql } from 'kysely';
import type { CopyIn, DatabaseTransaction, Executor } from '../../db/database';
import { SYSTEM_WALLET, systemWalletId } from '../ledger/postings';
import { numericLiteral } from '../money';
import type { DailyRollup } from './daily-rollups';
import type { RatedCall } from './ingest-rating';

export interface IngestAccount {
  id: string;
  auth_id: string;
  partner_id: string;
  currency: string;
  tier_id: string | null;
  rate_per_minute: string | null;
  billing_increment_seconds: number | null;
  minimum_duration_seconds: number | null;
  charge_non_connected_calls: boolean | null;
  non_connected_call_fee: string | null;
}

/** Trunk id -> account id, for rows that name their customer by trunk. */
export async function findTrunkAccounts(
  db: Executor,
  trunkIds: string[],
): Promise<Map<string, string>> {
  if (trunkIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; account_id: string }>`
    select id, account_id from trunks where id = any(${trunkIds}::uuid[])`.execute(db);
  return new Map(rows.map((row) => [row.id, row.account_id]));
}

/**
 * Sub-account auth id -> its id and parent, for rows attributed to one. Deleted sub-accounts are
 * left out: a call ending after the deletion is refused rather than charged to no one's view.
 */
export async function findSubAccounts(
  db: Executor,
  authIds: string[],
): Promise<Map<string, { id: string; account_id: string }>> {
  if (authIds.length === 0) return new Map();
  const { rows } = await sql<{ id: string; auth_id: string; account_id: string }>`
    select id, auth_id, account_id from sub_accounts
    where auth_id = any(${authIds}::text[]) and deleted_at is null`.execute(db);
  return new Map(rows.map((row) => [row.auth_id, { id: row.id, account_id: row.account_id }]));
}

/** An owned DID: its account and the live sub-account it is assigned to, if any. */
export interface OwnedNumber {
  account_id: string;
  sub_account_id: string | null;
}

/**
 * The owned numbers among `e164s` (the DID side of a batch's calls), by E.164: one probe of the
 * unique e164 index per distinct number. A deleted sub-account's DIDs went back to its parent.
 */
export async function findOwnedNumbers(
  db: Executor,
  e164s: string[],
): Promise<Map<string, OwnedNumber>> {
  if (e164s.length === 0) return new Map();
  const { rows } = await sql<OwnedNumber & { e164: string }>`
    select e164, account_id, sub_account_id from phone_numbers
    where e164 = any(${e164s}::text[]) and account_id is not null`.execute(db);
  return new Map(rows.map((row) => [row.e164, row]));
}

/**
 * The accounts a batch names, with the tier that rates them: the assigned tier, else the
 * partner's default in the account's currency; tier columns are null for the platform default.
 */
export async function findIngestAccounts(db: Executor, authIds: string[], ids: string[]) {
  const { rows } = await sql<IngestAccount>`
    select a.id, a.auth_id, a.partner_id, a.currency,
           coalesce(assigned.id, fallback.id) as tier_id,
           coalesce(assigned.rate_per_minute, fallback.rate_per_minute) as rate_per_minute,
           coalesce(assigned.billing_increment_seconds, fallback.billing_increment_seconds)
             as billing_increment_seconds,
           coalesce(assigned.minimum_duration_seconds, fallback.minimum_duration_seconds)
             as minimum_duration_seconds,
           coalesce(assigned.charge_non_connected_calls, fallback.charge_non_connected_calls)
             as charge_non_connected_calls,
           coalesce(assigned.non_connected_call_fee, fallback.non_connected_call_fee)
             as non_connected_call_fee
    from accounts a
    left join pricing_tiers assigned on assigned.id = a.pricing_tier_id
    left join pricing_tiers fallback on a.pricing_tier_id is null
      and fallback.partner_id = a.partner_id and fallback.is_default
      and fallback.currency = a.currency
    where a.auth_id = any(${authIds}::text[]) or a.id = any(${ids}::bigint[])`.execute(db);
  return rows;
}

/** Locks the accounts' wallets in id order (two batches never wait on each other in a cycle). */
export async function lockAccountWallets(trx: DatabaseTransaction, accountIds: string[]) {
  const { rows } = await sql<{ id: string; account_id: string; balance: string; currency: string }>`
    select id, account_id, balance, currency from wallets
    where account_id = any(${accountIds}::bigint[]) order by id for update`.execute(trx);
  return rows;
}

/** The platform revenue wallet in `currency`, created on first use. */
export function revenueWalletId(trx: DatabaseTransaction, currency: string): Promise<string> {
  return systemWalletId(trx, SYSTEM_WALLET.platformRevenue, currency);
}

export interface CallDebit {
  transactionId: string;
  reference: string;
  partnerId: string;
  walletId: string;
  revenueWalletId: string;
  /** Decimal text > 0. */
  amount: string;
  balanceAfter: string;
  description: string;
}

/**
 * One `debit` ledger transaction (reference type `call`) per charged account, with its two
 * entries (the customer's wallet down, platform revenue up; they sum to zero by construction,
 * and the commit-time trigger checks it again), and the customer wallets' new balances: one
 * statement, since the wallets are locked while it runs.
 */
export async function postCallDebits(trx: DatabaseTransaction, debits: CallDebit[]) {
  if (debits.length === 0) return;
  const column = <K extends keyof CallDebit>(key: K) => debits.map((debit) => debit[key]);
  await sql`
    with input as (
      select * from unnest(${column('transactionId')}::text[], ${column('reference')}::text[],
        ${column('partnerId')}::uuid[], ${column('walletId')}::bigint[],
        ${column('revenueWalletId')}::bigint[], ${column('amount')}::numeric[],
        ${column('balanceAfter')}::numeric[], ${column('description')}::text[])
        as i(transaction_id, reference, partner_id, wallet_id, revenue_wallet_id, amount,
             balance_after, description)),
    moved as (
      update wallets w set balance = i.balance_after, updated_at = now()
      from input i where w.id = i.wallet_id),
    transactions as (
      insert into ledger_transactions (transaction_id, type, reference_type, reference, partner_id)
      select transaction_id, 'debit', 'call', reference, partner_id from input
      returning id, transaction_id)
    insert into ledger_entries (ledger_transaction_id, wallet_id, amount, balance_after,
                                description, reference)
    select t.id, i.wallet_id, -i.amount, i.balance_after, i.description, i.reference
    from input i join transactions t using (transaction_id)
    union all
    select t.id, i.revenue_wallet_id, i.amount, null, i.description, i.reference
    from input i join transactions t using (transaction_id)`.execute(trx);
}

/** The columns ingestion writes, in the order of a COPY line (cdrCopyLine). */
const CDR_COPY_COLUMNS = [
  'uuid', 'account_id', 'partner_id', 'trunk_id', 'call_direction', 'caller_id_name',
  'caller_id_number', 'destination_number', 'context', 'region', 'origination_region',
  'campaign_id', 'customer_endpoint', 'terminated_to', 'duration', 'billsec', 'billable_seconds',
  'ring_time', 'answer_time', 'start_time', 'end_time', 'progress_time', 'cost', 'currency',
  'pricing_tier_id', 'transaction_id', 'mos', 'jitter', 'packet_loss', 'codec', 'hangup_cause',
  'hangup_cause_code', 'hangup_cause_name', 'hangup_disposition', 'hangup_source',
  'failure_code', 'failure_reason', 'bridge_uuid', 'sip_call_id', 'sip_user_agent',
  'network_addr', 'carrier_ip', 'sub_account_id',
] as const;

const COLUMN_LIST = CDR_COPY_COLUMNS.join(', ');

/** COPY text format: tab-separated, \N for null, backslash escapes. */
const NULL = '\\N';
const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function text(value: string | null): string {
  if (value === null) return NULL;
  // Ingested text has no control characters (ingest-rows.ts refuses them); a backslash may occur.
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : value;
}

function value(scalar: string | number | null): string {
  return scalar === null ? NULL : String(scalar);
}

/**
 * One call as a line of `COPY cdrs (CDR_COPY_COLUMNS)`, field by field in that order.
 * Checked formats (uuids, times, numbers, known words) go as they are; free text is escaped.
 * `transactionId` names the debit that pays a costly call.
 */
export function cdrCopyLine(call: RatedCall, transactionId: string | null): string {
  const { cdr, account } = call;
  return [
    cdr.uuid, account.id, account.partner_id, value(cdr.trunkId), cdr.call_direction,
    text(cdr.caller_id_name), text(cdr.caller_id_number), text(cdr.destination_number),
    cdr.context, text(cdr.region), text(cdr.origination_region), text(cdr.campaign_id),
    text(cdr.customer_endpoint), text(cdr.terminated_to), cdr.duration, cdr.billsec,
    call.billableSeconds, cdr.ring_time, value(cdr.answer_time), cdr.start_time, cdr.end_time,
    value(cdr.progress_time), call.cost, account.currency, value(account.tier_id),
    value(transactionId), value(cdr.mos), value(cdr.jitter), value(cdr.packet_loss),
    text(cdr.codec), text(cdr.hangup_cause), cdr.hangup_cause_code, text(cdr.hangup_cause_name),
    value(cdr.hangup_disposition), text(cdr.hangup_source), value(cdr.failure_code),
    text(cdr.failure_reason), text(cdr.bridge_uuid), text(cdr.sip_call_id),
    text(cdr.sip_user_agent), text(cdr.network_addr), text(cdr.carrier_ip),
    value(call.subAccountId),
  ].join('\t') + '\n';
}

/** Lines per COPY chunk: few, large writes (a stream chunk per line costs more than the line). */
const COPY_CHUNK_LINES = 500;

/**
 * The COPY text of `items`, rendered a chunk at a time as the stream asks for it: each line dies
 * as soon as its chunk is joined, instead of the whole batch's lines living through the COPY.
 */
export function* chunksOf<T>(items: readonly T[], lineOf: (item: T) => string): Generator<string> {
  for (let start = 0; start < items.length; start += COPY_CHUNK_LINES) {
    yield items.slice(start, start + COPY_CHUNK_LINES).map(lineOf).join('');
  }
}

/**
 * Claims the calls' uuids in cdr_keys, in the calls' order. A uuid already there, from an
 * earlier batch or a concurrent one (waited for until it commits), is a duplicate: returns
 * those, which the batch then leaves out. Never fails on a stored uuid, unlike copyCdrKeys.
 */
export async function claimCdrKeys(
  trx: DatabaseTransaction,
  calls: readonly RatedCall[],
): Promise<Set<string>> {
  const { rows } = await sql<{ uuid: string }>`
    with input as (
      select * from unnest(
        ${textArray(calls.map((call) => call.cdr.uuid))}::uuid[],
        ${textArray(calls.map((call) => call.account.id))}::bigint[],
        ${textArray(calls.map((call) => call.cdr.start_time))}::timestamptz[])
        with ordinality as k(uuid, account_id, start_time, position)),
    claimed as (
      insert into cdr_keys (uuid, account_id, start_time)
      select uuid, account_id, start_time from input order by position
      on conflict (uuid) do nothing
      returning uuid)
    select uuid from input except all select uuid from claimed`.execute(trx);
  return new Set(rows.map((row) => row.uuid));
}

/** COPYs the new calls' keys into cdr_keys, whose primary key refuses a uuid stored twice. */
export async function copyCdrKeys(copyIn: CopyIn, calls: readonly RatedCall[]) {
  await copyIn('copy cdr_keys (uuid, account_id, start_time) from stdin',
    chunksOf(calls, (call) => `${call.cdr.uuid}\t${call.account.id}\t${call.cdr.start_time}\n`));
}

/**
 * A column of checked values (uuids, ids, numbers, UTC times, known words: never a comma, a
 * quote, a brace or a space; a null written as NULL) as one text[] literal, sent as a parameter:
 * pg would quote and escape every element itself, and a batch sends tens of thousands.
 */
function textArray(values: readonly (string | number)[]): string {
  return `{${values.join(',')}}`;
}

/** COPYs the calls into cdrs, each as `lineOf` renders it: PostgreSQL routes them by month. */
export async function copyCdrs(
  copyIn: CopyIn,
  calls: readonly RatedCall[],
  lineOf: (call: RatedCall) => string,
) {
  await copyIn(`copy cdrs (${COLUMN_LIST}) from stdin`, chunksOf(calls, lineOf));
}

/** A stored call its wallet could not pay in full. */
export interface CallShortfall {
  uuid: string;
  accountId: string;
  startTime: string;
  /** > 0, in units (money.ts). */
  shortfall: bigint;
  /** The debit that paid part of it; null when the wallet paid none of it. */
  transactionId: string | null;
}

/** Records the shortfalls on CDRs stored earlier in this transaction (found by their key). */
export async function updateCdrShortfalls(trx: DatabaseTransaction, unpaid: CallShortfall[]) {
  if (unpaid.length === 0) return;
  const column = <K extends keyof CallShortfall>(key: K) => unpaid.map((call) => call[key]);
  const shortfalls = unpaid.map((call) => numericLiteral(call.shortfall));
  await sql`
    update cdrs c set shortfall = v.shortfall, transaction_id = v.transaction_id
    from unnest(${column('uuid')}::uuid[], ${column('accountId')}::bigint[],
                ${column('startTime')}::timestamptz[], ${shortfalls}::numeric[],
                ${column('transactionId')}::text[])
      as v(uuid, account_id, start_time, shortfall, transaction_id)
    where c.account_id = v.account_id and c.start_time = v.start_time
      and c.uuid = v.uuid`.execute(trx);
}

/**
 * Adds a batch's roll-ups (daily-rollups.ts, already in key order: two batches never wait on
 * each other in a cycle) to cdr_daily_rollups.
 */
export async function upsertDailyRollups(trx: DatabaseTransaction, rollups: DailyRollup[]) {
  if (rollups.length === 0) return;
  const column = <K extends keyof DailyRollup>(key: K) =>
    textArray(rollups.map((rollup) => rollup[key] ?? 'NULL'));
  await sql`
    insert into cdr_daily_rollups as r (account_id, day, call_direction, context, partner_id,
      total_calls, answered_calls, total_duration_seconds, total_billsec, total_billable_seconds,
      total_cost, total_shortfall, last_call_at, answered_duration_seconds, answered_cost,
      answered_shortfall, last_answered_at, last_unanswered_at)
    select * from unnest(${column('accountId')}::bigint[], ${column('day')}::date[],
      ${column('direction')}::text[], ${column('context')}::text[],
      ${column('partnerId')}::uuid[], ${column('calls')}::bigint[], ${column('answered')}::bigint[],
      ${column('durationSeconds')}::bigint[], ${column('billsec')}::bigint[],
      ${column('billableSeconds')}::bigint[], ${column('cost')}::numeric[],
      ${column('shortfall')}::numeric[], ${column('lastCallAt')}::timestamptz[],
      ${column('answeredDurationSeconds')}::bigint[], ${column('answeredCost')}::numeric[],
      ${column('answeredShortfall')}::numeric[], ${column('lastAnsweredAt')}::timestamptz[],
      ${column('lastUnansweredAt')}::timestamptz[])
    on conflict (account_id, day, call_direction, context) do update set
      total_calls = r.total_calls + excluded.total_calls,
      answered_calls = r.answered_calls + excluded.answered_calls,
      total_duration_seconds = r.total_duration_seconds + excluded.total_duration_seconds,
      total_billsec = r.total_billsec + excluded.total_billsec,
      total_billable_seconds = r.total_billable_seconds + excluded.total_billable_seconds,
      total_cost = r.total_cost + excluded.total_cost,
      total_shortfall = r.total_shortfall + excluded.total_shortfall,
      last_call_at = greatest(r.last_call_at, excluded.last_call_at),
      answered_duration_seconds = r.answered_duration_seconds + excluded.answered_duration_seconds,
      answered_cost = r.answered_cost + excluded.answered_cost,
      answered_shortfall = r.answered_shortfall + excluded.answered_shortfall,
      last_answered_at = greatest(r.last_answered_at, excluded.last_answered_at),
      last_unanswered_at = greatest(r.last_unanswered_at, excluded.last_unanswered_at)`
    .execute(trx);
}
