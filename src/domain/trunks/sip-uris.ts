/**
 * SIP text a customer gives a trunk: origination URIs (where we send its inbound calls,
 * vobiz-api.md 2.2) and digest credentials. The grammar is RFC 3261 §19.1 narrowed to what a
 * trunk needs:
 *
 *   sip[s]:[user@]host[:port][;param[=value]]...
 *
 * - host: a DNS name, a dotted-quad IPv4 address or a bracketed IPv6 address. IPv4 hosts follow
 *   the IP ACL rules (no loopback, documentation, multicast...): calls sent there would loop
 *   back into us or vanish. IPv6 hosts get the same treatment through ipaddr.js's ranges.
 * - Refused outright: a password in the user part (RFC 3261 deprecates it, and it would be stored
 *   and echoed in clear), URI headers (`?...`: they would inject SIP headers into our INVITEs), and
 *   `maddr` (it overrides the host, bypassing the host rules).
 * - transport: udp, tcp or tls only (no sctp/ws). `sips:` requires TLS end to end, so
 *   `sips:...;transport=udp` is a contradiction and is refused.
 * Scheme, host and parameter names are case-insensitive in SIP; they are lowercased so one
 * destination has one spelling (duplicates can then be found by comparing text).
 */
import assert from 'node:assert/strict';
import ipaddr from 'ipaddr.js';
import { isMetadataHostName } from '../net/url-guard';
import { invalidField } from '../errors';
import { findForbiddenRangeReason } from './ip-acl-rules';

/** Vobiz stores URIs in 255-character columns; a longer URI is abuse, not a PBX address. */
export const SIP_URI_LENGTH_MAX = 255;
/** Digest usernames: long enough for `pbx-mumbai-01.acme`, short enough to type into a phone. */
export const SIP_USERNAME_LENGTH_MIN = 3;
export const SIP_USERNAME_LENGTH_MAX = 64;
/** Digest passwords are brute-forced online by SIP scanners; 8 mixed characters is the floor. */
export const SIP_PASSWORD_LENGTH_MIN = 8;
export const SIP_PASSWORD_LENGTH_MAX = 128;

export type SipTransport = 'udp' | 'tcp' | 'tls';
export type SipHostKind = 'hostname' | 'ipv4' | 'ipv6';

export interface OriginationUri {
  /** Normalized: lowercase scheme, host and parameter names; IPv6 in RFC 5952 form. */
  uri: string;
  scheme: 'sip' | 'sips';
  user?: string;
  /** As it appears in the URI: an IPv6 host keeps its brackets, so `${host}:${port}` is safe. */
  host: string;
  hostKind: SipHostKind;
  port?: number;
  transport?: SipTransport;
}

export type ParseResult<T> = ({ ok: true } & T) | { ok: false; reason: string };

