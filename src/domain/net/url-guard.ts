/**
 * Guards URLs that partners give us and that dialtone later fetches or redirects to (webhook_url,
 * redirect_url): a partner must not make our server call into its own network (SSRF), e.g. the
 * cloud metadata service at 169.254.169.254 or a database on 10.0.0.5.
 *
 * Every address the host resolves to must be public unicast. An attacker's DNS can answer
 * differently at delivery time (rebinding), so the sender must check again right before it
 * connects and connect to one of the returned `addresses`, not resolve the name a second time.
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
  /** Skip the address checks (self-hosted setups that deliver to their own network). */
  allowPrivate: boolean;
  /** Default: the OS resolver (dns.promises.lookup, all addresses, in resolver order). */
  lookup?: HostLookup;
  /** The field named in the error message. Default: "url". */
  field?: string;
}

export interface SafeOutboundUrl {
  url: URL;
  /** The public addresses the host resolved to; empty when `allowPrivate` skipped the checks. */
  addresses: string[];
}

const defaultLookup: HostLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

const PROBLEM_TEXTS: Record<Exclude<UnsafeUrlReason, 'unresolvable'>, string> = {
  invalid: 'not a valid URL',
  scheme: 'only http and https are allowed',
  credentials: 'a user name or password in the URL is not allowed',
  too_long: `at most ${OUTBOUND_URL_LENGTH_MAX} characters`,
  // One message for both address failures: telling them apart would let a partner probe which
  // internal names our resolver knows.
  forbidden_address: 'its host must resolve to public addresses only',
};

type FormatCheck = { ok: true; url: URL } | { ok: false; reason: UnsafeUrlReason };

/** Reads `text` as an http(s) URL we may call, or says why it is not one. */
function checkFormat(text: string): FormatCheck {
  if (text.length > OUTBOUND_URL_LENGTH_MAX) return { ok: false, reason: 'too_long' };
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

/** An http(s) URL within the length limit and without credentials. Addresses are not checked. */
export function isHttpUrl(text: string): boolean {
  return checkFormat(text).ok;
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
  if (options.allowPrivate) return { url, addresses: [] };
  const addresses = await resolveHost(url.hostname, options.lookup ?? defaultLookup, field);
  if (addresses.length === 0 || !addresses.every(isPublicAddress)) {
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
