/**
 * The operator's pages: partners (create, credit, deactivate), the inventory import with its
 * per-row report, and system health.
 */
import { html } from '../../html/html';
import type { InventoryImportResult } from '../../domain/numbers/inventory';
import { INVENTORY_CSV_COLUMNS } from '../../domain/numbers/inventory-imports';
import type { SystemHealth } from '../../domain/operations/system-health';
import type { PartnerProfile } from '../../domain/partners/partners';
import { errorSummary, field, type FieldErrors } from './fields';
import { actionButton, consolePage, csrfField, type PageFrame } from './layout';
import { pager, type PageState } from './pagination';

export interface PartnersPageInput extends PageState {
  rows: PartnerProfile[];
  idempotencyKey: string;
  notice?: string | undefined;
  /** The new partner's credentials, shown once after it was created. */
  created?: { authId: string; token: string } | undefined;
  form?: { values: Record<string, string>; errors: FieldErrors; message?: string | undefined };
}

function partnerRow(frame: PageFrame, input: PartnersPageInput, row: PartnerProfile) {
  const key = `${input.idempotencyKey}-${row.auth_id}`;
  const credit = html`<form method="post" action="/console/operator/partners/${row.auth_id}/credit"
class="row">
${csrfField(frame.csrf)}<input type="hidden" name="idempotency_key" value="${key}">
<div class="field"><label for="amount-${row.auth_id}">Credit ${row.name} (${row.currency})</label>
<input type="text" id="amount-${row.auth_id}" name="amount" inputmode="decimal" maxlength="20">
</div>
<div class="field"><button type="submit" class="secondary">Credit</button></div></form>`;
  return html`<tr><td>${row.name}</td><td>${row.auth_id}</td><td>${row.email}</td>
<td class="money">${row.balance} ${row.currency}</td><td>${row.account_count}</td>
<td class="partner-state">${row.is_active ? 'active' : 'deactivated'}</td>
<td>${credit}${row.is_active && actionButton({
    action: `/console/operator/partners/${row.auth_id}/deactivate`, csrf: frame.csrf,
    label: `Deactivate ${row.name}`, variant: 'danger' })}</td></tr>`;
}

export function partnersPage(frame: PageFrame, input: PartnersPageInput): string {
  const form = input.form;
  return consolePage(frame, {
    title: 'Partners',
    notice: input.notice,
    body: html`${input.created && html`<div class="notice" role="status"><p>The partner's
credentials (the token is
shown once):</p><p class="secret">${input.created.authId}</p>
<p class="secret" id="partner-token">${input.created.token}</p></div>`}
<div class="table-box"><table><thead><tr><th scope="col">Name</th><th scope="col">Auth id</th>
<th scope="col">E-mail</th><th scope="col" class="money">Balance</th><th scope="col">Customers</th>
<th scope="col">State</th><th scope="col">Actions</th></tr></thead>
<tbody>${input.rows.map((row) => partnerRow(frame, input, row))}</tbody></table>
</div>${pager('/console/operator', input)}
<section class="panel"><h2>New partner</h2>${errorSummary(form?.message)}
<form method="post" action="/console/operator/partners">${csrfField(frame.csrf)}
${field({ name: 'name', label: 'Name', value: form?.values.name, errors: form?.errors,
  extra: { maxlength: '200' } })}
${field({ name: 'email', label: 'E-mail', type: 'email', value: form?.values.email,
  errors: form?.errors, extra: { maxlength: '254' } })}
<button type="submit">Create partner</button></form></section>`,
  });
}

export interface InventoryPageInput {
  /** What one upload may hold, shown next to the file field. */
  limits: { rows: number; megabytes: number };
  result?: InventoryImportResult | undefined;
  /** One line per refused row, as the API reports it. */
  rowErrors?: string[] | undefined;
}

export function inventoryPage(frame: PageFrame, input: InventoryPageInput): string {
  const { result, rowErrors, limits } = input;
  const columns = INVENTORY_CSV_COLUMNS.join(', ');
  return consolePage(frame, {
    title: 'Number inventory',
    body: html`${result && html`<p class="notice" role="status">${result.imported} numbers
imported, ${result.skipped} already known and left as they were.</p>`}
${rowErrors && html`<div class="error-summary" role="alert">
<p>Nothing was imported: fix these rows and upload the file again.</p>
<ul id="row-errors">${rowErrors.map((line) => html`<li>${line}</li>`)}</ul></div>`}
<section class="panel"><h2>Import numbers</h2>
<form method="post" action="/console/operator/inventory" enctype="multipart/form-data">
${csrfField(frame.csrf)}<div class="field"><label for="file">CSV file</label>
<p class="muted" id="file-hint">A header line naming ${columns} (provider optional); at most
${limits.rows} rows and ${limits.megabytes} MiB.</p>
<input type="file" id="file" name="file" accept=".csv,text/csv" required
aria-describedby="file-hint"></div>
<button type="submit">Import</button></form></section>`,
  });
}

export function healthPage(frame: PageFrame, health: SystemHealth): string {
  const item = (id: string, label: string, value: string | number) =>
    html`<li><span>${label}</span> <strong id="${id}">${value}</strong></li>`;
  return consolePage(frame, {
    title: 'System health',
    body: html`<ul class="figures" aria-label="System health">
${item('jobs-queued', 'Jobs waiting', health.jobsQueued)}${item('jobs-failing', 'Jobs failing',
  health.jobsFailing)}
${item('jobs-running', 'Jobs running', health.jobsRunning)}
${item('webhook-backlog', 'Webhook deliveries pending', health.webhookDeliveriesPending)}
${item('database-size', 'Database size (MiB)',
  (Number(health.databaseBytes) / 1048576).toFixed(1))}</ul>`,
  });
}
