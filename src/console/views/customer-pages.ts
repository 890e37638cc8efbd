/**
 * One customer of the partner: balance and state, the transfer form (its hidden
 * idempotency_key is minted per render, so a double submit moves money once), suspend/activate,
 * KYC sessions with the form to start one, and the latest transactions.
 */
import { html } from '../../html/html';
import type { AccountRow } from '../../domain/accounts/accounts';
import type { KycSessionRow } from '../../domain/kyc/kyc-sessions.queries';
import type { TransactionRow } from '../../domain/ledger/transactions';
import type { NumberRow } from '../../domain/numbers/numbers.queries';
import type { PricingTierRow } from '../../domain/pricing/pricing-tiers';
import { errorSummary, field, type FieldErrors, selectField } from './fields';
import { kycSessionsTable } from './kyc-tables';
import { actionButton, consolePage, csrfField, type PageFrame } from './layout';
import { transactionsTable } from './transactions-tables';
import { pager, type PageState } from './pagination';

export interface CustomerPageInput {
  account: AccountRow;
  /** Undefined for staff users, who do not see tokens. */
  authToken: string | undefined;
  transactions: TransactionRow[];
  kycSessions: KycSessionRow[];
  pricingTiers: PricingTierRow[];
  numbers: NumberRow[];
  numbersPage: PageState;
  trunks: {
    id: string; name: string; trunk_domain: string; trunk_status: string;
    concurrent_calls_limit: number; cps_limit: number;
  }[];
  idempotencyKey: string;
  notice?: string | undefined;
  transfer?: { values: Record<string, string>; errors: FieldErrors; message?: string | undefined };
  kyc?: { values: Record<string, string>; errors: FieldErrors; message?: string | undefined };
  /** Shown once, right after a redirect-flow session was created. */
  widgetUrl?: string | undefined;
}

function facts(input: CustomerPageInput) {
  const { account } = input;
  return html`<ul class="figures" aria-label="Customer">
<li><span>Balance</span>
<strong id="customer-balance">${account.cash_credits} ${account.currency}</strong></li>
<li><span>State</span> <strong id="customer-state">${account.status}</strong></li>
<li><span>KYC</span> <strong id="customer-kyc">${account.kyc_status}</strong></li>
<li><span>Auth id</span> <strong>${account.auth_id}</strong></li></ul>
<p>E-mail: ${account.email}. Phone: ${account.phone}.</p>
${input.authToken !== undefined && html`<details><summary>Show the customer's auth token</summary>
<p class="secret">${input.authToken}</p></details>`}`;
}

function transferForm(frame: PageFrame, input: CustomerPageInput) {
  const { account } = input;
  const form = input.transfer;
  return html`<section class="panel"><h2>Transfer balance</h2>${errorSummary(form?.message)}
<form method="post" action="/console/partner/customers/${account.auth_id}/transfer">
${csrfField(frame.csrf)}
<input type="hidden" name="idempotency_key" value="${input.idempotencyKey}">
${field({ name: 'amount', label: `Amount (${account.currency}, up to 2 decimals)`,
    value: form?.values.amount, errors: form?.errors, extra: { inputmode: 'decimal',
      maxlength: '20', autocomplete: 'off' } })}
${field({ name: 'description', label: 'Description (optional)', value: form?.values.description,
    errors: form?.errors, extra: { maxlength: '255' } })}
<button type="submit">Transfer</button></form></section>`;
}

function stateForm(frame: PageFrame, input: CustomerPageInput) {
  const { account } = input;
  const suspend = account.status === 'active';
  const tiers = input.pricingTiers.filter((tier) => tier.currency === account.currency)
    .map((tier) => [tier.id, tier.name] as const);
  return html`<section class="panel"><h2>State</h2>${actionButton({
    action: `/console/partner/customers/${account.auth_id}/${suspend ? 'suspend' : 'activate'}`,
    csrf: frame.csrf, label: suspend ? 'Suspend customer' : 'Activate customer',
    variant: suspend ? 'danger' : undefined,
  })}
<h3>Pricing tier</h3><form method="post"
action="/console/partner/customers/${account.auth_id}/pricing-tier">
${csrfField(frame.csrf)}${selectField({ name: 'pricing_tier_id', label: 'Calls are rated with',
    value: account.pricing_tier_id ?? '', options: [['', 'The default tier'], ...tiers] })}
<button type="submit" class="secondary">Assign tier</button></form></section>`;
}

function kycSection(frame: PageFrame, input: CustomerPageInput) {
  const form = input.kyc;
  return html`<section class="panel"><h2>KYC sessions</h2>
${input.widgetUrl !== undefined && html`<div class="notice" role="status">
<p>Send the customer this link (shown once):</p><p class="secret"
id="widget-url">${input.widgetUrl}</p></div>`}
${kycSessionsTable(frame.csrf, input.kycSessions, false)}
<h3>Start a KYC session</h3>${errorSummary(form?.message)}
<form method="post"
action="/console/partner/customers/${input.account.auth_id}/kyc-sessions">
${csrfField(frame.csrf)}
${selectField({ name: 'flow_type', label: 'How the customer gets the link',
    value: form?.values.flow_type, options: [['redirect', 'I send the link myself'], ['email',
      'E-mail it to the customer']] })}
${field({ name: 'customer_email', label: 'Customer e-mail (e-mail flow)', type: 'email',
    value: form?.values.customer_email ?? input.account.email, errors: form?.errors,
      extra: { maxlength: '254' } })}
${field({ name: 'redirect_url', label: 'Where the widget sends the customer afterwards (link flow)',
    value: form?.values.redirect_url, errors: form?.errors, extra: { maxlength: '2048',
      inputmode: 'url' } })}
<button type="submit">Start KYC session</button></form></section>`;
}

function voiceSection(input: CustomerPageInput) {
  const numbers = input.numbers.map((row) => html`<li>${row.e164} (${row.status})</li>`);
  const trunks = input.trunks.map((row) => html`<li>${row.name}: ${row.trunk_domain}
(${row.trunk_status}; ${row.concurrent_calls_limit} concurrent calls, ${row.cps_limit} calls
per second)</li>`);
  const path = `/console/partner/customers/${input.account.auth_id}`;
  return html`<div class="columns"><section class="panel" id="customer-numbers"><h2>Numbers</h2>
${numbers.length === 0 ? html`<p>No numbers.</p>` : html`<ul>${numbers}</ul>`}
${input.numbersPage.total > input.numbersPage.size && pager(path, input.numbersPage)}</section>
<section class="panel">
<h2>Trunks</h2>${trunks.length === 0 ? html`<p>No trunks.</p>` : html`<ul>${trunks}</ul>`}
<p><a href="/console/partner/customers/${input.account.auth_id}/cdrs">Calls and CSV export</a></p>
</section></div>`;
}

export function customerPage(frame: PageFrame, input: CustomerPageInput): string {
  return consolePage(frame, {
    title: input.account.name,
    notice: input.notice,
    body: html`${facts(input)}
<div class="columns">${transferForm(frame, input)}${stateForm(frame, input)}</div>
${kycSection(frame, input)}
${voiceSection(input)}
<section class="panel"><h2>Latest transactions</h2>${transactionsTable(input.transactions)}
<p><a href="/console/partner/transactions?account=${input.account.auth_id}">All transactions</a></p>
</section>`,
  });
}
