/** The dialtone CLI: `dialtone <command> [options]`. Each command lives in commands/. */
import { ApiError } from './api-client';
import { demoCommand } from './commands/demo';
import { edgeCommand } from './commands/edge';
import { inventoryCommand } from './commands/inventory';
import { mailCommand } from './commands/mail';
import { migrateCommand } from './commands/migrate';
import { partnersCommand } from './commands/partners';
import { serveCommand } from './commands/serve';
import { simulateCommand } from './commands/simulate';
import type { Command } from './output';

const COMMANDS: Command[] = [
  serveCommand,
  migrateCommand,
  partnersCommand,
  inventoryCommand,
  simulateCommand,
  mailCommand,
  demoCommand,
  edgeCommand,
];

async function runCli(argv: string[]): Promise<void> {
  const [name, ...rest] = argv;
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    process.stdout.write(`usage: dialtone <command>\n\n${COMMANDS.map((c) => `  ${c.summary}`).join('\n')}\n`);
    if (name && name !== 'help' && name !== '--help') process.exitCode = 1;
    return;
  }
  await command.run(rest);
}

runCli(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`dialtone: ${message}\n`);
  process.exit(1);
});
