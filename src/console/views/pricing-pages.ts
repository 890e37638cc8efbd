/** Pricing tiers of the partner: the list, the new-tier form, and one tier's edit form. */
import { html } from '../../html/html';
import type { PricingTierRow } from '../../domain/pricing/pricing-tiers';
import { errorSummary, field, type FieldErrors } from './fields';
import { consolePage, csrfField, type PageFrame } from './layout';
import { pager, type PageState } from './pagination';

export interface TierForm {
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}

export const TIER_FIELDS = ['name', 'rate_per_minute', 'billing_increment_seconds',
  'minimum_duration_seconds'] as const;

export function tierValues(row: PricingTierRow): Record<string, string> {
  return {
    name: row.name, rate_per_minute: row.rate_per_minute,
    billing_increment_seconds: String(row.billing_increment_seconds),
    minimum_duration_seconds: String(row.minimum_duration_seconds),
      is_default: row.is_default ? 'on' : '',
  };
}

function tierForm(frame: PageFrame, action: string, form: TierForm, submit: string) {
  const text = (name: string, label: string, inputmode = 'text') => field({
    name, label, value: form.values[name], errors: form.errors, extra: { maxlength: '100',
      inputmode },
  });
  return html`${errorSummary(form.message)}<form method="post"
action="${action}">${csrfField(frame.csrf)}
${text('name', 'Name')}
${text('rate_per_minute', 'Rate per minute (exact decimal)', 'decimal')}
${text('billing_increment_seconds', 'Billing increment (seconds)', 'numeric')}
${text('minimum_duration_seconds', 'Minimum billed duration (seconds)', 'numeric')}
<div class="field"><input type="checkbox" id="is_default" name="is_default"${
  form.values.is_default === 'on' ? html` checked` : ''}> <label for="is_default"
class="inline-label">The partner's default tier</label></div>
<button type="submit">${submit}</button></form>`;
}

export function pricingTiersPage(
  frame: PageFrame,
  input: PageState & { rows: PricingTierRow[]; form: TierForm; notice?: string | undefined },
): string {
  const rows = input.rows.map((row) => html`<tr><td>
<a href="/console/partner/pricing-tiers/${row.id}">${row.name}</a></td>
<td class="money">${row.rate_per_minute} ${row.currency}</td>
<td>${row.billing_increment_seconds}</td>
<td>${row.minimum_duration_seconds}</td><td>${row.is_default ? 'yes' : ''}</td>
<td>${row.is_active ? 'yes' : 'no'}</td></tr>`);
  return consolePage(frame, {
    title: 'Pricing tiers',
    notice: input.notice,
    body: html`<div class="table-box"><table><thead><tr><th scope="col">Name</th>
<th scope="col" class="money">Per minute</th>
<th scope="col">Increment (s)</th><th scope="col">Minimum (s)</th><th scope="col">Default</th>
<th scope="col">Active</th>
</tr></thead><tbody>${rows}</tbody></table>
</div>${input.rows.length === 0 && html`<p>No pricing tiers yet.</p>`}
${pager('/console/partner/pricing-tiers', input)}
<section class="panel">
<h2>New pricing tier</h2>${tierForm(frame, '/console/partner/pricing-tiers', input.form,
  'Create tier')}</section>`,
  });
}

export function pricingTierPage(frame: PageFrame,
  input: { tier: PricingTierRow; form: TierForm }): string {
  return consolePage(frame, {
    title: `Pricing tier ${input.tier.name}`,
    body: html`<section class="panel">${tierForm(frame,
      `/console/partner/pricing-tiers/${input.tier.id}`, input.form, 'Save tier')}</section>
<p><a href="/console/partner/pricing-tiers">All pricing tiers</a></p>`,
  });
}