const SCHEME_PATTERN = /^(sips?):/i;
/** RFC 3261 `user` minus the characters (`;`, `?`, `/`) that would make parsing ambiguous. */
const USER_PATTERN = /^(?:[A-Za-z0-9\-_.!~*'()&=+$,]|%[0-9A-Fa-f]{2})+$/;
const LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const TOP_LABEL_PATTERN = /^[a-z](?:[a-z0-9-]*[a-z0-9])?$/;
const DOTTED_QUAD_PATTERN = /^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/;
const HOSTNAME_LENGTH_MAX = 253;
const PORT_PATTERN = /^[1-9][0-9]{0,4}$/;
const PORT_MAX = 65_535;
const PARAM_NAME_PATTERN = /^[a-z0-9\-_.!~*'%]+$/;
const PARAM_VALUE_PATTERN = /^[A-Za-z0-9\-_.!~*'()%[\]/:&+$]+$/;
const TRANSPORTS: readonly SipTransport[] = ['udp', 'tcp', 'tls'];
/** ipaddr.js range names; 'reserved' includes the documentation block 2001:db8::/32. */
const FORBIDDEN_IPV6_RANGES = new Set([
  'unspecified', 'loopback', 'multicast', 'linkLocal', 'reserved',
]);

/** Reads an origination URI from untrusted text. Never throws; `reason` is safe to show. */
export function parseOriginationUri(text: string): ParseResult<OriginationUri> {
  if (text.length === 0) return fail('sip_uri is required');
  if (text.length > SIP_URI_LENGTH_MAX) return fail(`sip_uri is longer than ${SIP_URI_LENGTH_MAX}`);
  if (/[\s\x00-\x1f\x7f]/.test(text)) return fail('sip_uri must not contain spaces or controls');
  const scheme = SCHEME_PATTERN.exec(text);
  if (!scheme) return fail('sip_uri must start with sip: or sips:');
  const rest = text.slice(scheme[0].length);
  if (rest.includes('?')) return fail('URI headers ("?") are not allowed in sip_uri');

  const at = rest.indexOf('@');
  if (at !== rest.lastIndexOf('@')) return fail('sip_uri has more than one "@"');
  const user = at === -1 ? undefined : rest.slice(0, at);
  if (user !== undefined) {
    if (user.includes(':')) return fail('a password in sip_uri is not allowed');
    if (!USER_PATTERN.test(user)) return fail('the user part of sip_uri is not valid');
  }
  const [hostPort = '', ...params] = rest.slice(at + 1).split(';');
  const address = parseHostPort(hostPort);
  if (!address.ok) return address;
  const transport = parseParams(params);
  if (!transport.ok) return transport;

  const lowerScheme = scheme[1]!.toLowerCase() as 'sip' | 'sips';
  if (lowerScheme === 'sips' && transport.transport === 'udp') {
    return fail('sips: requires TLS; transport=udp is not allowed');
  }
  const uri = `${lowerScheme}:${user === undefined ? '' : `${user}@`}${address.host}` +
    `${address.port === undefined ? '' : `:${address.port}`}${transport.text}`;
  return {
    ok: true, uri, scheme: lowerScheme, host: address.host, hostKind: address.hostKind,
    ...(user === undefined ? {} : { user }),
    ...(address.port === undefined ? {} : { port: address.port }),
    ...(transport.transport === undefined ? {} : { transport: transport.transport }),
  };
}

function fail(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}

type HostPort = ParseResult<{ host: string; hostKind: SipHostKind; port?: number }>;

function parseHostPort(text: string): HostPort {
  let hostText = text;
  let portText: string | undefined;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return fail('an IPv6 host must end with "]"');
    hostText = text.slice(0, close + 1);
    const after = text.slice(close + 1);
    if (after !== '' && !after.startsWith(':')) return fail('unexpected text after the IPv6 host');
    if (after !== '') portText = after.slice(1);
  } else {
    const parts = text.split(':');
    if (parts.length > 2) return fail('an IPv6 host must be in brackets, e.g. [2001:db8::1]');
    [hostText = '', portText] = parts;
  }
  const host = parseHost(hostText);
  if (!host.ok || portText === undefined) return host;
  if (!PORT_PATTERN.test(portText) || Number(portText) > PORT_MAX) {
    return fail(`the port must be a number from 1 to ${PORT_MAX}`);
  }
  return { ...host, port: Number(portText) };
}

function parseHost(text: string): HostPort {
  if (text === '') return fail('sip_uri has no host');
  if (text.startsWith('[')) return parseIpv6Host(text.slice(1, -1));
  const lower = text.toLowerCase();
  if (/^[0-9.]+$/.test(lower)) return parseIpv4Host(lower);
  if (lower.length > HOSTNAME_LENGTH_MAX) return fail('the host name is too long');
  const labels = lower.split('.');
  const valid = labels.every((label) => LABEL_PATTERN.test(label)) &&
    TOP_LABEL_PATTERN.test(labels[labels.length - 1]!);
  if (!valid) return fail('the host must be a domain name, an IPv4 address or [IPv6]');
  if (lower === 'localhost' || lower.endsWith('.localhost')) {
    return fail('localhost is not allowed');
  }
  // The same refusal as every other URL dialtone calls (domain/net/url-guard.ts).
  if (isMetadataHostName(lower)) return fail('cloud metadata hosts are not allowed');
  return { ok: true, host: lower, hostKind: 'hostname' };
}

function parseIpv4Host(text: string): HostPort {
  if (!DOTTED_QUAD_PATTERN.test(text) || !ipaddr.IPv4.isValid(text)) {
    return fail('the host is not a valid IPv4 address');
  }
  const reason = findForbiddenRangeReason(ipaddr.IPv4.parse(text), 32);
  return reason === undefined ? { ok: true, host: text, hostKind: 'ipv4' } : fail(reason);
}

function parseIpv6Host(text: string): HostPort {
  // Zone ids (fe80::1%eth0) name an interface of the sender's machine, meaningless to us.
  if (text.includes('%') || !ipaddr.IPv6.isValid(text)) {
    return fail('the host is not a valid IPv6 address');
  }
  const address = ipaddr.IPv6.parse(text);
  if (FORBIDDEN_IPV6_RANGES.has(address.range())) {
    return fail(`IPv6 ${address.range()} addresses are not allowed`);
  }
  return { ok: true, host: `[${address.toRFC5952String()}]`, hostKind: 'ipv6' };
}

type Params = ParseResult<{ text: string; transport?: SipTransport }>;

/** Checks `;name[=value]` parameters; returns them normalized, with the transport picked out. */
function parseParams(params: string[]): Params {
  const names = new Set<string>();
  let text = '';
  let transport: SipTransport | undefined;
  for (const param of params) {
    const [rawName = '', value, ...extra] = param.split('=');
    const name = rawName.toLowerCase();
    const validValue = value === undefined || PARAM_VALUE_PATTERN.test(value);
    if (!PARAM_NAME_PATTERN.test(name) || extra.length > 0 || !validValue) {
      return fail(`bad URI parameter "${param}"`);
    }
    if (names.has(name)) return fail(`URI parameter "${name}" appears twice`);
    names.add(name);
    if (name === 'maddr') return fail('maddr is not allowed; put the address in the host');
    if (name === 'transport') {
      transport = TRANSPORTS.find((candidate) => candidate === value?.toLowerCase());
      if (transport === undefined) return fail('transport must be udp, tcp or tls');
      text += `;transport=${transport}`;
    } else {
      text += value === undefined ? `;${name}` : `;${name}=${value}`;
    }
  }
  return { ok: true, text, ...(transport === undefined ? {} : { transport }) };
}

const USERNAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Reads a SIP digest username: 3 to 64 of A-Z a-z 0-9 . _ - (case kept: digest hashes bytes). */
export function parseSipUsername(text: string): ParseResult<{ username: string }> {
  if (text.length < SIP_USERNAME_LENGTH_MIN || text.length > SIP_USERNAME_LENGTH_MAX) {
    const range = `${SIP_USERNAME_LENGTH_MIN} to ${SIP_USERNAME_LENGTH_MAX}`;
    return fail(`username must be ${range} characters`);
  }
  if (!USERNAME_PATTERN.test(text)) {
    return fail('username may contain only letters, digits, ".", "_" and "-"');
  }
  return { ok: true, username: text };
}

/**
 * Why a SIP password is refused, or undefined. Printable ASCII without spaces only: phones and
 * PBXs differ in how they encode other characters before hashing, so such a password would fail
 * digest authentication on some devices and not others.
 */
export function findSipPasswordProblem(password: string): string | undefined {
  if (password.length < SIP_PASSWORD_LENGTH_MIN || password.length > SIP_PASSWORD_LENGTH_MAX) {
    return `password must be ${SIP_PASSWORD_LENGTH_MIN} to ${SIP_PASSWORD_LENGTH_MAX} characters`;
  }
  if (!/^[\x21-\x7e]+$/.test(password)) {
    return 'password may contain only printable ASCII characters without spaces';
  }
  if (!/[A-Za-z]/.test(password)) return 'password must include a letter';
  if (!/[0-9]/.test(password)) return 'password must include a digit';
  return undefined;
}

/** Throws `validation_failed` (naming `loc`, never echoing the password) when it is refused. */
export function assertSipPassword(password: string, loc: string[] = ['body', 'password']): void {
  assert.ok(loc.length > 0, 'loc names the field');
  const problem = findSipPasswordProblem(password);
  if (problem !== undefined) throw invalidField(loc, problem);
}
