/** KYC sessions as a table with their actions, on the customer page and the partner-wide list. */
import { html } from '../../html/html';
import type { KycSessionRow } from '../../domain/kyc/kyc-sessions.queries';
import { actionButton } from './layout';

const ACTIVE = new Set(['email_sent', 'link_ready', 'opened', 'in_progress']);

export function kycSessionsTable(csrf: string, rows: KycSessionRow[], withCustomer: boolean) {
  const body = rows.map((row) => {
    const actions = ACTIVE.has(row.status)
      ? [
        row.flow_type === 'email' && actionButton({
          action: `/console/partner/kyc-sessions/${row.id}/resend`, csrf, label: 'Resend',
            variant: 'secondary',
        }),
        actionButton({ action: `/console/partner/kyc-sessions/${row.id}/revoke`, csrf,
          label: 'Revoke', variant: 'danger' }),
      ]
      : [];
    return html`<tr>${withCustomer && html`<td><a
href="/console/partner/customers/${row.account_auth_id}">${
      row.account_auth_id}</a></td>`}
<td>${row.flow_type}</td><td class="kyc-status">${row.status}</td>
<td>${row.created_at.toISOString()}</td>
<td>${row.expires_at.toISOString()}</td><td>${actions}</td></tr>`;
  });
  return html`<div class="table-box"><table><thead>
<tr>${withCustomer && html`<th scope="col">Customer</th>`}
<th scope="col">Flow</th><th scope="col">Status</th><th scope="col">Created</th>
<th scope="col">Expires</th>
<th scope="col">Actions</th></tr></thead><tbody>${body}</tbody></table></div>
${rows.length === 0 && html`<p>No KYC sessions.</p>`}`;
}
