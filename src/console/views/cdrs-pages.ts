/**
 * The customer's call records: the API's main filters, one page at a time, a CSV export of the
 * same filters, a usage chart of the period's days, and one call's details.
 */
import { html } from '../../html/html';
import type { UsageDay } from '../../domain/analytics/account-usage';
import type { CdrWireRow } from '../../domain/cdrs/cdr-records';
import { chart, CHART_SCRIPTS } from './chart-setup';
import { errorSummary, field, selectField } from './fields';
import { consolePage, type PageFrame } from './layout';

export type CdrFilterValues = Record<
  'start_date' | 'end_date' | 'call_direction' | 'status' | 'from_number' | 'to_number',
  string
>;

export interface CdrsPageInput {
  /** Where this list lives: the customer's own, or a partner's view of one customer. */
  basePath: string;
  title: string;
  rows: CdrWireRow[];
  filters: CdrFilterValues;
  page: number;
  hasNext: boolean;
  totals: { total_calls: string; total_cost: string };
  /** The usage chart, on the customer's own page. */
  usage?: UsageDay[] | undefined;
  currency: string;
  error?: string | undefined;
}

function query(filters: CdrFilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(name,
    value);
  return params.toString();
}

function filterForm(basePath: string, filters: CdrFilterValues) {
  return html`<form method="get" action="${basePath}" class="row">
${field({ name: 'start_date', label: 'From', type: 'date', value: filters.start_date })}
${field({ name: 'end_date', label: 'To', type: 'date', value: filters.end_date })}
${selectField({ name: 'call_direction', label: 'Direction', value: filters.call_direction,
    options: [['', 'Any'], ['inbound', 'Inbound'], ['outbound', 'Outbound']] })}
${selectField({ name: 'status', label: 'Status', value: filters.status,
    options: [['', 'Any'], ['answered', 'Answered'], ['failed', 'Failed'], ['busy', 'Busy'],
      ['no_answer', 'No answer']] })}
${field({ name: 'from_number', label: 'From number', value: filters.from_number,
  extra: { maxlength: '64' } })}
${field({ name: 'to_number', label: 'To number', value: filters.to_number,
  extra: { maxlength: '64' } })}
<div class="field"><button type="submit" class="secondary">Filter</button></div></form>`;
}

function usageChart(usage: UsageDay[]) {
  return html`<section class="panel">
<h2>Usage, last 30 days</h2>${chart('usage-chart', 'Calls per day', {
    type: 'bar', labels: usage.map((day) => day.date), stacked: true, datasets: [
      { label: 'Answered', data: usage.map((day) => day.answered_calls) },
      { label: 'Not answered', data: usage.map((day) => day.total_calls - day.answered_calls) },
    ] })}</section>`;
}

export function cdrsPage(frame: PageFrame, input: CdrsPageInput): string {
  const base = input.basePath;
  const rows = input.rows.map((row) => html`<tr><td>
<a href="${base}/${row.uuid}">${row.start_time}</a></td>
<td>${row.call_direction}</td><td>${row.caller_id_number}</td><td>${row.destination_number}</td>
<td>${row.duration}</td><td>${row.hangup_cause}</td>
<td class="money">${row.total_cost} ${row.currency}</td></tr>`);
  return consolePage(frame, {
    title: input.title,
    ...(input.usage ? { scripts: CHART_SCRIPTS } : {}),
    body: html`${input.usage && usageChart(input.usage)}
${errorSummary(input.error)}${filterForm(base, input.filters)}
<p>${input.totals.total_calls} calls, ${input.totals.total_cost} ${input.currency}.
<a href="${base}.csv?${query(input.filters)}" download>Export as CSV</a></p>
<div class="table-box"><table><thead><tr><th scope="col">Started</th><th scope="col">Direction</th>
<th scope="col">From</th><th scope="col">To</th><th scope="col">Seconds</th>
<th scope="col">Hang-up cause</th>
<th scope="col" class="money">Cost</th></tr></thead><tbody>${rows}</tbody></table></div>
${input.rows.length === 0 && html`<p>No calls match.</p>`}
<nav class="pager" aria-label="Pages">
${input.page > 1 && html`<a rel="prev" href="${base}?${query(input.filters,
  { page: String(input.page - 1) })}">Previous page</a>`}
<span>Page ${input.page}</span>
${input.hasNext && html`<a rel="next" href="${base}?${query(input.filters,
  { page: String(input.page + 1) })}">Next page</a>`}
</nav>`,
  });
}

const DETAIL_FIELDS: (keyof CdrWireRow)[] = [
  'uuid', 'call_direction', 'caller_id_name', 'caller_id_number', 'destination_number', 'context',
    'trunk_id',
  'start_time', 'answer_time', 'end_time', 'duration', 'billsec', 'billable_seconds', 'cost',
    'streaming_cost',
  'total_cost', 'currency', 'hangup_cause', 'hangup_disposition', 'hangup_source', 'sip_call_id',
    'codec', 'mos',
];

export function cdrPage(frame: PageFrame, row: CdrWireRow, basePath: string): string {
  const items = DETAIL_FIELDS.map((name) => html`<tr><th scope="row">${name}</th>
<td>${String(row[name] ?? '')}</td></tr>`);
  return consolePage(frame, {
    title: 'Call details',
    body: html`<div class="table-box"><table>${items}</table></div>
<p><a href="${basePath}">All calls</a></p>`,
  });
}
