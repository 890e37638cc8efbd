/** Partner settings: its console users (owners only manage them; staff see no secrets). */
import { html } from '../../html/html';
import type { ConsoleRole } from '../../db/schema';
import { errorSummary, field, type FieldErrors, selectField } from './fields';
import { actionButton, consolePage, csrfField, type PageFrame } from './layout';

export interface SettingsInput {
  role: ConsoleRole;
  users: { id: string; email: string; role: ConsoleRole; created_at: Date }[];
  notice?: string | undefined;
  form?: { values: Record<string, string>; errors: FieldErrors; message?: string | undefined };
  /** A secret shown once, in the answer to the POST that revealed or minted it. */
  revealed?: { label: string; value: string } | undefined;
}

function secretsSection(frame: PageFrame, input: SettingsInput) {
  const button = (action: string, label: string, variant?: 'danger' | 'secondary') =>
    actionButton({ action: `/console/partner/settings/${action}`, csrf: frame.csrf, label,
      variant });
  return html`<section class="panel"><h2>Secrets</h2>
${input.revealed && html`<div class="notice" role="status"><p>${input.revealed.label} (shown once,
copy it now):</p>
<p class="secret" id="revealed-secret">${input.revealed.value}</p></div>`}
<h3>Webhook signing secret</h3>
<p>Receivers check each delivery's signature with it. After a rotation the old secret keeps signing
for a grace period.</p>
<p>${button('webhook-secret/reveal', 'Reveal the signing secret', 'secondary')}
${button('webhook-secret/rotate', 'Rotate the signing secret', 'danger')}</p>
<h3>API token</h3>
<p>Rotating it stops the current token at once: update your integration with the new one.</p>
<p>${button('api-token/rotate', 'Rotate the API token', 'danger')}</p></section>`;
}

function usersSection(frame: PageFrame, input: SettingsInput) {
  const rows = input.users.map((user) => html`<tr><td>${user.email}</td><td>${user.role}</td>
<td>${user.created_at.toISOString()}</td><td>${actionButton({
    action: `/console/partner/settings/users/${user.id}/delete`, csrf: frame.csrf, label: 'Delete',
      variant: 'danger',
  })}</td></tr>`);
  const form = input.form;
  return html`<section class="panel"><h2>Console users</h2>
<div class="table-box"><table><thead><tr><th scope="col">E-mail</th><th scope="col">Role</th>
<th scope="col">Created</th><th scope="col">Actions</th></tr></thead><tbody>${rows}</tbody></table>
</div>
<h3>Add a console user</h3>${errorSummary(form?.message)}
<form method="post" action="/console/partner/settings/users">${csrfField(frame.csrf)}
${field({ name: 'email', label: 'E-mail', type: 'email', value: form?.values.email,
  errors: form?.errors,
    extra: { maxlength: '254', autocomplete: 'off' } })}
${field({ name: 'password', label: 'Password', type: 'password', errors: form?.errors,
    extra: { maxlength: '128', autocomplete: 'new-password' } })}
${selectField({ name: 'role', label: 'Role', value: form?.values.role,
    options: [['staff', 'Staff (no tokens or secrets)'], ['owner', 'Owner']] })}
<button type="submit">Add user</button></form></section>`;
}

export function settingsPage(frame: PageFrame, input: SettingsInput): string {
  return consolePage(frame, {
    title: 'Settings',
    notice: input.notice,
    body: input.role === 'owner'
      ? html`${secretsSection(frame, input)}${usersSection(frame, input)}`
      : html`<p>Only an owner can manage console users, tokens and secrets.</p>`,
  });
}
