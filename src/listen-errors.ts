/**
 * A port dialtone cannot listen on is the operator's to fix: one message naming the setting.
 * Checked before PostgreSQL starts, by a single process and by a cluster's primary (whose
 * workers would otherwise fail to listen, die and be restarted over and over).
 */
import net from 'node:net';
import type { Config } from './config';
import { OperatorError } from './operator-error';

/** Fails before PostgreSQL starts when the port is taken (listen() would, much later). */
export function assertPortFree(config: Config): Promise<void> {
  if (config.port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) => reject(explainListenError(error, config)));
    probe.listen({ port: config.port, host: config.host, exclusive: true },
      () => probe.close(() => resolve()));
  });
}

export function explainListenError(error: unknown, config: Config): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new OperatorError(`port ${config.port} is in use; set PORT`);
  if (code === 'EADDRNOTAVAIL') {
    return new OperatorError(`HOST ${config.host} is not an address of this machine; set HOST`);
  }
  if (code === 'EACCES') {
    return new OperatorError(`port ${config.port} needs privileges this user lacks; set PORT`);
  }
  return error;
}
