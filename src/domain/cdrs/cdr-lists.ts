/**
 * Reading CDRs: a filtered page with its summary, one CDR by uuid, the most recent calls, and
 * the keyset batches an export streams. Every query is scoped (CdrScope): another tenant's
 * CDRs are never found. Pages are newest first by (start_time, id), reading the
 * (account_id | partner_id, start_time, id) indexes backward; `cursor` continues after a row
 * in constant time where `page` would skip (page - 1) * per_page rows.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { isUuid } from '../ids';
import { notFound } from '../errors';
import {
  type CdrCursor,
  type CdrFilters,
  type CdrScope,
  allOf,
  assertDateRange,
  cursorConditions,
  encodeCdrCursor,
  filterConditions,
  parseCdrCursor,
  scopeCondition,
} from './cdr-filters';
import { CDR_WIRE_COLUMNS, type CdrWireRow } from './cdr-records';
import { type CdrTotals, summariseCdrs } from './cdr-summaries';

export interface CdrPageRequest {
  page: number;
  perPage: number;
  /** A next_cursor from an earlier page; `page` is then ignored. */
  cursor?: string | undefined;
}

export interface CdrPage {
  rows: CdrWireRow[];
  totals: CdrTotals;
  hasNext: boolean;
  nextCursor: string | null;
}

/** Errors: validation_failed (half a date range, a foreign cursor). */
export async function listCdrs(
  db: Executor,
  scope: CdrScope,
  filters: CdrFilters,
  request: CdrPageRequest,
): Promise<CdrPage> {
  assertDateRange(filters);
  const cursor = request.cursor === undefined ? undefined : parseCdrCursor(request.cursor);
  const offset = cursor ? 0 : (request.page - 1) * request.perPage;
  // One row more than the page tells whether another page follows.
  const [rows, totals] = await Promise.all([
    selectCdrs(db, scope, filters, { limit: request.perPage + 1, offset, cursor }),
    summariseCdrs(db, scope, filters),
  ]);
  const hasNext = rows.length > request.perPage;
  const page = hasNext ? rows.slice(0, request.perPage) : rows;
  const last = page[page.length - 1];
  return {
    rows: page,
    totals,
    hasNext,
    nextCursor: hasNext && last
      ? encodeCdrCursor({ startTime: last.cursor_time, id: last.id })
      : null,
  };
}

/** The newest `limit` CDRs of the scope, without a summary (/cdr/recent). */
export async function listRecentCdrs(
  db: Executor,
  scope: CdrScope,
  limit: number,
): Promise<CdrWireRow[]> {
  return selectCdrs(db, scope, {}, { limit, offset: 0 });
}

/** One CDR by its uuid. Errors: not_found (unknown, malformed, or another tenant's). */
export async function getCdr(db: Executor, scope: CdrScope, uuid: string): Promise<CdrWireRow> {
  if (!isUuid(uuid)) throw notFound('CDR');
  const key = await db.selectFrom('cdr_keys').select(['account_id', 'start_time'])
    .where('uuid', '=', uuid.toLowerCase()).executeTakeFirst();
  if (!key) throw notFound('CDR');
  // The key's start_time names the one partition to read.
  const { rows } = await sql<CdrWireRow>`
    select ${CDR_WIRE_COLUMNS} from cdrs c join accounts a on a.id = c.account_id
    where c.account_id = ${key.account_id} and c.start_time = ${key.start_time}
      and c.uuid = ${uuid.toLowerCase()}::uuid and ${scopeCondition(scope)}`.execute(db);
  if (!rows[0]) throw notFound('CDR');
  return rows[0];
}

interface Window {
  limit: number;
  offset: number;
  cursor?: CdrCursor | undefined;
}

/** One page (or export batch) of CDRs, newest first. */
export async function selectCdrs(
  db: Executor,
  scope: CdrScope,
  filters: CdrFilters,
  window: Window,
): Promise<CdrWireRow[]> {
  const conditions = [scopeCondition(scope), ...filterConditions(filters)];
  if (window.cursor) conditions.push(...cursorConditions(window.cursor));
  const { rows } = await sql<CdrWireRow>`
    select ${CDR_WIRE_COLUMNS} from cdrs c join accounts a on a.id = c.account_id
    where ${allOf(conditions)}
    order by c.start_time desc, c.id desc
    limit ${window.limit} offset ${window.offset}`.execute(db);
  return rows;
}
