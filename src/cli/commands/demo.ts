/**
 * `dialtone demo`: the whole partner lifecycle as a story, against the running server the CLI
 * finds (--url, DIALTONE_URL, DATA_DIR/server.json; the operator token from
 * DIALTONE_ADMIN_TOKEN or DATA_DIR) or, with --start, a server it starts on a fresh embedded
 * database. Exits non-zero at the first failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { findServer, operatorToken } from '../api-client';
import { runLifecycle } from '../demo/lifecycle';
import { createStory } from '../demo/story';
import { urlOption } from '../output';
import { startServerProcess } from '../server-process';

async function demo(options: { start?: boolean; url?: string }): Promise<void> {
  const story = createStory();
  if (!options.start) {
    const server = findServer(options.url);
    await runLifecycle(story, server.baseUrl, operatorToken().token);
    process.stdout.write('\ndemo complete\n');
    return;
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-demo-'));
  story.note(`starting dialtone on a fresh embedded database in ${dataDir} ...`);
  const server = await startServerProcess({ dataDir });
  try {
    await runLifecycle(story, server.baseUrl, server.adminToken);
    process.stdout.write('\ndemo complete\n');
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('tell the partner lifecycle end to end against a running server (it can be '
      + 'run again on the same server)')
    .option('--start', 'run it on a throwaway server on a fresh embedded database instead')
    .addOption(urlOption().conflicts('start'))
    .action(demo);
}
