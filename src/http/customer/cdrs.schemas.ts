/**
 * CDR shapes (vobiz-api.md 1.6, 2.4), shared by the customer and partner views: the 43-field CDR
 * object (+ billable_seconds and shortfall), the filters, the pagination and summary blocks.
 */
import type { Readable } from 'node:stream';
import { Type } from 'typebox';
import { CALL_STATUSES } from '../../domain/cdrs/hangup-causes';
import type { CdrPage } from '../../domain/cdrs/cdr-lists';
import type { CdrWireRow } from '../../domain/cdrs/cdr-records';
import type { CdrTotals } from '../../domain/cdrs/cdr-summaries';
import { CDR_FILTER_NAMES, type CdrFilters } from '../../domain/cdrs/cdr-filters';
import { UUID_PATTERN } from '../../domain/ids';
import {
  CDR_NUMBER_LENGTH_MAX, CDR_RECENT_LIMIT_MAX, CDR_TEXT_LENGTH_MAX, CDRS_PAGE_SIZE_MAX,
} from '../../limits';
import {
  IsoDate, MoneyNumber, Nullable, Page, PerPage, SearchText, SubAccountAuthId,
} from '../schemas/common';

const Text = Type.String();
const CdrTime = Type.String({ examples: ['2026-07-20T10:00:00Z'] });

export const CdrBody = Type.Object({
  id: Type.Integer(),
  uuid: Type.String({ format: 'uuid' }),
  account_id: Type.String({ examples: ['MA_E31MAU98'] }),
  call_direction: Type.String({ examples: ['outbound'] }),
  caller_id_name: Text,
  caller_id_number: Text,
  destination_number: Text,
  context: Type.String({ examples: ['sip-trunking'] }),
  region: Text,
  origination_region: Text,
  campaign_id: Nullable(Text),
  customer_endpoint: Nullable(Text),
  trunk_id: Nullable(Text),
  terminated_to: Nullable(Text),
  duration: Type.Integer(),
  billsec: Type.Integer(),
  ring_time: Type.Integer(),
  answer_time: Nullable(CdrTime),
  start_time: CdrTime,
  end_time: CdrTime,
  progress_time: Nullable(CdrTime),
  created_at: CdrTime,
  updated_at: CdrTime,
  cost: MoneyNumber,
  streaming_cost: MoneyNumber,
  total_cost: MoneyNumber,
  currency: Text,
  mos: Nullable(Type.Number()),
  jitter: Nullable(Type.Number()),
  packet_loss: Nullable(Type.Number()),
  codec: Nullable(Text),
  hangup_cause: Type.String({ examples: ['NORMAL_CLEARING'] }),
  hangup_cause_code: Type.Integer({ examples: [4000] }),
  hangup_cause_name: Type.String({ examples: ['Normal Hangup'] }),
  hangup_disposition: Nullable(Text),
  hangup_source: Nullable(Text),
  failure_code: Nullable(Text),
  failure_reason: Nullable(Text),
  bridge_uuid: Nullable(Text),
  sip_call_id: Text,
  sip_user_agent: Nullable(Text),
  network_addr: Nullable(Text),
  carrier_ip: Nullable(Text),
  billable_seconds: Type.Integer({ description: 'Beyond Vobiz: seconds billed after increments' }),
  shortfall: Type.Unsafe<string>({
    type: 'number', description: 'Beyond Vobiz: the part of the cost the wallet could not pay',
  }),
});

const Enum = (values: readonly string[]) => Type.Union(values.map((value) => Type.Literal(value)));

