/** The partner's customers: the searchable list and the new-customer form. */
import { html } from '../../html/html';
import type { AccountRow } from '../../domain/accounts/accounts';
import { errorSummary, field, type FieldErrors } from './fields';
import { consolePage, csrfField, type PageFrame } from './layout';
import { pager, type PageState } from './pagination';

export interface CustomersListInput extends PageState {
  rows: AccountRow[];
  search: string;
}

export function customersPage(frame: PageFrame, input: CustomersListInput): string {
  const rows = input.rows.map((row) => html`<tr>
<td><a href="/console/partner/customers/${row.auth_id}">${row.name}</a></td><td>${row.email}</td>
<td class="money">${row.cash_credits} ${row.currency}</td><td>${row.kyc_status}</td>
<td>${row.status}</td></tr>`);
  return consolePage(frame, {
    title: 'Customers',
    body: html`<p><a class="button" href="/console/partner/customers/new">New customer</a></p>
<form method="get" action="/console/partner/customers" role="search" class="row">
${field({ name: 'search', label: 'Search by name or e-mail', type: 'search', value: input.search })}
<div class="field"><button type="submit" class="secondary">Search</button></div></form>
<div class="table-box"><table><thead><tr><th scope="col">Name</th><th scope="col">E-mail</th>
<th scope="col" class="money">Balance</th><th scope="col">KYC</th><th scope="col">State</th></tr>
</thead>
<tbody>${rows}</tbody></table></div>
${input.rows.length === 0 && html`<p>No customers match.</p>`}
${pager('/console/partner/customers', input, { search: input.search })}`,
  });
}

export interface NewCustomerInput {
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string | undefined;
}

export function newCustomerPage(frame: PageFrame, input: NewCustomerInput): string {
  const values = input.values ?? {};
  const errors = input.errors ?? {};
  const text = (name: string, label: string, extra: Record<string, string> = {},
    type: 'text' | 'email' | 'password' = 'text') =>
    field({ name, label, type, value: type === 'password' ? '' : values[name], errors, extra });
  return consolePage(frame, {
    title: 'New customer',
    body: html`<div class="panel">${errorSummary(input.message)}
<form method="post" action="/console/partner/customers">${csrfField(frame.csrf)}
${text('name', 'Name', { autocomplete: 'off', maxlength: '200' })}
${text('email', 'E-mail', { autocomplete: 'off', maxlength: '254' }, 'email')}
${text('phone', 'Phone (E.164, such as +919876543210)', { inputmode: 'tel', maxlength: '20' })}
${text('country', 'Country (ISO code, such as IN)', { maxlength: '2' })}
${text('company', 'Company (optional)', { maxlength: '200' })}
${text('password', 'Password for the customer’s own sign-in', { autocomplete: 'new-password',
  maxlength: '128' }, 'password')}
<button type="submit">Create customer</button></form></div>`,
  });
}
