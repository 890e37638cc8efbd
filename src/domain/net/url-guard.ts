/**
 * The one guard for every URL dialtone stores and later calls, redirects a browser to or lets a
 * browser fetch (webhook URLs of all kinds, redirect URLs, logo URLs): a tenant must not make our
 * server call into its own network (SSRF), e.g. the cloud metadata service at 169.254.169.254 or
 * a database on 10.0.0.5, nor smuggle CR/LF into a request line or a header.
 *
 * Always refused, whatever the mode: control characters and spaces anywhere in the text, cloud
 * metadata host names and addresses, and link-local addresses (where metadata services live). In
 * production every address the host resolves to must also be public unicast; with
 * DIALTONE_ALLOW_PRIVATE_URLS loopback and private addresses are allowed (self-hosted setups
 * that deliver inside their own network). An attacker's DNS can answer differently at delivery
 * time (rebinding), so the sender checks again right before it connects (purpose `send`) and
 * connects to one of the returned `addresses`, never resolving the name a second time.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/** Longer URLs are abuse, not integrations; browsers and proxies also start failing past it. */
export const OUTBOUND_URL_LENGTH_MAX = 2048;
/**
 * getaddrinfo has no timeout of its own and can hang for tens of seconds on a broken resolver;
 * a request or a delivery worker must not wait on it longer than this.
 */
export const OUTBOUND_DNS_TIMEOUT_MS = 5_000;

export type UnsafeUrlReason =
  | 'invalid'
  | 'scheme'
  | 'credentials'
  | 'too_long'
  | 'control_characters'
  | 'unresolvable'
  | 'forbidden_address';

/** A URL dialtone refuses to call. The message is safe to show the partner. */
export class UnsafeUrlError extends Error {
  constructor(
    readonly reason: UnsafeUrlReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UnsafeUrlError';
  }
}

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** Resolves a host name to all its addresses, like dns.promises.lookup with `all: true`. */
export type HostLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface OutboundUrlOptions {
  /** Allow loopback and private addresses (never link-local or metadata ones). */
  allowPrivate: boolean;
  /**
   * `save` (default): the URL is being stored; with allowPrivate a name that does not resolve
   * yet is accepted, since it is checked again at send time. `send`: it is about to be called,
   * so a name that does not resolve is refused (as `unresolvable`, which a sender retries).
   */
  purpose?: 'save' | 'send';
  /** Default: the OS resolver (dns.promises.lookup, all addresses, in resolver order). */
  lookup?: HostLookup;
  /** The field named in the error message. Default: "url". */
  field?: string;
}

export interface SafeOutboundUrl {
  url: URL;
  /**
   * The approved addresses the host resolved to; empty only when a name saved with
   * allowPrivate did not resolve (never for purpose `send`).
   */
  addresses: string[];
}

const defaultLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const PROBLEM_TEXTS: Record<Exclude<UnsafeUrlReason, 'unresolvable'>, string> = {
  invalid: 'not a valid URL',
  scheme: 'only http and https are allowed',
  credentials: 'a user name or password in the URL is not allowed',
  too_long: `at most ${OUTBOUND_URL_LENGTH_MAX} characters`,
  control_characters: 'control characters and spaces are not allowed',
  // One message for both address failures: telling them apart would let a partner probe which
  // internal names our resolver knows.
  forbidden_address: 'its host must resolve to public addresses only',
};

type FormatCheck = { ok: true; url: URL } | { ok: false; reason: UnsafeUrlReason };

/**
 * The URL parser silently drops tabs and line breaks and trims spaces, so they are looked for in
 * the text as given: a CR/LF that reached a request line or a header would split it.
 */
const CONTROL_OR_SPACE = /[\u0000-\u0020\u007F-\u00A0\u2028\u2029]/;

/** Reads `text` as an http(s) URL we may call, or says why it is not one. */
function checkFormat(text: string): FormatCheck {
  if (text.length > OUTBOUND_URL_LENGTH_MAX) return { ok: false, reason: 'too_long' };
  if (CONTROL_OR_SPACE.test(text)) return { ok: false, reason: 'control_characters' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: 'scheme' };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials' };
  if (url.hostname === '') return { ok: false, reason: 'invalid' };
  return { ok: true, url };
}

/**
 * An http(s) URL within the length limit, without credentials or control characters, whose host
 * is not a metadata name. Addresses are not checked (for a link a browser follows, where our
 * resolver says nothing about the browser's).
 */
export function isHttpUrl(text: string): boolean {
  const format = checkFormat(text);
  return format.ok && !isMetadataHostName(format.url.hostname);
}

