/**
 * The forms of a trunk, a credential, an IP ACL entry and an origination URI: one per kind,
 * used to create (…/trunks/<kind>/new) and to edit (…/trunks/<kind>/<id>), with every field the
 * Customer API's create and update bodies take, filled with the defaults, the stored values or
 * what was typed after a refusal, and the API's validation message next to the field it names.
 */
import { html, type SafeHtml } from '../../html/html';
import type { CredentialRow } from '../../domain/trunks/credentials';
import { IP_ACL_ADDRESS_LENGTH_MAX } from '../../domain/trunks/ip-acl-rules';
import type { IpAclRow } from '../../domain/trunks/ip-acls';
import type { OriginationUriRow } from '../../domain/trunks/origination-uris';
import { TRUNK_DEFAULTS } from '../../domain/trunks/trunk-rules';
import type { TrunkRow } from '../../domain/trunks/trunks';
import { SIP_URI_LENGTH_MAX } from '../../domain/trunks/sip-uris';
import { DESCRIPTION_LENGTH_MAX, NAME_LENGTH_MAX } from '../../limits';
import { errorSummary, field, type FieldErrors, selectField } from './fields';
import { consolePage, csrfField, type PageFrame } from './layout';

export type TrunkResourceKind = 'trunk' | 'credential' | 'ip-acl' | 'uri';

/** What the form shows: the stored values (or defaults), or the refused submission and why. */
export interface EditState {
  values: Record<string, string>;
  errors?: FieldErrors | undefined;
  message?: string | undefined;
}

/** Which resource the form is for: a new one (no id) or the stored one with this id. */
export interface FormTarget {
  kind: TrunkResourceKind;
  id?: string | undefined;
  /** How the page names the stored resource ("Main", "pbx-01"). */
  label?: string | undefined;
}

type Options = readonly (readonly [string, string])[];

const ENABLED_OPTIONS = [['true', 'Enabled'], ['false', 'Disabled']] as const;
const YES_NO_OPTIONS = [['false', 'No'], ['true', 'Yes']] as const;
const TRANSPORT_OPTIONS = [['udp', 'UDP'], ['tcp', 'TCP'], ['tls', 'TLS']] as const;

const NOUNS: Record<TrunkResourceKind, string> = {
  trunk: 'trunk', credential: 'credential', 'ip-acl': 'IP ACL entry', uri: 'origination URI',
};

function formPage(frame: PageFrame, target: FormTarget, state: EditState, fields: SafeHtml[]) {
  const isNew = target.id === undefined;
  const base = `/console/account/trunks/${target.kind}`;
  const noun = NOUNS[target.kind];
  return consolePage(frame, {
    title: isNew ? `New ${noun}` : `Edit ${noun} ${target.label ?? ''}`,
    body: html`<section class="panel">${errorSummary(state.message)}
<form method="post" action="${isNew ? base : `${base}/${target.id}`}">${csrfField(frame.csrf)}
${fields}
<div class="row"><button type="submit">${isNew ? `Create ${noun}` : 'Save changes'}</button>
<a class="button secondary" href="/console/account/trunks">Cancel</a></div></form></section>`,
  });
}

/** Builders of one form's inputs: each named field shows its value and its error. */
function inputsOf(state: EditState) {
  const { values, errors } = state;
  return {
    text: (name: string, label: string, maxlength: number, extra: Record<string, string> = {}) =>
      field({ name, label, value: values[name], errors,
        extra: { maxlength: String(maxlength), ...extra } }),
    whole: (name: string, label: string) => field({ name, label, value: values[name], errors,
      extra: { inputmode: 'numeric', maxlength: '10' } }),
    select: (name: string, label: string, options: Options) =>
      selectField({ name, label, options, value: values[name], errors }),
  };
}

/** The choices of a trunk's link to a credential, IP ACL entry or URI: none, or one of these. */
export interface TrunkLinkChoices {
  credentials: CredentialRow[];
  ipAcls: IpAclRow[];
  uris: OriginationUriRow[];
}

