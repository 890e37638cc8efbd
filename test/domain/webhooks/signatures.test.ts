import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  generateWebhookSecret,
  signStandardWebhook,
  signVobiz,
  verifyStandardWebhook,
  verifyVobizSignature,
  webhookHeaders,
} from '../../../src/domain/webhooks/signatures';

// The Standard Webhooks specification's published test vector (also Svix's).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const vectorHeaders = (signature = VECTOR.signature, timestamp = String(VECTOR.timestamp)) => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': timestamp,
  'webhook-signature': signature,
});

describe('generateWebhookSecret', () => {
  it('is whsec_ and the base64 of 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
  });

  it('differs every time', () => {
    expect(generateWebhookSecret()).not.toBe(generateWebhookSecret());
  });
});

describe('signStandardWebhook', () => {
  it('reproduces the specification test vector', () => {
    const { secret, id, timestamp, body } = VECTOR;
    expect(signStandardWebhook({ secret, id, timestamp, body })).toBe(VECTOR.signature);
  });

  it('signs a Buffer body exactly like the same bytes as a string', () => {
    const { secret, id, timestamp, body } = VECTOR;
    const fromBuffer = signStandardWebhook({ secret, id, timestamp, body: Buffer.from(body) });
    expect(fromBuffer).toBe(VECTOR.signature);
  });

  it('depends on the id, the timestamp and the body', () => {
    const { secret, id, timestamp, body } = VECTOR;
    expect(signStandardWebhook({ secret, id: `${id}x`, timestamp, body })).not.toBe(
      VECTOR.signature,
    );
    expect(signStandardWebhook({ secret, id, timestamp: timestamp + 1, body })).not.toBe(
      VECTOR.signature,
    );
    expect(signStandardWebhook({ secret, id, timestamp, body: `${body} ` })).not.toBe(
      VECTOR.signature,
    );
  });

  it.each([
    ['no whsec_ prefix', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
    ['invalid base64', 'whsec_not*base64!'],
    ['fewer than 24 bytes', `whsec_${Buffer.alloc(23).toString('base64')}`],
    ['more than 64 bytes', `whsec_${Buffer.alloc(65).toString('base64')}`],
  ])('refuses a secret with %s', (_, secret) => {
    expect(() => signStandardWebhook({ ...VECTOR, secret })).toThrow(/webhook secret/);
  });

  it('accepts 24- and 64-byte secrets, padded or not', () => {
    for (const bytes of [24, 64, 32]) {
      const encoded = Buffer.alloc(bytes, 7).toString('base64');
      expect(() => signStandardWebhook({ ...VECTOR, secret: `whsec_${encoded}` })).not.toThrow();
      const unpadded = `whsec_${encoded.replace(/=+$/, '')}`;
      expect(() => signStandardWebhook({ ...VECTOR, secret: unpadded })).not.toThrow();
    }
  });
});

describe('signVobiz', () => {
  it('is sha256= and the hex HMAC of the raw body keyed with the whole secret text', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const expected = createHmac('sha256', secret).update(VECTOR.body).digest('hex');
    expect(signVobiz({ secret, body: VECTOR.body })).toBe(`sha256=${expected}`);
  });

  it('matches a fixed value, so the key cannot silently change to the decoded secret', () => {
    expect(signVobiz({ secret: 'key', body: 'The quick brown fox jumps over the lazy dog' })).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });
});

describe('webhookHeaders', () => {
  it('carries both signatures and the Standard Webhooks id and timestamp', () => {
    const { secret, id, timestamp, body } = VECTOR;
    expect(webhookHeaders({ secret, id, timestampSeconds: timestamp, body })).toEqual({
      'webhook-id': id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': VECTOR.signature,
      'x-vobiz-signature': signVobiz({ secret, body }),
      'content-type': 'application/json',
    });
  });

  it('produces headers its own verifiers accept', () => {
    const secret = generateWebhookSecret();
    const body = JSON.stringify({ event: 'kyc.completed', session_id: 'kst_1' });
    const headers = webhookHeaders({ secret, id: 'evt_1', timestampSeconds: 1_700_000_000, body });
    expect(verifyStandardWebhook({ secret, headers, body, nowSeconds: 1_700_000_001 })).toEqual({
      ok: true,
    });
    const signature = headers['x-vobiz-signature'];
    expect(verifyVobizSignature({ secret, signature, body })).toEqual({ ok: true });
  });
});