/**
 * Cloud metadata services by name (GCP, AWS, Alibaba, OpenStack and friends). Their addresses
 * are link-local or listed in METADATA_ADDRESSES, but a name is refused before any resolver is
 * asked, in every mode.
 */
const METADATA_HOST_NAMES = new Set([
  'metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data',
  'instance-data.ec2.internal', 'metadata.azure.internal', 'metadata.tencentyun.com',
]);
/** Metadata and platform endpoints outside link-local ranges. */
const METADATA_ADDRESSES = new Set(['100.100.100.200', 'fd00:ec2::254', '168.63.129.16']);

/** A host name as DNS means it: lower case, without the root's trailing dot(s) or brackets. */
export function normalizeHost(hostname: string): string {
  const lower = hostname.toLowerCase().replace(/\.+$/, '');
  return lower.startsWith('[') ? lower.slice(1, -1) : lower;
}

/** True for a cloud metadata service's name (`metadata.google.internal.` included). */
export function isMetadataHostName(hostname: string): boolean {
  return METADATA_HOST_NAMES.has(normalizeHost(hostname));
}

function isLoopbackName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * Throws UnsafeUrlError unless `text` is an http(s) URL without credentials, at most
 * OUTBOUND_URL_LENGTH_MAX characters, whose host resolves only to public unicast addresses
 * (the address checks are skipped when `allowPrivate`).
 */
export async function assertSafeOutboundUrl(
  text: string,
  options: OutboundUrlOptions,
): Promise<SafeOutboundUrl> {
  const field = options.field ?? 'url';
  const format = checkFormat(text);
  if (!format.ok) throw unsafe(field, format.reason);
  const { url } = format;
  const host = normalizeHost(url.hostname);
  if (METADATA_HOST_NAMES.has(host) || (!options.allowPrivate && isLoopbackName(host))) {
    throw unsafe(field, 'forbidden_address');
  }
  let addresses: string[];
  try {
    addresses = await resolveHost(url.hostname, options.lookup ?? defaultLookup, field);
  } catch (error) {
    const lenient = options.allowPrivate && (options.purpose ?? 'save') === 'save';
    if (lenient && error instanceof UnsafeUrlError) return { url, addresses: [] };
    throw error;
  }
  const allowed = (address: string) => isAllowedAddress(address, options.allowPrivate);
  if (addresses.length === 0 || !addresses.every(allowed)) {
    throw unsafe(field, 'forbidden_address');
  }
  return { url, addresses };
}

function unsafe(field: string, reason: UnsafeUrlReason, cause?: unknown): UnsafeUrlError {
  const problem = PROBLEM_TEXTS[reason === 'unresolvable' ? 'forbidden_address' : reason];
  return new UnsafeUrlError(reason, `${field} must be a public http(s) URL: ${problem}`, { cause });
}

async function resolveHost(
  hostname: string,
  lookup: HostLookup,
  field: string,
): Promise<string[]> {
  // URL keeps IPv6 literals in brackets and has already normalised IPv4 forms to dotted decimal.
  const literal = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (ipaddr.IPv6.isValid(literal) || ipaddr.IPv4.isValidFourPartDecimal(literal)) {
    return [literal];
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('DNS lookup timed out')), OUTBOUND_DNS_TIMEOUT_MS);
  });
  try {
    const resolved = await Promise.race([lookup(hostname), timeout]);
    return resolved.map((entry) => entry.address);
  } catch (error) {
    throw unsafe(field, 'unresolvable', error);
  } finally {
    clearTimeout(timer);
  }
}

/** IPv4-compatible IPv6 (::a.b.c.d, deprecated) is not in ipaddr.js's list; it embeds IPv4. */
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');

/**
 * An address dialtone may connect to: public unicast, or with `allowPrivate` anything but
 * link-local and metadata addresses (so loopback and RFC 1918 networks become reachable).
 */
export function isAllowedAddress(address: string, allowPrivate: boolean): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (METADATA_ADDRESSES.has(parsed.toNormalizedString()) ||
    METADATA_ADDRESSES.has(parsed.toString())) return false;
  if (!allowPrivate) return isPublicAddress(address);
  return parsed.range() !== 'linkLocal';
}

/**
 * Public unicast only: an allow-list, so loopback, RFC 1918, link-local (cloud metadata), CGNAT,
 * unique-local, multicast, broadcast, reserved and documentation ranges are all out, and so are
 * 6to4, Teredo and NAT64 prefixes that can wrap a private IPv4 address. IPv4-mapped IPv6
 * (::ffff:10.0.0.1) is judged as the IPv4 address it is.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6' && parsed.match(IPV4_COMPATIBLE)) return false;
  return parsed.range() === 'unicast';
}
