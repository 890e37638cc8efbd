/**
 * IP ACL entries of a SIP trunk: the source addresses allowed to send calls without digest
 * credentials (vobiz-api.md 2.2: "CIDR allowed; no IPv6; RFC 5737 ranges rejected").
 *
 * An entry is an IPv4 address or an IPv4 CIDR block, written in strict dotted-quad form (no
 * octal, hex or short forms such as `10.1`: `010.0.0.1` means 8.0.0.1 to some parsers, 10.0.0.1
 * to others, and an ACL must mean one thing). Choices, each because an entry authorizes calls
 * billed to the customer:
 * - IPv6 is rejected: Vobiz does not support it.
 * - A CIDR with host bits set (10.0.0.1/24) is rejected with the network address as a hint, so
 *   the customer sees what the entry would really allow instead of us guessing.
 * - Blocks wider than /IP_ACL_PREFIX_LENGTH_MIN are rejected: 0.0.0.0/0 would let the whole
 *   internet call on the customer's balance, and a /1 is barely better.
 * - Private (RFC 1918) and carrier-grade NAT (RFC 6598) addresses are ALLOWED: customers reach
 *   us over VPNs and interconnects where their PBX keeps its private address.
 * - Rejected because no real SIP peer can send from them, so an entry there is a mistake: the
 *   unspecified block 0.0.0.0/8, loopback 127.0.0.0/8 (that would be our own host), link-local
 *   169.254.0.0/16 (never routed), the RFC 5737 documentation blocks, multicast 224.0.0.0/4 and
 *   reserved 240.0.0.0/4 (which holds the broadcast 255.255.255.255). A CIDR overlapping any of
 *   them is rejected too, so 192.0.0.0/16 cannot smuggle in 192.0.2.0/24.
 */
import ipaddr from 'ipaddr.js';

/** The widest block an entry may allow: a /8 is the largest block ever assigned to one holder. */
export const IP_ACL_PREFIX_LENGTH_MIN = 8;
/**
 * Longest text read. An IPv4 entry is at most 18 characters ("255.255.255.255/32"); the rest is
 * room for the longest IPv6 CIDR (49), so its sender hears "IPv6 is not supported", not "too long".
 */
export const IP_ACL_ADDRESS_LENGTH_MAX = 64;

export type IpAclAddressResult =
  | {
      ok: true;
      /** As the customer wrote it, normalized: a bare address stays bare, a CIDR keeps its mask. */
      address: string;
      /** Always with a mask: a bare address becomes `/32`. */
      cidr: string;
      prefixLength: number;
    }
  | { ok: false; reason: string };

interface ForbiddenRange {
  network: ipaddr.IPv4;
  prefixLength: number;
  reason: string;
}

function forbidden(cidr: string, reason: string): ForbiddenRange {
  const [network, prefixLength] = ipaddr.IPv4.parseCIDR(cidr);
  return { network, prefixLength, reason };
}

/** Ranges no SIP peer sends from. Order matters: the first overlapping range names the reason. */
const FORBIDDEN_RANGES: readonly ForbiddenRange[] = [
  forbidden('0.0.0.0/8', 'the unspecified network 0.0.0.0/8 is not a valid source'),
  forbidden('127.0.0.0/8', 'loopback addresses are not allowed'),
  forbidden('169.254.0.0/16', 'link-local addresses (169.254.0.0/16) are never routed'),
  forbidden('192.0.2.0/24', 'documentation range 192.0.2.0/24 (RFC 5737) is not allowed'),
  forbidden('198.51.100.0/24', 'documentation range 198.51.100.0/24 (RFC 5737) is not allowed'),
  forbidden('203.0.113.0/24', 'documentation range 203.0.113.0/24 (RFC 5737) is not allowed'),
  forbidden('224.0.0.0/4', 'multicast addresses are not allowed'),
  forbidden('255.255.255.255/32', 'the broadcast address is not allowed'),
  forbidden('240.0.0.0/4', 'reserved addresses (240.0.0.0/4) are not allowed'),
];

/**
 * Which peers an installation may name (DIALTONE_ALLOW_PRIVATE_URLS): 'public' refuses loopback
 * like the rest above; 'local' (the setting true) accepts loopback too, for development, tests
 * and on-premises edges whose PBX runs on the edge's own host. The other ranges stay refused.
 */
