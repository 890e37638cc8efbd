/**
 * When to attempt a webhook delivery again, and what a receiver's response means. The schedule
 * is Svix's (a Standard Webhooks implementation, see anchors.md §4): 8 attempts over about
 * 27.6 hours, long enough to outlast a receiver's overnight outage, short enough that a KYC
 * result is not days stale. Vobiz documents only "exponential backoff".
 */
import assert from 'node:assert/strict';
import { HOUR_MS, MINUTE_MS, SECOND_MS } from '../clock';

/** Delay before each attempt, measured from the previous one; the first goes out at once. */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5 * SECOND_MS,
  5 * MINUTE_MS,
  30 * MINUTE_MS,
  2 * HOUR_MS,
  5 * HOUR_MS,
  10 * HOUR_MS,
  10 * HOUR_MS,
];
export const WEBHOOK_ATTEMPTS_MAX = WEBHOOK_RETRY_SCHEDULE_MS.length;

/**
 * Spreads retries ±10 % so receivers that failed together (one outage) are not hit together
 * again. Raising it blurs the schedule; 0 brings back the thundering herd.
 */
export const WEBHOOK_RETRY_JITTER_RATIO = 0.1;

/**
 * How long one attempt may take, connect to last byte. Svix allows 15 s, GitHub 10 s; a receiver
 * should acknowledge and work later, and each open attempt holds a worker slot.
 */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The longest Retry-After honoured. A receiver asking for more (or a broken header far in the
 * future) would otherwise park the delivery beyond its schedule; this is the longest gap in it.
 */
export const WEBHOOK_RETRY_AFTER_MS_MAX = 10 * HOUR_MS;

assert.equal(WEBHOOK_ATTEMPTS_MAX, 8, 'Svix schedule: 8 attempts');
assert.ok(WEBHOOK_RETRY_AFTER_MS_MAX >= Math.max(...WEBHOOK_RETRY_SCHEDULE_MS));

/**
 * Milliseconds to wait before the next attempt, given how many were made (0 before the first),
 * with jitter from `random` (a [0, 1) source, Math.random by default). Undefined once the
 * schedule is exhausted: the delivery has failed for good.
 */
export function nextAttemptDelayMs(
  attemptsMade: number,
  random: () => number = Math.random,
): number | undefined {
  assert.ok(Number.isSafeInteger(attemptsMade) && attemptsMade >= 0, 'attemptsMade is a count');
  const baseMs = WEBHOOK_RETRY_SCHEDULE_MS[attemptsMade];
  if (baseMs === undefined) return undefined;
  const factor = 1 + (random() * 2 - 1) * WEBHOOK_RETRY_JITTER_RATIO;
  return Math.round(baseMs * factor);
}

/**
 * Reads a Retry-After header (RFC 9110: delta-seconds or an HTTP-date) into milliseconds from
 * `now`, at most WEBHOOK_RETRY_AFTER_MS_MAX. A date in the past means 0; an absent or unreadable
 * header is undefined (follow the schedule).
 */
export function parseRetryAfter(headerValue: string | undefined, now: Date): number | undefined {
  if (headerValue === undefined) return undefined;
  const text = headerValue.trim();
  if (/^[0-9]+$/.test(text)) {
    // Long digit strings overflow to huge numbers, which the cap handles.
    return Math.min(Number(text) * SECOND_MS, WEBHOOK_RETRY_AFTER_MS_MAX);
  }
  // IMF-fixdate or RFC 850 date: weekday, comma, GMT. Date.parse alone would take "2" or "May".
  if (!/^[A-Za-z]{3,9}, .+ GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now.getTime(), 0), WEBHOOK_RETRY_AFTER_MS_MAX);
}

export type DeliveryOutcome = 'delivered' | 'gone' | 'retry';

/**
 * 2xx is delivered. 410 Gone means the receiver removed the endpoint: stop (Standard Webhooks
 * also disables it). Everything else retries, including 3xx, because redirects are not followed
 * (a redirect could point the delivery at an internal address).
 */
export function classifyDeliveryResponse(status: number): DeliveryOutcome {
  assert.ok(Number.isInteger(status) && status >= 100 && status <= 599, 'an HTTP status');
  if (status >= 200 && status <= 299) return 'delivered';
  if (status === 410) return 'gone';
  return 'retry';
}