export const CdrFilterProperties = {
  from_number: Type.Optional(Type.String({ minLength: 1, maxLength: CDR_NUMBER_LENGTH_MAX })),
  to_number: Type.Optional(Type.String({ minLength: 1, maxLength: CDR_NUMBER_LENGTH_MAX })),
  start_date: Type.Optional(IsoDate),
  end_date: Type.Optional(IsoDate),
  call_direction: Type.Optional(Enum(['inbound', 'outbound'])),
  status: Type.Optional(Enum(CALL_STATUSES)),
  min_duration: Type.Optional(Type.Integer({
    minimum: 0, maximum: 86_400, description: 'seconds of `duration`',
  })),
  hangup_cause: Type.Optional(Type.String({
    minLength: 1, maxLength: 64, examples: ['NO_ANSWER'],
  })),
  sip_call_id: Type.Optional(Type.String({ minLength: 1, maxLength: CDR_TEXT_LENGTH_MAX })),
  trunk_id: Type.Optional(Type.String({ pattern: UUID_PATTERN, maxLength: 36 })),
  bridge_uuid: Type.Optional(Type.String({ minLength: 1, maxLength: CDR_TEXT_LENGTH_MAX })),
  hangup_disposition: Type.Optional(Enum(['send_bye', 'recv_bye', 'send_cancel', 'send_refuse'])),
  context: Type.Optional(Enum(['voice-api', 'sip-trunking'])),
  campaign_id: Type.Optional(Type.String({ minLength: 1, maxLength: CDR_TEXT_LENGTH_MAX })),
  search: Type.Optional(SearchText),
  /** Beyond Vobiz: only the calls attributed to this sub-account (SA_…). */
  sub_account_id: Type.Optional(SubAccountAuthId),
};

export const CdrFiltersQuery = Type.Object(CdrFilterProperties);

export const CdrListQuery = Type.Object({
  ...CdrFilterProperties,
  page: Page,
  per_page: PerPage(CDRS_PAGE_SIZE_MAX),
  cursor: Type.Optional(Type.String({
    minLength: 1, maxLength: 200,
    description:
      'Beyond Vobiz: pagination.next_cursor of the previous page (keyset; page is ignored)',
  })),
});

export const RecentQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: CDR_RECENT_LIMIT_MAX, default: 20 }),
});

const Pagination = Type.Object({
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
  pages: Type.Integer(),
  has_next: Type.Boolean(),
  has_prev: Type.Boolean(),
  next_cursor: Nullable(Type.String({
    description: 'Beyond Vobiz: pass as `cursor` for the next page',
  })),
});

const Summary = Type.Object({
  totalCalls: Type.Integer(),
  answeredCalls: Type.Integer(),
  answerRate: Type.Number({ description: 'Percent of calls answered, 2 decimals' }),
  avgCallDuration: Type.String({
    examples: ['28s'], description: 'Mean billsec of answered calls',
  }),
  total_duration_seconds: Type.Integer(),
  total_billable_seconds: Type.Integer(),
  total_cost: MoneyNumber,
  total_shortfall: Type.Unsafe<string>({
    type: 'number', description: 'Beyond Vobiz: unpaid cost',
  }),
  last_call_at: Type.String({ description: '"" before the first call' }),
});

/** One account's calls (customer and partner views): the account is always named. */
export const CdrListBody = Type.Object({
  success: Type.Boolean(),
  account_id: Type.String(),
  account_auth_id: Type.String(),
  count: Type.Integer(),
  data: Type.Array(CdrBody),
  pagination: Pagination,
  summary: Summary,
});

/** The partner-wide list: no single account, so both account keys are null. */
export const PartnerCdrListBody = Type.Object({
  ...CdrListBody.properties,
  account_id: Type.Null(),
  account_auth_id: Type.Null(),
});

export const CdrSearchBody = Type.Object({
  ...CdrListBody.properties,
  filters: Type.Object(
    Object.fromEntries(CDR_FILTER_NAMES.map((name) => [name, Type.String()])),
    { description: 'Every filter; "" when not sent' },
  ),
});

export const RecentBody = Type.Object({
  account_id: Type.String(),
  count: Type.Integer(),
  data: Type.Array(CdrBody),
  success: Type.Boolean(),
});

/** One call (getCdr): the same keys, and what a list may leave null is "" or 0 here. */
export const CdrDetailBody = Type.Object({
  ...CdrBody.properties,
  answer_time: CdrTime,
  progress_time: CdrTime,
  bridge_uuid: Text,
  codec: Text,
  hangup_disposition: Text,
  hangup_source: Text,
  network_addr: Text,
  sip_user_agent: Text,
  mos: Type.Number(),
  jitter: Type.Number(),
  packet_loss: Type.Number(),
});