export type PeerAddressScope = 'public' | 'local';
const LOOPBACK_REASON = FORBIDDEN_RANGES[1]!.reason;

const DOTTED_QUAD_PATTERN = /^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/;
const PREFIX_PATTERN = /^[0-9]{1,2}$/;

/**
 * Reads an IP ACL entry from untrusted text. Never throws; `reason` is safe to show the customer.
 */
export function parseIpAclAddress(
  text: string,
  scope: PeerAddressScope = 'public',
): IpAclAddressResult {
  if (text.length === 0) return { ok: false, reason: 'ip_address is required' };
  if (text.length > IP_ACL_ADDRESS_LENGTH_MAX) {
    return { ok: false, reason: 'ip_address is too long' };
  }
  if (/\s/.test(text)) return { ok: false, reason: 'ip_address must not contain spaces' };
  if (text.includes(':')) return { ok: false, reason: ipv6Reason(text) };

  const parts = text.split('/');
  if (parts.length > 2) return { ok: false, reason: 'ip_address has more than one "/"' };
  const [addressText, prefixText] = parts as [string, string | undefined];
  if (!DOTTED_QUAD_PATTERN.test(addressText) || !ipaddr.IPv4.isValid(addressText)) {
    return { ok: false, reason: 'ip_address must be an IPv4 address such as 203.0.114.10' };
  }
  const prefixLength = prefixText === undefined ? 32 : parsePrefixLength(prefixText);
  if (prefixLength === undefined) {
    return { ok: false, reason: 'the CIDR mask must be a number from 0 to 32' };
  }
  return checkBlock(ipaddr.IPv4.parse(addressText), prefixLength, prefixText !== undefined, scope);
}

function ipv6Reason(text: string): string {
  const looksLikeIpv6 = ipaddr.IPv6.isValid(text) || ipaddr.IPv6.isValidCIDR(text);
  return looksLikeIpv6 ? 'IPv6 is not supported' : 'ip_address must be an IPv4 address or CIDR';
}

function parsePrefixLength(text: string): number | undefined {
  if (!PREFIX_PATTERN.test(text)) return undefined;
  const value = Number(text);
  return value <= 32 ? value : undefined;
}

function checkBlock(
  address: ipaddr.IPv4,
  prefixLength: number,
  hasMask: boolean,
  scope: PeerAddressScope,
): IpAclAddressResult {
  // Width first: suggesting the network of a block we would refuse anyway helps nobody.
  if (prefixLength < IP_ACL_PREFIX_LENGTH_MIN) {
    return {
      ok: false,
      reason: `the block is too wide: the mask must be /${IP_ACL_PREFIX_LENGTH_MIN} or longer`,
    };
  }
  const written = address.toString();
  const network = ipaddr.IPv4.networkAddressFromCIDR(`${written}/${prefixLength}`).toString();
  if (network !== written) {
    return {
      ok: false,
      reason: `host bits are set in ${written}/${prefixLength}; ` +
        `did you mean ${network}/${prefixLength}?`,
    };
  }
  const reason = findForbiddenRangeReason(address, prefixLength, scope);
  if (reason !== undefined) return { ok: false, reason };
  const cidr = `${written}/${prefixLength}`;
  return { ok: true, address: hasMask ? cidr : written, cidr, prefixLength };
}

/**
 * Why the block `network/prefixLength` may not be used as a SIP peer, or undefined when it may.
 * Two blocks overlap exactly when the wider one contains the narrower one's network address.
 * Shared with origination URIs, whose IPv4 hosts follow the same rules (as a /32).
 */
export function findForbiddenRangeReason(
  network: ipaddr.IPv4,
  prefixLength: number,
  scope: PeerAddressScope = 'public',
): string | undefined {
  for (const range of FORBIDDEN_RANGES) {
    if (scope === 'local' && range.reason === LOOPBACK_REASON) continue;
    const widerPrefixLength = Math.min(prefixLength, range.prefixLength);
    if (network.match(range.network, widerPrefixLength)) return range.reason;
  }
  return undefined;
}
