/**
 * The customer's SIP set-up on one page: trunks, the credentials and IP ACL entries they
 * authenticate with, and the origination URIs calls are sent to. Each create form shows the
 * API's validation message next to its field; each row links to its edit page.
 */
import { html, type SafeHtml } from '../../html/html';
import type { TrunkRow } from '../../domain/trunks/trunks';
import { errorSummary, field, type FieldErrors, selectField } from './fields';
import { actionButton, consolePage, csrfField, type PageFrame } from './layout';
import type { TrunkLinkChoices, TrunkResourceKind } from './trunk-edit-pages';

export type TrunkForm = 'trunk' | 'credential' | 'ip_acl' | 'uri';

export interface TrunksPageInput extends TrunkLinkChoices {
  trunks: TrunkRow[];
  notice?: string | undefined;
  /** The form that failed, with what was typed and what was wrong. */
  failed?: {
    form: TrunkForm; values: Record<string, string>; errors: FieldErrors;
    message?: string | undefined;
  };
}

function formState(input: TrunksPageInput, form: TrunkForm) {
  return input.failed?.form === form ? input.failed : undefined;
}

function table(headers: string[], rows: SafeHtml[], empty: string) {
  const heads = headers.map((name) => html`<th scope="col">${name}</th>`);
  return html`<div class="table-box"><table><thead><tr>${heads}</tr></thead>
<tbody>${rows}</tbody></table></div>${rows.length === 0 && html`<p>${empty}</p>`}`;
}

/** Edit and delete for one row; `what` names the row for screen readers ("trunk Main"). */
function rowActions(frame: PageFrame, kind: TrunkResourceKind, id: string, what: string) {
  const path = `/console/account/trunks/${kind}/${id}`;
  return html`<a href="${path}" class="button secondary">Edit ${what}</a>
${actionButton({ action: `${path}/delete`, csrf: frame.csrf, label: `Delete ${what}`,
    variant: 'danger' })}`;
}

function createForm(
  frame: PageFrame, kind: TrunkResourceKind, state: ReturnType<typeof formState>,
  fields: SafeHtml[], label: string,
) {
  return html`${errorSummary(state?.message)}
<form method="post" action="/console/account/trunks/${kind}">
${csrfField(frame.csrf)}${fields}<button type="submit">${label}</button></form>`;
}

function trunksSection(frame: PageFrame, input: TrunksPageInput) {
  const state = formState(input, 'trunk');
  const errors = state?.errors;
  const named = <R extends { id: string }>(rows: R[], text: (row: R) => string) =>
    [['', 'None'] as const, ...rows.map((row) => [row.id, text(row)] as const)];
  const usernameOf = (id: string | null) =>
    input.credentials.find((credential) => credential.id === id)?.username ?? '';
  const addressOf = (id: string | null) =>
    input.ipAcls.find((acl) => acl.id === id)?.ip_address ?? '';
  const rows = input.trunks.map((row) => html`<tr><td>${row.name}</td>
<td>${row.trunk_domain}</td><td>${row.trunk_status}</td>
<td>${usernameOf(row.credential_id)}</td><td>${addressOf(row.ip_acl_id)}</td>
<td>${rowActions(frame, 'trunk', row.id, `trunk ${row.name}`)}</td></tr>`);
  const headers = ['Name', 'Domain', 'State', 'Credential', 'IP ACL', 'Actions'];
  return html`<section class="panel"><h2>Trunks</h2>
${table(headers, rows, 'No trunks yet.')}
<h3>New trunk</h3>${createForm(frame, 'trunk', state, [
    field({ name: 'trunk_name', label: 'Name', value: state?.values.trunk_name, errors,
      extra: { maxlength: '100' } }),
    selectField({ name: 'credential_uuid', label: 'Credential', errors,
      value: state?.values.credential_uuid,
      options: named(input.credentials, (c) => c.username) }),
    selectField({ name: 'ipacl_uuid', label: 'IP ACL entry', errors,
      value: state?.values.ipacl_uuid,
      options: named(input.ipAcls, (acl) => acl.ip_address) }),
    selectField({ name: 'primary_uri_uuid', label: 'Primary origination URI', errors,
      value: state?.values.primary_uri_uuid, options: named(input.uris, (uri) => uri.uri) }),
  ], 'Create trunk')}</section>`;
}

