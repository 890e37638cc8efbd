/**
 * Webhook signing, both ways. Each delivery carries two signatures so either kind of receiver
 * can check it:
 * - Standard Webhooks (standardwebhooks.com, what Svix and its libraries verify):
 *   `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the
 *   base64-decoded part of the `whsec_` secret.
 * - Vobiz's sub-account scheme: `X-Vobiz-Signature: sha256=<hex HMAC-SHA256 of the raw body>`,
 *   keyed with the secret text as given (Vobiz keys it with the auth token string).
 * The verify functions are what a receiver runs; dialtone uses them in tests and documents them.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_PREFIX = 'whsec_';
/** 32 random bytes: above the spec's 24-byte floor, a full SHA-256 block of key entropy. */
const SECRET_BYTES = 32;
/** The Standard Webhooks spec bounds secrets to 24-64 bytes. */
const SECRET_BYTES_MIN = 24;
const SECRET_BYTES_MAX = 64;
/** Standard Webhooks' replay window: a signature older or newer than this is refused. */
export const WEBHOOK_TOLERANCE_SECONDS_DEFAULT = 300;
/** Bounds the work an attacker's header can cause (rotation needs 2-3 signatures). */
const SIGNATURES_PER_HEADER_MAX = 10;

export type WebhookBody = string | Buffer;

export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The HMAC key of a `whsec_` secret; throws for a secret that is not one (a config bug). */
function standardKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('webhook secret must start with whsec_');
  const encoded = secret.slice(SECRET_PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  // Buffer.from skips bad characters silently; re-encoding catches them (padding optional).
  if (key.toString('base64').replace(/=+$/, '') !== encoded.replace(/=+$/, '')) {
    throw new Error('webhook secret is not valid base64');
  }
  if (key.length < SECRET_BYTES_MIN || key.length > SECRET_BYTES_MAX) {
    throw new Error(`webhook secret must decode to ${SECRET_BYTES_MIN}-${SECRET_BYTES_MAX} bytes`);
  }
  return key;
}

/** `timestamp` as sent: a receiver signs the header text it got, leading zeros and all. */
function standardDigest(
  key: Buffer,
  id: string,
  timestamp: number | string,
  body: WebhookBody,
): Buffer {
  // update() twice instead of a template string keeps a Buffer body's bytes exactly.
  return createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(body).digest();
}

export function signStandardWebhook(input: {
  secret: string;
  id: string;
  /** Unix seconds, the same value sent as `webhook-timestamp`. */
  timestamp: number;
  body: WebhookBody;
}): string {
  const digest = standardDigest(standardKey(input.secret), input.id, input.timestamp, input.body);
  return `v1,${digest.toString('base64')}`;
}

export function signVobiz(input: { secret: string; body: WebhookBody }): string {
  return `sha256=${vobizDigest(input.secret, input.body).toString('hex')}`;
}

function vobizDigest(secret: string, body: WebhookBody): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

// A type alias, not an interface, so it is assignable to a header record (HeaderBag).
export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
  'x-vobiz-signature': string;
  'content-type': 'application/json';
};

/** Headers for one delivery attempt; `id` is the same on every retry (receivers dedupe on it). */
export function webhookHeaders(input: {
  secret: string;
  id: string;
  timestampSeconds: number;
  body: string;
}): WebhookHeaders {
  const { secret, id, timestampSeconds, body } = input;
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': signStandardWebhook({ secret, id, timestamp: timestampSeconds, body }),
    'x-vobiz-signature': signVobiz({ secret, body }),
    'content-type': 'application/json',
  };
}

export type WebhookVerification =
  | { ok: true }
  | { ok: false; reason: 'missing_header' | 'timestamp_out_of_tolerance' | 'signature_mismatch' };

const VERIFIED: WebhookVerification = { ok: true };
const SIGNATURE_MISMATCH: WebhookVerification = { ok: false, reason: 'signature_mismatch' };

type HeaderBag = Record<string, string | string[] | undefined>;

/** One header, any case; a repeated header (an array in Node) counts as absent. */
function header(headers: HeaderBag, name: string): string | undefined {
  const key = Object.keys(headers).find((candidate) => candidate.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The signatures of one scheme from a space-separated list ("v1,abc v1,def"), bounded. */
function signaturesOf(value: string, prefix: string): string[] {
  return value
    .split(' ')
    .slice(0, SIGNATURES_PER_HEADER_MAX)
    .filter((part) => part.startsWith(prefix))
    .map((part) => part.slice(prefix.length));
}

function anyMatches(expected: Buffer, candidates: Buffer[]): boolean {
  // Checks every candidate so the time taken does not reveal which one matched.
  let matched = false;
  for (const candidate of candidates) {
    if (candidate.length === expected.length && timingSafeEqual(candidate, expected)) {
      matched = true;
    }
  }
  return matched;
}

/**
 * Receiver side of Standard Webhooks: the timestamp must be within `toleranceSeconds` (default
 * 300) of `nowSeconds` either way, and one `v1` signature must match.
 */
export function verifyStandardWebhook(input: {
  secret: string;
  headers: HeaderBag;
  body: WebhookBody;
  nowSeconds: number;
  toleranceSeconds?: number;
}): WebhookVerification {
  const id = header(input.headers, 'webhook-id');
  const timestampText = header(input.headers, 'webhook-timestamp');
  const signatures = header(input.headers, 'webhook-signature');
  if (!id || !timestampText || !signatures) return { ok: false, reason: 'missing_header' };
  // A malformed timestamp becomes NaN, which no tolerance accepts.
  const timestamp = /^[0-9]{1,15}$/.test(timestampText) ? Number(timestampText) : NaN;
  const tolerance = input.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS_DEFAULT;
  if (!(Math.abs(input.nowSeconds - timestamp) <= tolerance)) {
    return { ok: false, reason: 'timestamp_out_of_tolerance' };
  }
  const expected = standardDigest(standardKey(input.secret), id, timestampText, input.body);
  const candidates = signaturesOf(signatures, 'v1,').map((text) => Buffer.from(text, 'base64'));
  return anyMatches(expected, candidates) ? VERIFIED : SIGNATURE_MISMATCH;
}

/**
 * Receiver side of `X-Vobiz-Signature` (`sha256=<hex>`, several space-separated during a secret
 * rotation). It carries no timestamp, so it cannot stop a replay; receivers dedupe on
 * `webhook-id`.
 */
export function verifyVobizSignature(input: {
  secret: string;
  signature: string | undefined;
  body: WebhookBody;
}): WebhookVerification {
  if (!input.signature) return { ok: false, reason: 'missing_header' };
  const candidates = signaturesOf(input.signature, 'sha256=')
    .filter((text) => /^[0-9a-f]+$/i.test(text))
    .map((text) => Buffer.from(text, 'hex'));
  const expected = vobizDigest(input.secret, input.body);
  return anyMatches(expected, candidates) ? VERIFIED : SIGNATURE_MISMATCH;
}
