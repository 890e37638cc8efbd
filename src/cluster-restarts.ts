/**
 * How the cluster primary starts a dead worker again (src/cluster.ts). At once would turn a
 * worker that dies at start-up (a database refusing connections, a setting it cannot use) into
 * a hot loop of forks, each loading every module and opening connections. So each worker slot
 * waits before its next fork, doubling with each death in a row up to a bound, and a worker
 * that lived long enough to count as healthy resets its slot.
 */
import {
  WORKER_HEALTHY_UPTIME_MS, WORKER_RESTART_DELAY_MAX_MS, WORKER_RESTART_FIRST_DELAY_MS,
  WORKER_RESTART_LOG_INTERVAL_MS,
} from './limits';

/** One worker slot's deaths in a row, and so its pause before the next fork. */
export class RestartBackoff {
  private deathsInARow = 0;

  /** The pause before forking again, given how long the worker that died had lived. */
  delayAfterDeath(uptimeMs: number): number {
    if (uptimeMs >= WORKER_HEALTHY_UPTIME_MS) this.deathsInARow = 0;
    const delay = WORKER_RESTART_FIRST_DELAY_MS * 2 ** Math.min(this.deathsInARow, 30);
    this.deathsInARow += 1;
    return Math.min(delay, WORKER_RESTART_DELAY_MAX_MS);
  }
}

/**
 * Restart lines at most once per interval across the cluster; each line says how many
 * restarts since the previous one went unlogged, so a crash loop is visible without flooding.
 */
export class RestartLogThrottle {
  private lastLineAt = -Infinity;
  private heldBack = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  restarted(line: string): void {
    const now = this.now();
    if (now - this.lastLineAt < WORKER_RESTART_LOG_INTERVAL_MS) {
      this.heldBack += 1;
      return;
    }
    const unlogged = ` (${this.heldBack} more restarts since the last line)`;
    this.write(this.heldBack > 0 ? `${line}${unlogged}` : line);
    this.lastLineAt = now;
    this.heldBack = 0;
  }
}
