/**
 * SIP digest authentication (RFC 3261 §22.4, which uses RFC 2617's HTTP digest with MD5).
 *
 * We store HA1 = MD5(username:realm:password) instead of the password: it is all a proxy needs
 * to check a digest response, and it cannot be replayed against another realm. MD5 is what SIP
 * devices speak; the weakness is accepted because HA1 is not a password hash for other uses.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

export interface SipDigestChallengeResponse {
  /** HA1 from sipDigestHa1. */
  ha1: string;
  /** The request's method (INVITE, REGISTER) and Request-URI as sent in `uri=`. */
  method: string;
  uri: string;
  nonce: string;
  /** With qop=auth, the client's nonce count (8 hex digits) and cnonce; without qop, neither. */
  qop?: { nc: string; cnonce: string };
}

function md5Hex(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/**
 * HA1 as lowercase hex. A ':' in the username or realm would make two different credentials
 * hash alike, so callers must pass names checked by parseSipUsername (an assertion, not a rule).
 */
export function sipDigestHa1(username: string, realm: string, password: string): string {
  assert.ok(!username.includes(':'), 'a digest username has no ":"');
  assert.ok(!realm.includes(':'), 'a digest realm has no ":"');
  return md5Hex(`${username}:${realm}:${password}`);
}

/**
 * The `response=` value a client must send: MD5(HA1:nonce[:nc:cnonce:auth]:MD5(method:uri)).
 * Compare it to the client's with crypto.timingSafeEqual, not ===.
 */
export function sipDigestResponse(input: SipDigestChallengeResponse): string {
  assert.match(input.ha1, /^[0-9a-f]{32}$/, 'ha1 is 32 lowercase hex digits');
  const ha2 = md5Hex(`${input.method}:${input.uri}`);
  const middle = input.qop === undefined
    ? input.nonce
    : `${input.nonce}:${input.qop.nc}:${input.qop.cnonce}:auth`;
  return md5Hex(`${input.ha1}:${middle}:${ha2}`);
}
