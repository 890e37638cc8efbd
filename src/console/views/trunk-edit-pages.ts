/**
 * Edit pages of a trunk, a credential, an IP ACL entry and an origination URI: one form each,
 * filled with the stored values (or what was typed, after a refusal) and the API's validation
 * message next to the field it names.
 */
import { html, type SafeHtml } from '../../html/html';
import type { CredentialRow } from '../../domain/trunks/credentials';
import type { IpAclRow } from '../../domain/trunks/ip-acls';
import type { OriginationUriRow } from '../../domain/trunks/origination-uris';
import type { TrunkRow } from '../../domain/trunks/trunks';
import { errorSummary, field, type FieldErrors, selectField } from './fields';
import { consolePage, csrfField, type PageFrame } from './layout';

export type TrunkResourceKind = 'trunk' | 'credential' | 'ip-acl' | 'uri';

/** What the form shows: the stored values, or the refused submission and why. */
export interface EditState {
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}

const ENABLED_OPTIONS = [['true', 'Enabled'], ['false', 'Disabled']] as const;

function editPage(
  frame: PageFrame,
  target: { kind: TrunkResourceKind; id: string; title: string },
  state: EditState,
  fields: SafeHtml[],
): string {
  const action = `/console/account/trunks/${target.kind}/${target.id}`;
  return consolePage(frame, {
    title: target.title,
    body: html`<section class="panel">${errorSummary(state.message)}
<form method="post" action="${action}">${csrfField(frame.csrf)}${fields}
<div class="row"><button type="submit">Save changes</button>
<a class="button secondary" href="/console/account/trunks">Cancel</a></div></form></section>`,
  });
}

/** The choices of a trunk's link to a credential, IP ACL entry or URI: none, or one of these. */
export interface TrunkLinkChoices {
  credentials: CredentialRow[];
  ipAcls: IpAclRow[];
  uris: OriginationUriRow[];
}

export function trunkValues(row: TrunkRow): Record<string, string> {
  return {
    name: row.name, trunk_status: row.trunk_status, trunk_direction: row.trunk_direction,
    credential_uuid: row.credential_id ?? '', ipacl_uuid: row.ip_acl_id ?? '',
    primary_uri_uuid: row.primary_uri_id ?? '', fallback_uri_uuid: row.fallback_uri_id ?? '',
    description: row.description ?? '',
  };
}

export function trunkEditPage(
  frame: PageFrame, row: TrunkRow, choices: TrunkLinkChoices, state: EditState,
): string {
  const { values, errors } = state;
  const named = <R extends { id: string }>(rows: R[], text: (row: R) => string) =>
    [['', 'None'] as const, ...rows.map((option) => [option.id, text(option)] as const)];
  const select = (name: string, label: string, options: readonly (readonly [string, string])[]) =>
    selectField({ name, label, options, value: values[name], errors });
  const uris = named(choices.uris, (uri) => uri.uri);
  return editPage(frame, { kind: 'trunk', id: row.id, title: `Edit trunk ${row.name}` }, state, [
    field({ name: 'name', label: 'Name', value: values.name, errors, extra: { maxlength: '100' } }),
    select('trunk_status', 'State', [['enabled', 'Enabled'], ['disabled', 'Disabled']]),
    select('trunk_direction', 'Direction', [['outbound', 'Outbound'], ['inbound', 'Inbound']]),
    select('credential_uuid', 'Credential', named(choices.credentials, (c) => c.username)),
    select('ipacl_uuid', 'IP ACL entry', named(choices.ipAcls, (acl) => acl.ip_address)),
    select('primary_uri_uuid', 'Primary origination URI', uris),
    select('fallback_uri_uuid', 'Fallback origination URI', uris),
    field({ name: 'description', label: 'Description', value: values.description, errors,
      extra: { maxlength: '255' } }),
  ]);
}

export function credentialValues(row: CredentialRow): Record<string, string> {
  return { enabled: String(row.enabled) };
}

export function credentialEditPage(frame: PageFrame, row: CredentialRow, state: EditState) {
  const { values, errors } = state;
  const title = `Edit credential ${row.username}`;
  return editPage(frame, { kind: 'credential', id: row.id, title }, state, [
    html`<p>Username <strong>${row.username}</strong> in realm ${row.realm} (these never
change: SIP clients derive their digest from them).</p>`,
    field({ name: 'password', label: 'New SIP password (leave empty to keep the current one)',
      type: 'password', errors, extra: { maxlength: '128', autocomplete: 'new-password' } }),
    selectField({ name: 'enabled', label: 'State', options: ENABLED_OPTIONS,
      value: values.enabled, errors }),
  ]);
}

export function ipAclValues(row: IpAclRow): Record<string, string> {
  return { name: row.name ?? '', ip_address: row.ip_address, enabled: String(row.enabled) };
}

export function ipAclEditPage(frame: PageFrame, row: IpAclRow, state: EditState) {
  const { values, errors } = state;
  const title = `Edit IP ACL entry ${row.ip_address}`;
  return editPage(frame, { kind: 'ip-acl', id: row.id, title }, state, [
    field({ name: 'name', label: 'Name', value: values.name, errors, extra: { maxlength: '100' } }),
    field({ name: 'ip_address', label: 'IP address or CIDR', value: values.ip_address, errors,
      extra: { maxlength: '64' } }),
    selectField({ name: 'enabled', label: 'State', options: ENABLED_OPTIONS,
      value: values.enabled, errors }),
  ]);
}

export function uriValues(row: OriginationUriRow): Record<string, string> {
  return { name: row.name, sip_uri: row.uri, enabled: String(row.enabled) };
}

export function uriEditPage(frame: PageFrame, row: OriginationUriRow, state: EditState) {
  const { values, errors } = state;
  return editPage(frame, { kind: 'uri', id: row.id, title: `Edit origination URI ${row.name}` },
    state, [
      field({ name: 'name', label: 'Name', value: values.name, errors,
        extra: { maxlength: '100' } }),
      field({ name: 'sip_uri', label: 'SIP URI (sip:pbx.example.net:5060)', value: values.sip_uri,
        errors, extra: { maxlength: '255' } }),
      selectField({ name: 'enabled', label: 'State', options: ENABLED_OPTIONS,
        value: values.enabled, errors }),
    ]);
}