describe('verifyStandardWebhook', () => {
  const base = { secret: VECTOR.secret, body: VECTOR.body, nowSeconds: VECTOR.timestamp };

  it('accepts the specification test vector', () => {
    expect(verifyStandardWebhook({ ...base, headers: vectorHeaders() })).toEqual({ ok: true });
  });

  it('reads header names in any case', () => {
    const headers = {
      'Webhook-Id': VECTOR.id,
      'WEBHOOK-TIMESTAMP': String(VECTOR.timestamp),
      'Webhook-Signature': VECTOR.signature,
    };
    expect(verifyStandardWebhook({ ...base, headers })).toEqual({ ok: true });
  });

  it('accepts any one matching signature among several (secret rotation)', () => {
    const other = 'v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    const headers = vectorHeaders(`v1a,ed25519sig ${other} ${VECTOR.signature}`);
    expect(verifyStandardWebhook({ ...base, headers })).toEqual({ ok: true });
  });

  it('accepts the edges of the tolerance and refuses one second past, either way', () => {
    const at = (nowSeconds: number) =>
      verifyStandardWebhook({ ...base, headers: vectorHeaders(), nowSeconds }).ok;
    expect(at(VECTOR.timestamp + 300)).toBe(true);
    expect(at(VECTOR.timestamp - 300)).toBe(true);
    expect(at(VECTOR.timestamp + 301)).toBe(false);
    expect(at(VECTOR.timestamp - 301)).toBe(false);
  });

  it('checks the signature over the timestamp text as sent, leading zeros included', () => {
    const key = Buffer.from(VECTOR.secret.slice(6), 'base64');
    const content = `${VECTOR.id}.0${VECTOR.timestamp}.${VECTOR.body}`;
    const signature = `v1,${createHmac('sha256', key).update(content).digest('base64')}`;
    const headers = vectorHeaders(signature, `0${VECTOR.timestamp}`);
    expect(verifyStandardWebhook({ ...base, headers })).toEqual({ ok: true });
    const original = vectorHeaders(VECTOR.signature, `0${VECTOR.timestamp}`);
    expect(verifyStandardWebhook({ ...base, headers: original }).ok).toBe(false);
  });

  it('honours a custom tolerance', () => {
    const late = { ...base, headers: vectorHeaders(), nowSeconds: VECTOR.timestamp + 11 };
    expect(verifyStandardWebhook({ ...late, toleranceSeconds: 10 })).toEqual({
      ok: false,
      reason: 'timestamp_out_of_tolerance',
    });
    expect(verifyStandardWebhook({ ...late, toleranceSeconds: 11 })).toEqual({ ok: true });
  });

  it.each(['', 'abc', '-1614265330', '1614265330.5', '1e9'])(
    'refuses the malformed timestamp "%s"',
    (timestamp) => {
      const headers = vectorHeaders(undefined, timestamp);
      expect(verifyStandardWebhook({ ...base, headers }).ok).toBe(false);
    },
  );

  it('refuses a missing header', () => {
    const { 'webhook-id': _, ...withoutId } = vectorHeaders();
    expect(verifyStandardWebhook({ ...base, headers: withoutId })).toEqual({
      ok: false,
      reason: 'missing_header',
    });
  });

  it('refuses a repeated header (an array) as missing', () => {
    const headers = { ...vectorHeaders(), 'webhook-id': [VECTOR.id, VECTOR.id] };
    expect(verifyStandardWebhook({ ...base, headers })).toEqual({
      ok: false,
      reason: 'missing_header',
    });
  });

  it.each([
    ['a changed body', { body: `${VECTOR.body} ` }],
    ['another secret', { secret: generateWebhookSecret() }],
  ])('refuses %s', (_, change) => {
    expect(verifyStandardWebhook({ ...base, headers: vectorHeaders(), ...change })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  const otherScheme = `v2,${VECTOR.signature.slice(3)}`;

  it.each([
    ['a changed id', { 'webhook-id': 'msg_other' }],
    ['the right digest under another scheme', { 'webhook-signature': otherScheme }],
    ['a truncated signature', { 'webhook-signature': VECTOR.signature.slice(0, -4) }],
    ['garbage', { 'webhook-signature': 'v1,!!!' }],
  ])('refuses %s', (_, change) => {
    const headers = { ...vectorHeaders(), ...change };
    expect(verifyStandardWebhook({ ...base, headers })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('ignores signatures past the tenth, bounding the work a header can cause', () => {
    const filler = Array.from({ length: 10 }, () => 'v1,AAAA').join(' ');
    const headers = vectorHeaders(`${filler} ${VECTOR.signature}`);
    expect(verifyStandardWebhook({ ...base, headers })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });
});

describe('verifyVobizSignature', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const body = VECTOR.body;
  const signature = signVobiz({ secret, body });

  it('accepts its own signature, in upper-case hex too', () => {
    expect(verifyVobizSignature({ secret, signature, body })).toEqual({ ok: true });
    const upper = `sha256=${signature.slice(7).toUpperCase()}`;
    expect(verifyVobizSignature({ secret, signature: upper, body })).toEqual({ ok: true });
  });

  it('accepts one matching signature among several', () => {
    const several = `sha256=${'0'.repeat(64)} ${signature}`;
    expect(verifyVobizSignature({ secret, signature: several, body })).toEqual({ ok: true });
  });

  it('refuses a missing header', () => {
    expect(verifyVobizSignature({ secret, signature: undefined, body })).toEqual({
      ok: false,
      reason: 'missing_header',
    });
    expect(verifyVobizSignature({ secret, signature: '', body }).ok).toBe(false);
  });

  it.each([
    ['another body', { body: `${body} ` }],
    ['another secret', { secret: `${secret}x` }],
    ['the digest without its sha256= prefix', { signature: signature.slice(7) }],
    ['a truncated digest', { signature: signature.slice(0, -2) }],
    ['non-hex characters', { signature: `sha256=${'z'.repeat(64)}` }],
  ])('refuses %s', (_, change) => {
    expect(verifyVobizSignature({ secret, signature, body, ...change })).toEqual({
      ok: false,
      reason: 'signature_mismatch',
    });
  });
});
