/**
 * graphile-worker's log lines through the process's pino logger (one JSON stream), with the
 * routine ones ("Completed task ...", one per job) at debug so info stays readable.
 */
import { Logger } from 'graphile-worker';
import type { Logger as Pino } from 'pino';

const ROUTINE = /^Completed task /;

export function workerLogger(log: Pino): Logger {
  const worker = log.child({ component: 'worker' });
  return new Logger((scope) => (level, message, meta) => {
    const fields = { ...scope, ...meta };
    const name = String(level);
    if (name === 'error') worker.error(fields, message);
    else if (name === 'warning') worker.warn(fields, message);
    else if (name === 'info' && !ROUTINE.test(message)) worker.info(fields, message);
    else worker.debug(fields, message);
  });
}
