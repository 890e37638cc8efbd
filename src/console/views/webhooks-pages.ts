/** The partner's webhook deliveries: status, attempts, last answer, and a redeliver button. */
import { html } from '../../html/html';
import type { WebhookDeliveryRow } from '../../domain/webhooks/webhook-deliveries';
import { actionButton, consolePage, type PageFrame } from './layout';
import { pager, type PageState } from './pagination';

export function webhookDeliveriesPage(
  frame: PageFrame,
  input: PageState & { rows: WebhookDeliveryRow[]; notice?: string | undefined },
): string {
  const rows = input.rows.map((row) => html`<tr><td>${row.created_at.toISOString()}</td>
<td>${row.event}</td>
<td>${row.url}</td><td class="delivery-status">${row.status}</td><td>${row.attempts}</td>
<td>${row.last_status_code ?? ''}</td><td>${row.last_error ?? ''}</td>
<td>${actionButton({ action: `/console/partner/webhook-deliveries/${row.id}/redeliver`,
  csrf: frame.csrf,
    label: 'Redeliver', variant: 'secondary' })}</td></tr>`);
  return consolePage(frame, {
    title: 'Webhook deliveries',
    notice: input.notice,
    body: html`<div class="table-box"><table><thead><tr><th scope="col">Created</th>
<th scope="col">Event</th>
<th scope="col">URL</th><th scope="col">Status</th><th scope="col">Attempts</th>
<th scope="col">Response</th>
<th scope="col">Error</th><th scope="col">Actions</th></tr></thead><tbody>${rows}</tbody></table>
</div>
${input.rows.length === 0 && html`<p>No webhook deliveries yet.</p>`}
${pager('/console/partner/webhook-deliveries', input)}`,
  });
}