/** A new trunk's form: Vobiz's defaults, as createTrunk would store them. */
export function newTrunkValues(): Record<string, string> {
  return {
    name: '', trunk_status: 'enabled', trunk_direction: 'outbound', transport: 'udp',
    secure: 'false', concurrent_calls_limit: String(TRUNK_DEFAULTS.concurrent_calls_limit),
    cps_limit: String(TRUNK_DEFAULTS.cps_limit), inbound_destination: '', description: '',
    credential_uuid: '', ipacl_uuid: '', primary_uri_uuid: '', fallback_uri_uuid: '',
    recording: 'false', enable_transcription: 'false', pii_redaction: 'false',
    pii_entity_types: '', webhook_url: '', webhook_method: 'POST',
    recording_webhook_enabled: 'false',
  };
}

export function trunkValues(row: TrunkRow): Record<string, string> {
  return {
    name: row.name, trunk_status: row.trunk_status, trunk_direction: row.trunk_direction,
    transport: row.transport, secure: String(row.secure),
    concurrent_calls_limit: String(row.concurrent_calls_limit), cps_limit: String(row.cps_limit),
    inbound_destination: row.inbound_destination ?? '', description: row.description ?? '',
    credential_uuid: row.credential_id ?? '', ipacl_uuid: row.ip_acl_id ?? '',
    primary_uri_uuid: row.primary_uri_id ?? '', fallback_uri_uuid: row.fallback_uri_id ?? '',
    recording: String(row.recording), enable_transcription: String(row.enable_transcription),
    pii_redaction: String(row.pii_redaction), pii_entity_types: row.pii_entity_types.join(','),
    webhook_url: row.webhook_url ?? '', webhook_method: row.webhook_method,
    recording_webhook_enabled: String(row.recording_webhook_enabled),
  };
}

function trunkLinkInputs(state: EditState, choices: TrunkLinkChoices): SafeHtml[] {
  const { select } = inputsOf(state);
  const named = <R extends { id: string }>(rows: R[], text: (row: R) => string) =>
    [['', 'None'] as const, ...rows.map((option) => [option.id, text(option)] as const)];
  const uris = named(choices.uris, (uri) => uri.uri);
  return [
    select('credential_uuid', 'Credential', named(choices.credentials, (c) => c.username)),
    select('ipacl_uuid', 'IP ACL entry', named(choices.ipAcls, (acl) => acl.ip_address)),
    select('primary_uri_uuid', 'Primary origination URI', uris),
    select('fallback_uri_uuid', 'Fallback origination URI', uris),
  ];
}

export function trunkFormPage(
  frame: PageFrame, target: FormTarget, choices: TrunkLinkChoices, state: EditState,
): string {
  const { text, whole, select } = inputsOf(state);
  return formPage(frame, target, state, [
    text('name', 'Name', NAME_LENGTH_MAX),
    select('trunk_status', 'State', [['enabled', 'Enabled'], ['disabled', 'Disabled']]),
    select('trunk_direction', 'Direction', [['outbound', 'Outbound'], ['inbound', 'Inbound']]),
    select('transport', 'Transport', TRANSPORT_OPTIONS),
    select('secure', 'Secure', YES_NO_OPTIONS),
    whole('concurrent_calls_limit', 'Concurrent calls limit'),
    whole('cps_limit', 'Calls per second limit'),
    text('inbound_destination', 'Inbound destination', NAME_LENGTH_MAX),
    text('description', 'Description', DESCRIPTION_LENGTH_MAX),
    html`<h2>Links</h2>`, ...trunkLinkInputs(state, choices),
    html`<h2>Recording and webhooks</h2>`,
    select('recording', 'Record calls', YES_NO_OPTIONS),
    select('enable_transcription', 'Transcribe recordings', YES_NO_OPTIONS),
    select('pii_redaction', 'Redact personal data in transcripts', YES_NO_OPTIONS),
    text('pii_entity_types', 'Personal data types to redact (comma-separated)', 2048),
    text('webhook_url', 'Webhook URL', 2048, { inputmode: 'url' }),
    select('webhook_method', 'Webhook method', [['POST', 'POST'], ['GET', 'GET']]),
    select('recording_webhook_enabled', 'Recording webhook', ENABLED_OPTIONS),
  ]);
}

