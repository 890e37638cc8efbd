/** `dialtone serve`: run the server (the same as `npm start`). */
import type { Command } from '../output';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve: start the API (embedded PostgreSQL unless DATABASE_URL is set)',
  async run() {
    await import('../../main');
  },
};
