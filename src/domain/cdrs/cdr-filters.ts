/**
 * The CDR list filters (vobiz-api.md 1.6, 2.4) as SQL conditions on `cdrs c`, and the keyset
 * cursor. Every filter is exact except `search` (a substring of the numbers, caller name or
 * SIP Call-ID). Dates are UTC days: start_date..end_date covers [start_date 00:00,
 * end_date + 1 day 00:00), which also prunes the monthly partitions.
 *
 * Status (hangup-causes.ts): answered = answer_time set; failed = every call NOT answered; busy
 * and no_answer = unanswered calls with those causes (subsets of failed).
 */
import { type RawBuilder, sql } from 'kysely';
import { escapeLike } from '../accounts/accounts';
import { DomainError } from '../errors';
import { type CallStatus, STATUS_FILTER_CAUSES } from './hangup-causes';

export interface CdrFilters {
  from_number?: string | undefined;
  to_number?: string | undefined;
  /** YYYY-MM-DD, UTC, both ends included; sent together. */
  start_date?: string | undefined;
  end_date?: string | undefined;
  call_direction?: 'inbound' | 'outbound' | undefined;
  status?: CallStatus | undefined;
  /** Seconds; calls whose `duration` (ringing included) is at least this. */
  min_duration?: number | undefined;
  hangup_cause?: string | undefined;
  sip_call_id?: string | undefined;
  trunk_id?: string | undefined;
  bridge_uuid?: string | undefined;
  hangup_disposition?: string | undefined;
  context?: 'voice-api' | 'sip-trunking' | undefined;
  campaign_id?: string | undefined;
  search?: string | undefined;
  /** The sub-account (SA_ auth id) the calls are attributed to. */
  sub_account_id?: string | undefined;
}

/**
 * Whose CDRs: one account (accounts.id), only its calls attributed to one sub-account
 * (`subAccountId`, sub_accounts.id: what a sub-account's own credentials see), or every
 * account of a partner.
 */
export type CdrScope = { accountId: string; subAccountId?: string } | { partnerId: string };

/** Roll-ups are kept per account, so a sub-account's scope is summed from its CDRs. */
export function isSubAccountScope(scope: CdrScope): boolean {
  return 'accountId' in scope && scope.subAccountId !== undefined;
}

export const CDR_FILTER_NAMES = [
  'from_number', 'to_number', 'start_date', 'end_date', 'call_direction', 'status',
  'min_duration', 'hangup_cause', 'sip_call_id', 'trunk_id', 'bridge_uuid', 'hangup_disposition',
  'context', 'campaign_id', 'search', 'sub_account_id',
] as const satisfies readonly (keyof CdrFilters)[];

/**
 * Filters the daily roll-ups can answer: they are keyed by day, direction and context, and keep
 * the answered calls' share apart, so status=answered and status=failed (= not answered) too.
 */
const ROLLUP_FILTERS: ReadonlySet<keyof CdrFilters> = new Set([
  'start_date', 'end_date', 'call_direction', 'context', 'status',
]);

export function canUseRollups(filters: CdrFilters): boolean {
  return CDR_FILTER_NAMES.every((name) => filters[name] === undefined || ROLLUP_FILTERS.has(name))
    && (filters.status === undefined || filters.status === 'answered'
      || filters.status === 'failed');
}

/** Refuses a date range sent by halves or backwards. Errors: validation_failed. */
export function assertDateRange(filters: CdrFilters): void {
  const { start_date: start, end_date: end } = filters;
  if ((start === undefined) !== (end === undefined)) {
    const missing = start === undefined ? 'start_date' : 'end_date';
    throw new DomainError('validation_failed', 'Request validation failed', {}, [{
      loc: ['query', missing], msg: 'start_date and end_date are sent together', type: 'missing',
    }]);
  }
  if (start !== undefined && end !== undefined && end < start) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, [{
      loc: ['query', 'end_date'], msg: 'end_date must not be before start_date',
      type: 'value_error', input: end,
    }]);
  }
}

export function scopeCondition(scope: CdrScope, table = 'c'): RawBuilder<boolean> {
  const ref = sql.ref;
  if (!('accountId' in scope)) {
    return sql<boolean>`${ref(`${table}.partner_id`)} = ${scope.partnerId}`;
  }
  const account = sql<boolean>`${ref(`${table}.account_id`)} = ${scope.accountId}`;
  return scope.subAccountId === undefined
    ? account
    : sql<boolean>`(${account} and ${ref(`${table}.sub_account_id`)} = ${scope.subAccountId})`;
}

