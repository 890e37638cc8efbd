/**
 * `dialtone serve`: run the server (the same as `npm start`). Its options are shorthands for
 * the environment variables of the configuration table, which stay the one source of settings.
 */
import { Command } from 'commander';
import { wholeNumber } from '../output';

interface ServeOptions {
  port?: string;
  host?: string;
  dataDir?: string;
  workers?: number;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('start the API (embedded PostgreSQL under DATA_DIR unless DATABASE_URL is set)')
    .option('--port <port>', 'HTTP port (sets PORT; default 8080)')
    .option('--host <host>', 'interface to bind (sets HOST; default 127.0.0.1 on the embedded '
      + 'database, else 0.0.0.0)')
    .option('--data-dir <dir>', 'data directory (sets DATA_DIR; default ./data)')
    .option('--workers <n>', 'API processes to run (sets DIALTONE_WORKERS; default 1)',
      wholeNumber(1, 256))
    .action(async (options: ServeOptions) => {
      if (options.port !== undefined) process.env.PORT = options.port;
      if (options.host !== undefined) process.env.HOST = options.host;
      if (options.dataDir !== undefined) process.env.DATA_DIR = options.dataDir;
      if (options.workers !== undefined) process.env.DIALTONE_WORKERS = String(options.workers);
      await import('../../main');
    });
}
