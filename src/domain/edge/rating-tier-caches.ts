/**
 * The pricing tier an account's calls are rated with, remembered for a moment by the edge's
 * policy: every admission needs it, it changes rarely, and looking it up cost a round trip per
 * call. Entries live EDGE_RATING_TIER_CACHE_MS, under the one second in which an API change must
 * reach the next INVITE; the wallet itself is never cached (edge_admit_call reads it under lock).
 */
import { performance } from 'node:perf_hooks';
import type { Executor } from '../../db/database';
import { EDGE_RATING_TIER_CACHE_ACCOUNTS_MAX, EDGE_RATING_TIER_CACHE_MS } from '../../limits';
import { findIngestAccounts } from '../cdrs/cdr-ingestion.queries';
import { ratingTierOf } from '../cdrs/ingest-rating';
import type { RatingTier } from '../cdrs/rating';
import { type CallBudget, longestCallBudget } from './call-budgets';

export interface AccountRating {
  tier: RatingTier;
  /** What a call of the longest admitted duration reserves under this tier. */
  longest: CallBudget;
}

export interface RatingTierCache {
  ratingOf(db: Executor, accountId: string): Promise<AccountRating>;
}

export function createRatingTierCache(): RatingTierCache {
  const entries = new Map<string, { rating: AccountRating; expiresAt: number }>();
  return {
    async ratingOf(db, accountId) {
      const now = performance.now();
      const cached = entries.get(accountId);
      if (cached && cached.expiresAt > now) return cached.rating;
      const [account] = await findIngestAccounts(db, [], [accountId]);
      const tier = ratingTierOf(account!);
      const rating = { tier, longest: longestCallBudget(tier) };
      entries.delete(accountId);
      // Oldest first: the Map keeps insertion order, so the first key is the stalest entry.
      if (entries.size >= EDGE_RATING_TIER_CACHE_ACCOUNTS_MAX) {
        entries.delete(entries.keys().next().value!);
      }
      entries.set(accountId, { rating, expiresAt: now + EDGE_RATING_TIER_CACHE_MS });
      return rating;
    },
  };
}
