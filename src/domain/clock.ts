/**
 * Time as the domain sees it. Production uses the system clock; tests pass a clock they can
 * move (expiry, reminders, monthly billing) without sleeping.
 */
export type Clock = () => Date;

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
/** A day in epoch milliseconds (epoch time has no leap seconds: every UTC day is this long). */
export const DAY_MS = 24 * HOUR_MS;

export const systemClock: Clock = () => new Date();

/** A clock for tests and simulations: starts at `start` and moves only when told. */
export function manualClock(start: Date): Clock & { advance(ms: number): void; set(at: Date): void } {
  let now = start.getTime();
  const clock = (() => new Date(now)) as Clock & { advance(ms: number): void; set(at: Date): void };
  clock.advance = (ms) => { now += ms; };
  clock.set = (at) => { now = at.getTime(); };
  return clock;
}
