/**
 * The `summary` block of a CDR list (vobiz-api.md 1.6), over every row matching the filters
 * (not just the page). When the filters are only a date range, a direction, a context and/or
 * status answered or failed, it is summed from the daily roll-ups (a few rows per account-day);
 * otherwise from the CDRs
 * themselves, through the (account or partner, start_time) index. Both give the same numbers:
 * the roll-ups are written in the transaction that stores the CDRs.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import {
  type CdrFilters,
  type CdrScope,
  allOf,
  canUseRollups,
  isSubAccountScope,
  filterConditions,
  scopeCondition,
} from './cdr-filters';

export interface CdrTotals {
  total_calls: string;
  answered_calls: string;
  total_duration_seconds: string;
  total_billsec: string;
  total_billable_seconds: string;
  /** Exact decimal text. */
  total_cost: string;
  total_shortfall: string;
  /** "…T10:00:00Z" of the newest call's start, null without calls. */
  last_call_at: string | null;
}

const LAST_CALL_AT = (column: string) => sql.raw(
  `to_char(max(${column}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

export async function summariseCdrs(
  db: Executor,
  scope: CdrScope,
  filters: CdrFilters,
): Promise<CdrTotals> {
  return canUseRollups(filters) && !isSubAccountScope(scope)
    ? summariseFromRollups(db, scope, filters)
    : summariseFromCdrs(db, scope, filters);
}

export async function summariseFromCdrs(db: Executor, scope: CdrScope, filters: CdrFilters) {
  const { rows } = await sql<CdrTotals>`
    select count(*)::text as total_calls,
           count(*) filter (where c.answer_time is not null)::text as answered_calls,
           coalesce(sum(c.duration), 0)::text as total_duration_seconds,
           coalesce(sum(c.billsec), 0)::text as total_billsec,
           coalesce(sum(c.billable_seconds), 0)::text as total_billable_seconds,
           coalesce(sum(c.cost + c.streaming_cost), 0)::numeric(20, 5)::text as total_cost,
           coalesce(sum(c.shortfall), 0)::numeric(20, 5)::text as total_shortfall,
           ${LAST_CALL_AT('c.start_time')} as last_call_at
    from cdrs c
    where ${allOf([scopeCondition(scope), ...filterConditions(filters)])}`.execute(db);
  return rows[0]!;
}

/**
 * The sums per status, over roll-up columns. Unanswered calls have billsec 0 and bill 0 seconds,
 * so the answered calls' billsec and billable seconds are the totals.
 */
const ROLLUP_SUMS: Record<'all' | 'answered' | 'failed', Record<keyof CdrTotals, string>> = {
  all: {
    total_calls: 'r.total_calls', answered_calls: 'r.answered_calls',
    total_duration_seconds: 'r.total_duration_seconds', total_billsec: 'r.total_billsec',
    total_billable_seconds: 'r.total_billable_seconds', total_cost: 'r.total_cost',
    total_shortfall: 'r.total_shortfall', last_call_at: 'r.last_call_at',
  },
  answered: {
    total_calls: 'r.answered_calls', answered_calls: 'r.answered_calls',
    total_duration_seconds: 'r.answered_duration_seconds', total_billsec: 'r.total_billsec',
    total_billable_seconds: 'r.total_billable_seconds', total_cost: 'r.answered_cost',
    total_shortfall: 'r.answered_shortfall', last_call_at: 'r.last_answered_at',
  },
  failed: {
    total_calls: 'r.total_calls - r.answered_calls', answered_calls: '0',
    total_duration_seconds: 'r.total_duration_seconds - r.answered_duration_seconds',
    total_billsec: '0', total_billable_seconds: '0', total_cost: 'r.total_cost - r.answered_cost',
    total_shortfall: 'r.total_shortfall - r.answered_shortfall',
    last_call_at: 'r.last_unanswered_at',
  },
};

export async function summariseFromRollups(db: Executor, scope: CdrScope, filters: CdrFilters) {
  const { status: wanted } = filters;
  const status = wanted === 'answered' || wanted === 'failed' ? wanted : 'all';
  const sums = ROLLUP_SUMS[status];
  // Money keeps 5 decimals whatever the rows, as the CDR path writes it.
  const sum = (field: Exclude<keyof CdrTotals, 'last_call_at'>) => sql.raw(
    field === 'total_cost' || field === 'total_shortfall'
      ? `coalesce(sum(${sums[field]}), 0)::numeric(20, 5)::text`
      : `coalesce(sum(${sums[field]}), 0)::text`);
  const conditions = [scopeCondition(scope, 'r'), ...rollupConditions(filters)];
  const { rows } = await sql<CdrTotals>`
    select ${sum('total_calls')} as total_calls, ${sum('answered_calls')} as answered_calls,
           ${sum('total_duration_seconds')} as total_duration_seconds,
           ${sum('total_billsec')} as total_billsec,
           ${sum('total_billable_seconds')} as total_billable_seconds,
           ${sum('total_cost')} as total_cost, ${sum('total_shortfall')} as total_shortfall,
           ${LAST_CALL_AT(sums.last_call_at)} as last_call_at
    from cdr_daily_rollups r
    where ${allOf(conditions)}`.execute(db);
  return rows[0]!;
}

function rollupConditions(filters: CdrFilters) {
  const conditions = [];
  if (filters.start_date !== undefined && filters.end_date !== undefined) {
    conditions.push(
      sql<boolean>`r.day between ${filters.start_date}::date and ${filters.end_date}::date`);
  }
  if (filters.call_direction !== undefined) {
    conditions.push(sql<boolean>`r.call_direction = ${filters.call_direction}`);
  }
  if (filters.context !== undefined) conditions.push(sql<boolean>`r.context = ${filters.context}`);
  return conditions;
}
