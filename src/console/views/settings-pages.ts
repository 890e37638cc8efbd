/** Partner settings: its console users (owners only manage them; staff see no secrets). */
import { html } from '../../widget/views/html';
import type { ConsoleRole } from '../../db/schema';
import { errorSummary, field, type FieldErrors, selectField } from './fields';
import { actionButton, consolePage, csrfField, type PageFrame } from './layout';

export interface SettingsInput {
  role: ConsoleRole;
  users: { id: string; email: string; role: ConsoleRole; created_at: Date }[];
  notice?: string | undefined;
  form?: { values: Record<string, string>; errors: FieldErrors; message?: string | undefined };
}

function usersSection(frame: PageFrame, input: SettingsInput) {
  const rows = input.users.map((user) => html`<tr><td>${user.email}</td><td>${user.role}</td>
<td>${user.created_at.toISOString()}</td><td>${actionButton({
    action: `/console/partner/settings/users/${user.id}/delete`, csrf: frame.csrf, label: 'Delete', variant: 'danger',
  })}</td></tr>`);
  const form = input.form;
  return html`<section class="panel"><h2>Console users</h2>
<div class="table-box"><table><thead><tr><th scope="col">E-mail</th><th scope="col">Role</th>
<th scope="col">Created</th><th scope="col">Actions</th></tr></thead><tbody>${rows}</tbody></table></div>
<h3>Add a console user</h3>${errorSummary(form?.message)}
<form method="post" action="/console/partner/settings/users">${csrfField(frame.csrf)}
${field({ name: 'email', label: 'E-mail', type: 'email', value: form?.values.email, errors: form?.errors,
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
      ? usersSection(frame, input)
      : html`<p>Only an owner can manage console users, tokens and secrets.</p>`,
  });
}
