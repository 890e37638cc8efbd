import { describe, expect, it } from 'vitest';
import {
  classifyDeliveryResponse,
  nextAttemptDelayMs,
  parseRetryAfter,
  WEBHOOK_ATTEMPTS_MAX,
  WEBHOOK_RETRY_AFTER_MS_MAX,
  WEBHOOK_RETRY_SCHEDULE_MS,
  WEBHOOK_TIMEOUT_MS,
} from '../../../src/domain/webhooks/retry-schedule';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** random() = 0.5 is the middle of [0, 1): no jitter. */
const noJitter = () => 0.5;

describe('the schedule', () => {
  it("is Svix's: 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h", () => {
    expect(WEBHOOK_RETRY_SCHEDULE_MS).toEqual([
      0,
      5 * SECOND,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      10 * HOUR,
    ]);
    expect(WEBHOOK_ATTEMPTS_MAX).toBe(8);
    expect(WEBHOOK_TIMEOUT_MS).toBe(10_000);
  });

  it('spans about 27.6 hours', () => {
    const totalMs = WEBHOOK_RETRY_SCHEDULE_MS.reduce((sum, ms) => sum + ms, 0);
    expect(totalMs / HOUR).toBeCloseTo(27.59, 1);
  });
});

describe('nextAttemptDelayMs', () => {
  it('follows the schedule without jitter', () => {
    const delays = WEBHOOK_RETRY_SCHEDULE_MS.map((_, made) => nextAttemptDelayMs(made, noJitter));
    expect(delays).toEqual(WEBHOOK_RETRY_SCHEDULE_MS);
  });

  it('sends the first attempt at once whatever the jitter', () => {
    expect(nextAttemptDelayMs(0, () => 0)).toBe(0);
    expect(nextAttemptDelayMs(0, () => 0.999)).toBe(0);
  });

  it('jitters by at most 10 % either way', () => {
    expect(nextAttemptDelayMs(2, () => 0)).toBe(4.5 * MINUTE);
    expect(nextAttemptDelayMs(2, () => 0.75)).toBe(5.25 * MINUTE);
    const highest = nextAttemptDelayMs(2, () => 1 - Number.EPSILON)!;
    expect(highest).toBeLessThanOrEqual(5.5 * MINUTE);
    expect(highest).toBeGreaterThan(5.49 * MINUTE);
  });

  it('stays within the band for real randomness', () => {
    for (let i = 0; i < 200; i += 1) {
      const delay = nextAttemptDelayMs(6)!;
      expect(delay).toBeGreaterThanOrEqual(9 * HOUR);
      expect(delay).toBeLessThanOrEqual(11 * HOUR);
      expect(Number.isInteger(delay)).toBe(true);
    }
  });

  it('is exhausted after 8 attempts', () => {
    expect(nextAttemptDelayMs(7, noJitter)).toBe(10 * HOUR);
    expect(nextAttemptDelayMs(8, noJitter)).toBeUndefined();
    expect(nextAttemptDelayMs(1_000, noJitter)).toBeUndefined();
  });

  it.each([-1, 1.5, Number.NaN])('refuses an attempt count of %s (a programming error)', (made) => {
    expect(() => nextAttemptDelayMs(made)).toThrow();
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2025-06-15T10:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120 * SECOND);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP-date relative to now', () => {
    expect(parseRetryAfter('Sun, 15 Jun 2025 10:05:00 GMT', now)).toBe(5 * MINUTE);
    expect(parseRetryAfter('Sunday, 15-Jun-25 10:00:30 GMT', now)).toBe(30 * SECOND);
  });

  it('treats a date in the past as now', () => {
    expect(parseRetryAfter('Sun, 15 Jun 2025 09:00:00 GMT', now)).toBe(0);
  });

  it('caps both forms at the maximum', () => {
    expect(WEBHOOK_RETRY_AFTER_MS_MAX).toBe(10 * HOUR);
    expect(parseRetryAfter(String(10 * 3600), now)).toBe(10 * HOUR);
    expect(parseRetryAfter(String(10 * 3600 + 1), now)).toBe(WEBHOOK_RETRY_AFTER_MS_MAX);
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(WEBHOOK_RETRY_AFTER_MS_MAX);
    expect(parseRetryAfter('Fri, 01 Jan 2100 00:00:00 GMT', now)).toBe(WEBHOOK_RETRY_AFTER_MS_MAX);
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['negative', '-5'],
    ['fractional', '1.5'],
    ['a bare number Date.parse would take', 'May 2025'],
    ['a date without GMT', 'Sun, 15 Jun 2025 10:05:00'],
    ['an impossible date', 'Sun, 45 Jun 2025 10:05:00 GMT'],
    ['words', 'later'],
  ])('ignores %s', (_, value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('classifyDeliveryResponse', () => {
  it.each([200, 201, 202, 204, 299])('%s is delivered', (status) => {
    expect(classifyDeliveryResponse(status)).toBe('delivered');
  });

  it('410 Gone stops the delivery', () => {
    expect(classifyDeliveryResponse(410)).toBe('gone');
  });

  it.each([100, 199, 300, 301, 302, 304, 400, 401, 404, 409, 429, 500, 502, 503, 504, 599])(
    '%s is retried',
    (status) => {
      expect(classifyDeliveryResponse(status)).toBe('retry');
    },
  );

  it.each([0, 99, 600, 200.5])('refuses the impossible status %s (a bug)', (status) => {
    expect(() => classifyDeliveryResponse(status)).toThrow();
  });
});
