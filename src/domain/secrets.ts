/**
 * Secrets at rest. API tokens are looked up by a SHA-256 digest (compared in constant time)
 * and kept AES-256-GCM sealed so a partner can read a customer's token again, as Vobiz allows.
 * Login passwords are stored only as scrypt hashes.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  scrypt,
  timingSafeEqual,
} from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keyLength: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/** OWASP's scrypt floor (N=2^17, r=8, p=1): ~100 ms and 128 MiB per hash. */
const SCRYPT = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } as const;
const SCRYPT_KEY_BYTES = 32;

export function digestToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function tokenMatches(token: string, storedDigest: Buffer): boolean {
  const digest = digestToken(token);
  return digest.length === storedDigest.length && timingSafeEqual(digest, storedDigest);
}

export interface Sealer {
  seal(plaintext: string): string;
  unseal(sealed: string): string;
}

/**
 * AES-256-GCM with a random 96-bit nonce; output is `v1.<nonce>.<tag>.<ciphertext>` base64url.
 * Seals with `key`; unseals with `key` or, during a key rotation, any of `previousKeys` (GCM's
 * tag tells which key sealed a value: the wrong one fails authentication).
 */
export function createSealer(key: Buffer, previousKeys: readonly Buffer[] = []): Sealer {
  const current = createKeySealer(key);
  const previous = previousKeys.map(createKeySealer);
  return {
    seal: current.seal,
    unseal(sealed) {
      try {
        return current.unseal(sealed);
      } catch (error) {
        for (const old of previous) {
          try {
            return old.unseal(sealed);
          } catch {
            // Not this key either: the next one, or the first error below.
          }
        }
        throw error;
      }
    },
  };
}

function createKeySealer(key: Buffer): Sealer {
  if (key.length !== 32) throw new Error('DIALTONE_SECRET_KEY must decode to 32 bytes');
  return {
    seal(plaintext) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [nonce, cipher.getAuthTag(), body].map((part) => part.toString('base64url'));
      return `v1.${parts.join('.')}`;
    },
    unseal(sealed) {
      const [version, nonce, tag, body] = sealed.split('.');
      if (version !== 'v1' || !nonce || !tag || body === undefined) {
        throw new Error('sealed secret has an unknown format');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      const plain = Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
      return plain.toString('utf8');
    },
  };
}

/** Reads a 32-byte key written as 64 hex characters or as base64. */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  return /^[0-9a-f]{64}$/i.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, SCRYPT_KEY_BYTES, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(actual, expected);
}
