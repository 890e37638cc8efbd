/**
 * The customer's numbers: its own (release with the 24-hour pending state, cancel a pending
 * release) and the inventory to buy from, with the API's filters (country, digits, prefixes
 * left out).
 */
import { html } from '../../html/html';
import type { NumberRow } from '../../domain/numbers/numbers.queries';
import { errorSummary, field, type FieldErrors } from './fields';
import { actionButton, consolePage, type PageFrame } from './layout';
import { pager, type PageState } from './pagination';

export interface NumbersPageInput {
  /** The customer's numbers, a page at a time under `owned_page`. */
  owned: PageState & { rows: NumberRow[] };
  inventory: PageState & { rows: NumberRow[] };
  filters: { country: string; search: string; exclude: string };
  /** The filters' own errors, shown at their fields. */
  filterErrors?: FieldErrors | undefined;
  notice?: string | undefined;
  error?: string | undefined;
}

function ownedTable(frame: PageFrame, rows: NumberRow[]) {
  const body = rows.map((row) => {
    const action = row.status === 'pending_release'
      ? actionButton({
        action: `/console/account/numbers/${encodeURIComponent(row.e164)}/cancel-release`,
        csrf: frame.csrf, label: `Cancel the release of ${row.e164}`, variant: 'secondary' })
      : actionButton({ action: `/console/account/numbers/${encodeURIComponent(row.e164)}/release`,
        csrf: frame.csrf, label: `Release ${row.e164}`, variant: 'danger' });
    return html`<tr><td>${row.e164}</td><td class="number-status">${row.status}</td>
<td>${row.release_after ? row.release_after.toISOString() : ''}</td>
<td class="money">${row.monthly_fee} ${row.currency}</td><td>${action}</td></tr>`;
  });
  return html`<div class="table-box"><table><thead><tr><th scope="col">Number</th>
<th scope="col">State</th>
<th scope="col">Released after</th><th scope="col" class="money">Monthly fee</th>
<th scope="col">Actions</th></tr>
</thead><tbody>${body}</tbody></table></div>${rows.length === 0 && html`<p>No numbers yet.</p>`}`;
}

function inventoryTable(frame: PageFrame, input: NumbersPageInput) {
  const body = input.inventory.rows.map((row) => html`<tr><td>${row.e164}</td>
<td>${row.country}</td>
<td>${row.region}</td><td class="money">${row.setup_fee} ${row.currency}</td>
<td class="money">${row.monthly_fee} ${row.currency}</td><td>${actionButton({
    action: '/console/account/numbers/purchase', csrf: frame.csrf, label: `Buy ${row.e164}`,
    hidden: { e164: row.e164 } })}</td></tr>`);
  return html`<form method="get" action="/console/account/numbers" class="row">
${field({ name: 'country', label: 'Country (ISO code)', value: input.filters.country,
  extra: { maxlength: '2' } })}
${field({ name: 'search', label: 'Digits', value: input.filters.search, extra: { maxlength: '15',
  inputmode: 'numeric' } })}
${field({ name: 'exclude', label: 'Leave out prefixes (comma-separated)',
  value: input.filters.exclude, errors: input.filterErrors, extra: { maxlength: '400' } })}
<div class="field"><button type="submit" class="secondary">Search</button></div></form>
<div class="table-box"><table><thead><tr><th scope="col">Number</th><th scope="col">Country</th>
<th scope="col">Region</th><th scope="col" class="money">Setup fee</th>
<th scope="col" class="money">Monthly fee</th>
<th scope="col">Actions</th></tr></thead><tbody>${body}</tbody></table></div>
${input.inventory.rows.length === 0 && html`<p>No numbers match.</p>`}
${pager('/console/account/numbers', input.inventory,
    { ...input.filters, owned_page: String(input.owned.page) })}`;
}

export function numbersPage(frame: PageFrame, input: NumbersPageInput): string {
  return consolePage(frame, {
    title: 'Numbers',
    notice: input.notice,
    body: html`${errorSummary(input.error)}<section class="panel"><h2>Your numbers</h2>
<p class="muted">A released number stays yours for 24 hours, until then you can cancel the
release.</p>
${ownedTable(frame, input.owned.rows)}
${input.owned.total > input.owned.size && pager('/console/account/numbers', input.owned,
    { ...input.filters, page: String(input.inventory.page) },
    { param: 'owned_page', label: 'Pages of your numbers' })}</section>
<section class="panel"><h2>Buy a number</h2>${inventoryTable(frame, input)}</section>`,
  });
}
