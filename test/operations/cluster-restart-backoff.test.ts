/**
 * The cluster primary's restart policy (src/cluster-restarts.ts): the pause doubles with each
 * death in a row up to its bound, a worker that lived long enough resets it, and restart lines
 * are held back within the log interval and counted in the next one. The real restarts are in
 * test/reliability/cluster-restarts.test.ts.
 */
import { expect, it } from 'vitest';
import { RestartBackoff, RestartLogThrottle } from '../../src/cluster-restarts';
import {
  WORKER_HEALTHY_UPTIME_MS, WORKER_RESTART_DELAY_MAX_MS, WORKER_RESTART_FIRST_DELAY_MS,
  WORKER_RESTART_LOG_INTERVAL_MS,
} from '../../src/limits';

it('doubles the pause while a worker keeps dying young, up to the bound', () => {
  const slot = new RestartBackoff();
  const pauses = Array.from({ length: 8 }, () => slot.delayAfterDeath(500));
  expect(pauses.slice(0, 3)).toEqual([1, 2, 4].map((n) => n * WORKER_RESTART_FIRST_DELAY_MS));
  expect(Math.max(...pauses)).toBe(WORKER_RESTART_DELAY_MAX_MS);
  expect(pauses.at(-1)).toBe(WORKER_RESTART_DELAY_MAX_MS);
});

it('starts again from the first pause after a worker that lived a healthy uptime', () => {
  const slot = new RestartBackoff();
  for (let i = 0; i < 5; i += 1) slot.delayAfterDeath(100);
  expect(slot.delayAfterDeath(WORKER_HEALTHY_UPTIME_MS - 1)).toBe(WORKER_RESTART_DELAY_MAX_MS);
  expect(slot.delayAfterDeath(WORKER_HEALTHY_UPTIME_MS)).toBe(WORKER_RESTART_FIRST_DELAY_MS);
  expect(slot.delayAfterDeath(100)).toBe(2 * WORKER_RESTART_FIRST_DELAY_MS);
});

it('logs one restart line per interval and counts the ones held back', () => {
  const lines: string[] = [];
  let now = 0;
  const log = new RestartLogThrottle((line) => lines.push(line), () => now);
  log.restarted('a');
  now += 1_000;
  log.restarted('b');
  log.restarted('c');
  now += WORKER_RESTART_LOG_INTERVAL_MS;
  log.restarted('d');
  now += WORKER_RESTART_LOG_INTERVAL_MS;
  log.restarted('e');
  expect(lines).toEqual(['a', 'd (2 more restarts since the last line)', 'e']);
});
