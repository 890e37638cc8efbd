/**
 * SIP digest authentication of a trunk's PBX, done by dialtone rather than Kamailio so that one
 * policy request decides a call: dialtone mints the nonce of the 407, then checks the response
 * against the credential's HA1 (which never leaves the database or this process).
 *
 * A nonce is `<expiry epoch seconds>.<HMAC(key, expiry)>`: stateless, unforgeable, and refused
 * once EDGE_DIGEST_NONCE_LIFETIME_SECONDS have passed (the PBX then gets a fresh 407 with
 * stale=true and retries without bothering its user).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { EDGE_DIGEST_NONCE_LIFETIME_SECONDS } from '../../limits';
import { sipDigestResponse } from '../trunks/sip-digests';

export interface DigestCredentials {
  username: string;
  realm: string;
  nonce: string;
  uri: string;
  response: string;
  qop?: { nc: string; cnonce: string };
}

const PARAM = /([a-zA-Z]+)=("([^"]*)"|[^,\s]+)/g;
const HEADER_LENGTH_MAX = 2_048;

/** Reads a Proxy-Authorization header's Digest parameters; undefined when it is not one. */
export function parseDigestCredentials(header: string): DigestCredentials | undefined {
  if (header.length > HEADER_LENGTH_MAX || !/^Digest\s/i.test(header)) return undefined;
  const params = new Map<string, string>();
  for (const match of header.slice(7).matchAll(PARAM)) {
    params.set(match[1]!.toLowerCase(), match[3] ?? match[2]!);
  }
  const [username, realm, nonce, uri, response] =
    ['username', 'realm', 'nonce', 'uri', 'response'].map((name) => params.get(name));
  if (!username || !realm || !nonce || !uri || !response) return undefined;
  const qop = params.get('qop');
  if (qop !== undefined && qop !== 'auth') return undefined;
  const nc = params.get('nc');
  const cnonce = params.get('cnonce');
  if (qop === 'auth' && (!nc || !cnonce)) return undefined;
  return {
    username, realm, nonce, uri, response: response.toLowerCase(),
    ...(qop === 'auth' ? { qop: { nc: nc!, cnonce: cnonce! } } : {}),
  };
}

export function mintNonce(key: Buffer, now: Date): string {
  const expiry = Math.floor(now.getTime() / 1000) + EDGE_DIGEST_NONCE_LIFETIME_SECONDS;
  return `${expiry}.${nonceMac(key, expiry)}`;
}

/** 'fresh', 'stale' (ours but expired: challenge again with stale=true) or 'forged'. */
export function checkNonce(key: Buffer, nonce: string, now: Date): 'fresh' | 'stale' | 'forged' {
  const match = /^([0-9]{10})\.([0-9a-f]{32})$/.exec(nonce);
  if (!match) return 'forged';
  const expected = Buffer.from(nonceMac(key, Number(match[1])));
  if (!timingSafeEqual(expected, Buffer.from(match[2]!))) return 'forged';
  return Number(match[1]) * 1000 >= now.getTime() ? 'fresh' : 'stale';
}

function nonceMac(key: Buffer, expiry: number): string {
  return createHmac('sha256', key).update(`sip-nonce:${expiry}`).digest('hex').slice(0, 32);
}

/** The Proxy-Authenticate header value of a 407. */
export function digestChallenge(realm: string, nonce: string, stale: boolean): string {
  return `Digest realm="${realm}", nonce="${nonce}", algorithm=MD5, qop="auth"` +
    (stale ? ', stale=true' : '');
}

/** Whether `credentials` answer the challenge for `method` with the password behind `ha1`. */
export function isDigestResponseValid(
  credentials: DigestCredentials,
  ha1: string,
  method: string,
): boolean {
  const expected = sipDigestResponse({
    ha1, method, uri: credentials.uri, nonce: credentials.nonce,
    ...(credentials.qop ? { qop: credentials.qop } : {}),
  });
  const given = Buffer.from(credentials.response);
  return given.length === expected.length && timingSafeEqual(given, Buffer.from(expected));
}