export function newCredentialValues(): Record<string, string> {
  return { username: '', enabled: 'true' };
}

export function credentialValues(row: CredentialRow): Record<string, string> {
  return { enabled: String(row.enabled) };
}

/** `row`: the stored credential, whose username and realm never change. */
export function credentialFormPage(
  frame: PageFrame, row: CredentialRow | undefined, state: EditState,
): string {
  const { text, select } = inputsOf(state);
  const target = { kind: 'credential', id: row?.id, label: row?.username } as const;
  const password = { type: 'password', errors: state.errors } as const;
  return formPage(frame, target, state, [
    row === undefined
      ? text('username', 'SIP username', 64, { autocomplete: 'off' })
      : html`<p>Username <strong>${row.username}</strong> in realm ${row.realm} (these never
change: SIP clients derive their digest from them).</p>`,
    row === undefined
      ? field({ name: 'password', label: 'SIP password', ...password,
        extra: { maxlength: '128', autocomplete: 'new-password' } })
      : field({ name: 'password', label: 'New SIP password (leave empty to keep the current one)',
        ...password, extra: { maxlength: '128', autocomplete: 'new-password' } }),
    select('enabled', 'State', ENABLED_OPTIONS),
  ]);
}

export function newIpAclValues(): Record<string, string> {
  return { name: '', ip_address: '', description: '', enabled: 'true' };
}

export function ipAclValues(row: IpAclRow): Record<string, string> {
  return {
    name: row.name ?? '', ip_address: row.ip_address, description: row.description ?? '',
    enabled: String(row.enabled),
  };
}

export function ipAclFormPage(frame: PageFrame, target: FormTarget, state: EditState): string {
  const { text, select } = inputsOf(state);
  return formPage(frame, target, state, [
    text('name', 'Name', NAME_LENGTH_MAX),
    text('ip_address', 'IP address or CIDR', IP_ACL_ADDRESS_LENGTH_MAX),
    text('description', 'Description', DESCRIPTION_LENGTH_MAX),
    select('enabled', 'State', ENABLED_OPTIONS),
  ]);
}

export function newUriValues(): Record<string, string> {
  return {
    name: '', sip_uri: '', priority: '1', weight: '1', transport: '', description: '',
    enabled: 'true',
  };
}

/** `transportImplied`: the URI implies the stored transport, so the form leaves it to the URI. */
export function uriValues(row: OriginationUriRow, transportImplied: boolean) {
  return {
    name: row.name, sip_uri: row.uri, priority: String(row.priority), weight: String(row.weight),
    transport: transportImplied ? '' : row.transport, description: row.description ?? '',
    enabled: String(row.enabled),
  };
}

export function uriFormPage(frame: PageFrame, target: FormTarget, state: EditState): string {
  const { text, whole, select } = inputsOf(state);
  return formPage(frame, target, state, [
    text('name', 'Name', NAME_LENGTH_MAX),
    text('sip_uri', 'SIP URI (sip:pbx.example.net:5060)', SIP_URI_LENGTH_MAX),
    whole('priority', 'Priority (lower is tried first)'),
    whole('weight', 'Weight (share of calls within a priority)'),
    select('transport', 'Transport',
      [['', "The URI's (;transport=, else TLS for sips:, UDP for sip:)"], ...TRANSPORT_OPTIONS]),
    text('description', 'Description', DESCRIPTION_LENGTH_MAX),
    select('enabled', 'State', ENABLED_OPTIONS),
  ]);
}
