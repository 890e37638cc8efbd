/** The operator's partner list. */
import { html } from '../../widget/views/html';
import type { PartnerProfile } from '../../domain/partners/partners';
import { consolePage, type PageFrame } from './layout';
import { pager, type PageState } from './pagination';

export function partnersPage(frame: PageFrame, input: PageState & { rows: PartnerProfile[] }): string {
  const rows = input.rows.map((row) => html`<tr><td>${row.name}</td><td>${row.auth_id}</td><td>${row.email}</td>
<td class="money">${row.balance} ${row.currency}</td><td>${row.account_count}</td>
<td>${row.is_active ? 'active' : 'deactivated'}</td></tr>`);
  return consolePage(frame, {
    title: 'Partners',
    body: html`<div class="table-box"><table><thead><tr><th scope="col">Name</th><th scope="col">Auth id</th>
<th scope="col">E-mail</th><th scope="col" class="money">Balance</th><th scope="col">Customers</th>
<th scope="col">State</th></tr></thead><tbody>${rows}</tbody></table></div>${pager('/console/operator', input)}`,
  });
}
