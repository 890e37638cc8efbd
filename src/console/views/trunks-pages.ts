/**
 * The customer's SIP set-up on one page: trunks, the credentials and IP ACL entries they
 * authenticate with, and the origination URIs calls are sent to. Each row links to its edit
 * form and each list to its new-resource form (trunk-form-pages.ts).
 */
import { html, type SafeHtml } from '../../html/html';
import type { TrunkRow } from '../../domain/trunks/trunks';
import { actionButton, consolePage, type PageFrame } from './layout';
import type { TrunkLinkChoices, TrunkResourceKind } from './trunk-form-pages';

export interface TrunksPageInput extends TrunkLinkChoices {
  trunks: TrunkRow[];
  notice?: string | undefined;
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

function newLink(kind: TrunkResourceKind, label: string) {
  return html`<p><a class="button" href="/console/account/trunks/${kind}/new">${label}</a></p>`;
}

function trunksSection(frame: PageFrame, input: TrunksPageInput) {
  const usernameOf = (id: string | null) =>
    input.credentials.find((credential) => credential.id === id)?.username ?? '';
  const addressOf = (id: string | null) =>
    input.ipAcls.find((acl) => acl.id === id)?.ip_address ?? '';
  const rows = input.trunks.map((row) => html`<tr><td>${row.name}</td>
<td>${row.trunk_domain}</td><td>${row.trunk_status}</td><td>${row.trunk_direction}</td>
<td>${row.concurrent_calls_limit}</td><td>${row.cps_limit}</td>
<td>${usernameOf(row.credential_id)}</td><td>${addressOf(row.ip_acl_id)}</td>
<td>${rowActions(frame, 'trunk', row.id, `trunk ${row.name}`)}</td></tr>`);
  const headers = ['Name', 'Domain', 'State', 'Direction', 'Concurrent calls', 'Calls/s',
    'Credential', 'IP ACL', 'Actions'];
  return html`<section class="panel"><h2>Trunks</h2>
${table(headers, rows, 'No trunks yet.')}${newLink('trunk', 'New trunk')}</section>`;
}

function credentialsSection(frame: PageFrame, input: TrunksPageInput) {
  const rows = input.credentials.map((row) => html`<tr><td>${row.username}</td>
<td>${row.realm}</td><td>${row.enabled ? 'yes' : 'no'}</td>
<td>${rowActions(frame, 'credential', row.id, `credential ${row.username}`)}</td></tr>`);
  return html`<section class="panel"><h2>Credentials</h2>
${table(['Username', 'Realm', 'Enabled', 'Actions'], rows, 'No credentials yet.')}
${newLink('credential', 'New credential')}</section>`;
}

function ipAclsSection(frame: PageFrame, input: TrunksPageInput) {
  const rows = input.ipAcls.map((row) => html`<tr><td>${row.name ?? ''}</td>
<td>${row.ip_address}</td><td>${row.enabled ? 'yes' : 'no'}</td>
<td>${rowActions(frame, 'ip-acl', row.id, `IP ACL ${row.ip_address}`)}</td></tr>`);
  return html`<section class="panel"><h2>IP ACL</h2>
${table(['Name', 'Address', 'Enabled', 'Actions'], rows, 'No IP ACL entries yet.')}
${newLink('ip-acl', 'New IP ACL entry')}</section>`;
}

function urisSection(frame: PageFrame, input: TrunksPageInput) {
  const rows = input.uris.map((row) => html`<tr><td>${row.name}</td><td>${row.uri}</td>
<td>${row.priority}</td><td>${row.weight}</td><td>${row.transport}</td>
<td>${row.enabled ? 'yes' : 'no'}</td>
<td>${rowActions(frame, 'uri', row.id, `URI ${row.name}`)}</td></tr>`);
  const headers = ['Name', 'SIP URI', 'Priority', 'Weight', 'Transport', 'Enabled', 'Actions'];
  return html`<section class="panel"><h2>Origination URIs</h2>
${table(headers, rows, 'No origination URIs yet.')}
${newLink('uri', 'New origination URI')}</section>`;
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
