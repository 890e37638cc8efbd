/**
 * `dialtone demo`: the whole partner lifecycle as a story, against DIALTONE_URL (with the
 * operator token from DIALTONE_ADMIN_TOKEN or DATA_DIR) or, with --start, a server it starts
 * on a fresh embedded database. Exits non-zero at the first failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { operatorCredentials } from '../api-client';
import { runLifecycle } from '../demo/lifecycle';
import { createStory } from '../demo/story';
import type { Command } from '../output';
import { startServerProcess } from '../server-process';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'demo [--start]: tell the partner lifecycle end to end (--start: on a throwaway server)',
  async run(argv) {
    const { values } = parseArgs({ args: argv, options: { start: { type: 'boolean', default: false } } });
    const story = createStory();
    if (!values.start) {
      const { baseUrl, token } = operatorCredentials();
      await runLifecycle(story, baseUrl, token);
      process.stdout.write('\ndemo complete\n');
      return;
    }
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-demo-'));
    fs.chmodSync(dataDir, 0o755);
    story.note(`starting dialtone on a fresh embedded database in ${dataDir} ...`);
    const server = await startServerProcess({ dataDir });
    try {
      await runLifecycle(story, server.baseUrl, server.adminToken);
      process.stdout.write('\ndemo complete\n');
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