export function dayRangeConditions(
  filters: CdrFilters,
  column: RawBuilder<unknown>,
): RawBuilder<boolean>[] {
  if (filters.start_date === undefined || filters.end_date === undefined) return [];
  return [
    sql<boolean>`${column} >= (${filters.start_date}::date)::timestamp at time zone 'UTC'`,
    sql<boolean>`${column} < (${filters.end_date}::date + 1)::timestamp at time zone 'UTC'`,
  ];
}

/** Every filter as a condition on `cdrs c` (the date range included). */
export function filterConditions(filters: CdrFilters): RawBuilder<boolean>[] {
  const conditions = dayRangeConditions(filters, sql`c.start_time`);
  const equal = (column: string, value: string | undefined) => {
    if (value !== undefined) conditions.push(sql<boolean>`${sql.ref(`c.${column}`)} = ${value}`);
  };
  equal('caller_id_number', filters.from_number);
  equal('destination_number', filters.to_number);
  equal('call_direction', filters.call_direction);
  equal('hangup_cause', filters.hangup_cause);
  equal('sip_call_id', filters.sip_call_id);
  equal('bridge_uuid', filters.bridge_uuid);
  equal('hangup_disposition', filters.hangup_disposition);
  equal('context', filters.context);
  equal('campaign_id', filters.campaign_id);
  if (filters.trunk_id !== undefined) {
    conditions.push(sql<boolean>`c.trunk_id = ${filters.trunk_id}::uuid`);
  }
  if (filters.sub_account_id !== undefined) {
    // The scope condition keeps another tenant's sub-account's calls out.
    conditions.push(sql<boolean>`c.sub_account_id = (select id from sub_accounts
      where auth_id = ${filters.sub_account_id})`);
  }
  if (filters.min_duration !== undefined) {
    conditions.push(sql<boolean>`c.duration >= ${filters.min_duration}`);
  }
  if (filters.status !== undefined) conditions.push(statusCondition(filters.status));
  if (filters.search !== undefined) {
    const pattern = `%${escapeLike(filters.search)}%`;
    conditions.push(sql<boolean>`(c.caller_id_number ilike ${pattern}
      or c.destination_number ilike ${pattern} or c.caller_id_name ilike ${pattern}
      or c.sip_call_id ilike ${pattern})`);
  }
  return conditions;
}

function statusCondition(status: CallStatus): RawBuilder<boolean> {
  switch (status) {
    case 'answered':
      return sql<boolean>`c.answer_time is not null`;
    case 'failed':
      return sql<boolean>`c.answer_time is null`;
    case 'busy':
    case 'no_answer':
      return sql<boolean>`(c.answer_time is null
        and c.hangup_cause = any(${[...STATUS_FILTER_CAUSES[status]]}::text[]))`;
  }
}

export function allOf(conditions: RawBuilder<boolean>[]): RawBuilder<boolean> {
  if (conditions.length === 0) return sql<boolean>`true`;
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/**
 * The keyset cursor: the (start_time, id) of the last row of a page, opaque to clients. The
 * time is kept to the microsecond (PostgreSQL's precision) so no row is skipped or repeated.
 */
export interface CdrCursor {
  /** "2026-07-20T10:00:00.000000Z" */
  startTime: string;
  id: string;
}

export function encodeCdrCursor(cursor: CdrCursor): string {
  return Buffer.from(`${cursor.startTime}|${cursor.id}`).toString('base64url');
}

const CURSOR =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z)\|([0-9]{1,18})$/;

/** Errors: validation_failed for anything that is not a cursor this API made. */
export function parseCdrCursor(text: string): CdrCursor {
  const match = CURSOR.exec(Buffer.from(text, 'base64url').toString());
  if (!match || Number.isNaN(Date.parse(match[1]!))) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, [{
      loc: ['query', 'cursor'], msg: 'not a cursor from a previous page',
      type: 'value_error', input: text,
    }]);
  }
  return { startTime: match[1]!, id: match[2]! };
}

export function cursorConditions(cursor: CdrCursor): RawBuilder<boolean>[] {
  const time = sql`${cursor.startTime}::timestamptz`;
  // The plain bound lets the planner skip newer partitions; the row comparison is the keyset.
  return [
    sql<boolean>`c.start_time <= ${time}`,
    sql<boolean>`(c.start_time, c.id) < (${time}, ${cursor.id}::bigint)`,
  ];
}