export const OneCdrBody = Type.Object({ data: CdrDetailBody, success: Type.Boolean() });

export const CsvResponse = {
  description: 'CSV, header row of the 43 CDR fields, newest call first',
  // A stream at run time; fastify sends it as is (no serializer runs for streams).
  content: { 'text/csv': { schema: Type.Unsafe<Readable | string>({ type: 'string' }) } },
};

export function toWireCdr(row: CdrWireRow) {
  const { cursor_time: _cursor, ...fields } = row;
  return {
    ...fields,
    id: Number(row.id),
    // Strings the clients declare non-nullable.
    caller_id_name: row.caller_id_name ?? '',
    region: row.region ?? '',
    origination_region: row.origination_region ?? '',
    sip_call_id: row.sip_call_id ?? '',
    failure_code: row.failure_code === null ? null : String(row.failure_code),
  };
}

/** getCdr's tighter nullability: "" for a missing text, 0 for a missing quality figure. */
export function toWireCdrDetail(row: CdrWireRow) {
  const cdr = toWireCdr(row);
  return {
    ...cdr,
    answer_time: cdr.answer_time ?? '',
    progress_time: cdr.progress_time ?? '',
    bridge_uuid: cdr.bridge_uuid ?? '',
    codec: cdr.codec ?? '',
    hangup_disposition: cdr.hangup_disposition ?? '',
    hangup_source: cdr.hangup_source ?? '',
    network_addr: cdr.network_addr ?? '',
    sip_user_agent: cdr.sip_user_agent ?? '',
    mos: cdr.mos ?? 0,
    jitter: cdr.jitter ?? 0,
    packet_loss: cdr.packet_loss ?? 0,
  };
}

export function toWireSummary(totals: CdrTotals) {
  const calls = Number(totals.total_calls);
  const answered = Number(totals.answered_calls);
  const billsec = Number(totals.total_billsec);
  return {
    totalCalls: calls,
    answeredCalls: answered,
    answerRate: calls === 0 ? 0 : Math.round((answered / calls) * 10_000) / 100,
    avgCallDuration: `${answered === 0 ? 0 : Math.round(billsec / answered)}s`,
    total_duration_seconds: Number(totals.total_duration_seconds),
    total_billable_seconds: Number(totals.total_billable_seconds),
    total_cost: totals.total_cost,
    total_shortfall: totals.total_shortfall,
    last_call_at: totals.last_call_at ?? '',
  };
}

/** The list envelope: rows, pagination (Vobiz's block + next_cursor) and summary. */
export function toWireCdrList<AccountKey extends string | null>(
  result: CdrPage,
  request: { page: number; perPage: number; cursor?: string | undefined },
  account: { id: AccountKey; authId: AccountKey },
) {
  const total = Number(result.totals.total_calls);
  return {
    success: true,
    account_id: account.id,
    account_auth_id: account.authId,
    count: result.rows.length,
    data: result.rows.map(toWireCdr),
    pagination: {
      page: request.page,
      per_page: request.perPage,
      total,
      pages: Math.ceil(total / request.perPage),
      has_next: result.hasNext,
      has_prev: request.cursor !== undefined || request.page > 1,
      next_cursor: result.nextCursor,
    },
    summary: toWireSummary(result.totals),
  };
}

/** /cdr/search echoes every filter, "" for those not sent (as Vobiz does). */
export function toFiltersEcho(filters: CdrFilters): Record<string, string> {
  return Object.fromEntries(CDR_FILTER_NAMES.map((name) =>
    [name, filters[name] === undefined ? '' : String(filters[name])]));
}

/** The filters out of a validated query (page, per_page and cursor are not filters). */
export function filtersOf(query: CdrFilters & Record<string, unknown>): CdrFilters {
  return Object.fromEntries(CDR_FILTER_NAMES.map((name) => [name, query[name]])) as CdrFilters;
}
