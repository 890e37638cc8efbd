/**
 * What the process opened, in order, so that shutdown (SIGTERM/SIGINT) and a failed start-up
 * close it in reverse: the HTTP server first, then the job worker and the pool, the embedded
 * PostgreSQL only after every connection to it is closed, and DATA_DIR's claim last. A signal
 * during start-up stops it at the next step instead of leaving half a server running.
 */
import type { Logger } from 'pino';
import { SHUTDOWN_GRACE_MS } from './limits';

interface Resource {
  name: string;
  close: () => Promise<void> | void;
}

/** Thrown out of start-up when a signal asked the process to stop meanwhile. */
export class StopRequested extends Error {}

export class Lifecycle {
  private readonly resources: Resource[] = [];
  private signal: string | undefined;
  private running = false;

  constructor(private readonly log: Logger) {}

  /** Registers what to close at shutdown; throws StopRequested when a signal came meanwhile. */
  opened(name: string, close: Resource['close']): void {
    this.resources.push({ name, close });
    if (this.signal) throw new StopRequested(this.signal);
  }

  /** Start-up is over: a signal now stops the process at once. */
  serving(): void {
    this.running = true;
  }

  handleSignals(onStopped: (code: number) => void): void {
    const stop = (signal: string) => {
      if (this.signal) return;
      this.signal = signal;
      if (this.running) void this.shutdown(signal).then(onStopped);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  }

  /** Closes everything (in reverse order), bounded by SHUTDOWN_GRACE_MS; resolves the exit code. */
  async shutdown(reason: string): Promise<number> {
    if (this.running) this.log.info({ reason }, 'shutting down: finishing in-flight requests and jobs');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<number>((resolve) => {
      timer = setTimeout(() => {
        this.log.error('shutdown took too long; exiting');
        resolve(1);
      }, SHUTDOWN_GRACE_MS);
    });
    const code = await Promise.race([this.closeAll(), late]);
    clearTimeout(timer);
    return code;
  }

  private async closeAll(): Promise<number> {
    let code = 0;
    for (const resource of this.resources.splice(0).reverse()) {
      try {
        await resource.close();
      } catch (error) {
        code = 1;
        this.log.error({ err: error }, `closing the ${resource.name} failed`);
      }
    }
    return code;
  }
}