function credentialsSection(frame: PageFrame, input: TrunksPageInput) {
  const state = formState(input, 'credential');
  const rows = input.credentials.map((row) => html`<tr><td>${row.username}</td>
<td>${row.realm}</td><td>${row.enabled ? 'yes' : 'no'}</td>
<td>${rowActions(frame, 'credential', row.id, `credential ${row.username}`)}</td></tr>`);
  return html`<section class="panel"><h2>Credentials</h2>
${table(['Username', 'Realm', 'Enabled', 'Actions'], rows, 'No credentials yet.')}
<h3>New credential</h3>${createForm(frame, 'credential', state, [
    field({ name: 'username', label: 'SIP username', value: state?.values.username,
      errors: state?.errors, extra: { maxlength: '64', autocomplete: 'off' } }),
    field({ name: 'password', label: 'SIP password', type: 'password', errors: state?.errors,
      extra: { maxlength: '128', autocomplete: 'new-password' } }),
  ], 'Create credential')}</section>`;
}

function ipAclsSection(frame: PageFrame, input: TrunksPageInput) {
  const state = formState(input, 'ip_acl');
  const rows = input.ipAcls.map((row) => html`<tr><td>${row.name ?? ''}</td>
<td>${row.ip_address}</td><td>${row.enabled ? 'yes' : 'no'}</td>
<td>${rowActions(frame, 'ip-acl', row.id, `IP ACL ${row.ip_address}`)}</td></tr>`);
  return html`<section class="panel"><h2>IP ACL</h2>
${table(['Name', 'Address', 'Enabled', 'Actions'], rows, 'No IP ACL entries yet.')}
<h3>New IP ACL entry</h3>${createForm(frame, 'ip-acl', state, [
    field({ name: 'acl_name', label: 'Name', value: state?.values.acl_name,
      errors: state?.errors, extra: { maxlength: '100' } }),
    field({ name: 'ip_address', label: 'IP address or CIDR', value: state?.values.ip_address,
      errors: state?.errors, extra: { maxlength: '64' } }),
  ], 'Add IP ACL entry')}</section>`;
}

function urisSection(frame: PageFrame, input: TrunksPageInput) {
  const state = formState(input, 'uri');
  const rows = input.uris.map((row) => html`<tr><td>${row.name}</td><td>${row.uri}</td>
<td>${row.priority}</td><td>${row.enabled ? 'yes' : 'no'}</td>
<td>${rowActions(frame, 'uri', row.id, `URI ${row.name}`)}</td></tr>`);
  const headers = ['Name', 'SIP URI', 'Priority', 'Enabled', 'Actions'];
  return html`<section class="panel"><h2>Origination URIs</h2>
${table(headers, rows, 'No origination URIs yet.')}
<h3>New origination URI</h3>${createForm(frame, 'uri', state, [
    field({ name: 'uri_name', label: 'Name', value: state?.values.uri_name,
      errors: state?.errors, extra: { maxlength: '100' } }),
    field({ name: 'sip_uri', label: 'SIP URI (sip:pbx.example.net:5060)',
      value: state?.values.sip_uri, errors: state?.errors, extra: { maxlength: '255' } }),
  ], 'Add origination URI')}</section>`;
}

export function trunksPage(frame: PageFrame, input: TrunksPageInput): string {
  return consolePage(frame, {
    title: 'Trunks',
    notice: input.notice,
    body: html`${trunksSection(frame, input)}
<div class="columns">${credentialsSection(frame, input)}${ipAclsSection(frame, input)}</div>
${urisSection(frame, input)}`,
  });
}
