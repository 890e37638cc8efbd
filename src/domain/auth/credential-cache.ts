/**
 * Verified API credentials, cached in this process for AUTH_CACHE_TTL_MS keyed by auth id and
 * token digest, so the hot path (transfers) does not pay a database round trip per request.
 * Every surface that changes a credential (API routes, console pages) forgets its entry at once;
 * changes made by other processes arrive through the database's announcements
 * (http/plugins/credential-invalidation.ts). While no listener hears them the cache is off.
 */
import { timingSafeEqual } from 'node:crypto';
import { AUTH_CACHE_ENTRIES_MAX, AUTH_CACHE_TTL_MS } from '../../limits';
import type { AccountPrincipal, PartnerPrincipal } from '../principals';
import { digestToken } from '../secrets';

interface CachedCredential<P> {
  tokenDigest: Buffer;
  principal: P;
  expiresAt: number;
}

const cache = new Map<string, CachedCredential<PartnerPrincipal | AccountPrincipal>>();
let cacheEnabled = false;

export function forgetCredentials(authId: string): void {
  cache.delete(authId);
}

export function forgetAllCredentials(): void {
  cache.clear();
}

/** On only while changes made elsewhere are being heard; turning it off forgets everything. */
export function setCredentialCacheEnabled(enabled: boolean): void {
  cacheEnabled = enabled;
  if (!enabled) cache.clear();
}

/** The cached principal for these credentials, else `lookup()`'s answer (cached if found). */
export async function cachedLookup<P extends PartnerPrincipal | AccountPrincipal>(
  authId: string,
  token: string,
  lookup: () => Promise<P | undefined>,
): Promise<P | undefined> {
  if (!cacheEnabled) return lookup();
  const digest = digestToken(token);
  const hit = cache.get(authId);
  if (hit && hit.expiresAt > Date.now() && timingSafeEqual(hit.tokenDigest, digest)) {
    return hit.principal as P;
  }
  const principal = await lookup();
  if (principal) {
    if (cache.size >= AUTH_CACHE_ENTRIES_MAX) cache.clear();
    const expiresAt = Date.now() + AUTH_CACHE_TTL_MS;
    cache.set(authId, { tokenDigest: digest, principal, expiresAt });
  }
  return principal;
}
