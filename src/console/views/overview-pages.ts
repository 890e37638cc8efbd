/**
 * The partner overview: the dashboard's figures (getPartnerAnalytics, as the API returns them),
 * the KYC funnel, numbers and trunks, and charts of the period's days.
 */
import { html } from '../../html/html';
import type { TopCustomer } from '../../domain/analytics/partner-overview';
import type { CallFigures } from '../../domain/analytics/partner-analytics';
import { chart, CHART_SCRIPTS } from './chart-setup';
import { field } from './fields';
import { consolePage, type PageFrame } from './layout';

export interface OverviewInput {
  period: { from: string; to: string };
  currency: string;
  balance: string;
  customers: { total: number; active: number };
  calls: CallFigures;
  days: (CallFigures & { date: string })[];
  kyc: { pending: number; opened: number; completed: number; failed: number; expired: number };
  numbers: number;
  trunks: number;
  topCustomers: TopCustomer[];
  errors?: Record<string, string>;
}

function figure(id: string, label: string, value: string | number) {
  return html`<li><span>${label}</span> <strong id="${id}">${value}</strong></li>`;
}

function periodForm(input: OverviewInput) {
  return html`<form method="get" action="/console/partner" class="row">
${field({ name: 'from_date', label: 'From', type: 'date', value: input.period.from,
  errors: input.errors })}
${field({ name: 'to_date', label: 'To', type: 'date', value: input.period.to,
  errors: input.errors })}
<div class="field"><button type="submit" class="secondary">Show</button></div></form>`;
}

function charts(input: OverviewInput) {
  const labels = input.days.map((day) => day.date);
  return html`<div class="columns">
<section class="panel">
<h2>Calls per day</h2>${chart('calls-chart', 'Answered and failed calls per day', {
    type: 'bar', labels, stacked: true, datasets: [
      { label: 'Answered', data: input.days.map((day) => day.answered_calls) },
      { label: 'Failed', data: input.days.map((day) => day.total_calls - day.answered_calls) },
    ] })}</section>
<section class="panel"><h2>Minutes and revenue per day</h2>${chart('revenue-chart',
    `Minutes and revenue (${input.currency}) per day`, {
      type: 'line', labels, datasets: [
        { label: 'Minutes', data: input.days.map((day) => day.total_minutes) },
        // Drawing only: the exact amounts are in the table below.
        { label: `Revenue (${input.currency})`,
          data: input.days.map((day) => Number(day.total_cost)) },
      ] })}</section></div>`;
}

function dayTable(input: OverviewInput) {
  const rows = input.days.filter((day) => day.total_calls > 0).map((day) => html`<tr>
<td>${day.date}</td>
<td>${day.total_calls}</td><td>${day.answered_calls}</td><td>${day.total_minutes}</td>
<td class="money">${day.total_cost} ${input.currency}</td></tr>`);
  return html`<details class="panel"><summary>The figures per day</summary><div class="table-box">
<table>
<thead><tr><th scope="col">Day</th><th scope="col">Calls</th><th scope="col">Answered</th>
<th scope="col">Minutes</th><th scope="col" class="money">Revenue</th></tr></thead>
<tbody>${rows}</tbody></table></div></details>`;
}

function topCustomers(input: OverviewInput) {
  const rows = input.topCustomers.map((row) => html`<tr>
<td><a href="/console/partner/customers/${row.auth_id}">${row.name}</a></td>
<td>${row.total_calls}</td>
<td class="money">${row.total_cost} ${input.currency}</td></tr>`);
  return html`<section class="panel"><h2>Top customers</h2>${rows.length === 0
    ? html`<p>No calls in this period.</p>`
    : html`<div class="table-box"><table><thead><tr><th scope="col">Customer</th>
<th scope="col">Calls</th>
<th scope="col" class="money">Revenue</th></tr></thead><tbody>${rows}</tbody></table>
</div>`}</section>`;
}

export function overviewPage(frame: PageFrame, input: OverviewInput): string {
  const { kyc } = input;
  return consolePage(frame, {
    title: 'Overview',
    scripts: CHART_SCRIPTS,
    body: html`<ul class="figures" aria-label="Account">
${figure('balance', 'Balance', `${input.balance} ${input.currency}`)}
${figure('customers-active', 'Active customers', input.customers.active)}
${figure('customers-suspended', 'Suspended customers',
  input.customers.total - input.customers.active)}
${figure('numbers', 'Numbers', input.numbers)}
${figure('trunks', 'Trunks', input.trunks)}
</ul>
<h2>KYC</h2>
<ul class="figures" aria-label="KYC funnel">
${figure('kyc-pending', 'Pending', kyc.pending)}${figure('kyc-opened', 'Opened', kyc.opened)}
${figure('kyc-completed', 'Completed', kyc.completed)}${figure('kyc-failed', 'Failed', kyc.failed)}
${figure('kyc-expired', 'Expired or revoked', kyc.expired)}
</ul>
<h2>Calls from ${input.period.from} to ${input.period.to}</h2>
${periodForm(input)}
<ul class="figures" aria-label="Calls in the period">
${figure('total-calls', 'Calls', input.calls.total_calls)}
${figure('answered-calls', 'Answered', input.calls.answered_calls)}
${figure('total-minutes', 'Minutes', input.calls.total_minutes)}
${figure('total-revenue', 'Revenue', `${input.calls.total_cost} ${input.currency}`)}
</ul>
${charts(input)}
${dayTable(input)}
${topCustomers(input)}`,
  });
}
