/**
 * The dialtone CLI (commander): `dialtone <command> [subcommand] [options]`. Each command lives
 * in its own module under commands/ and exports a factory of its commander Command; this file
 * only lists them. `--help` anywhere prints that command's usage and exits 0; a usage error
 * (unknown option, missing argument, bad value) prints the message and the usage and exits 2;
 * a failure while running prints `dialtone: <message>` and exits 1.
 */
import { Command, CommanderError } from 'commander';
import { demoCommand } from './commands/demo';
import { inventoryCommand } from './commands/inventory';
import { mailCommand } from './commands/mail';
import { migrateCommand } from './commands/migrate';
import { partnersCommand } from './commands/partners';
import { secretsCommand } from './commands/secrets';
import { serveCommand } from './commands/serve';
import { simulateCommand } from './commands/simulate';
import { webhooksCommand } from './commands/webhooks';

const COMMANDS: (() => Command)[] = [
  serveCommand,
  migrateCommand,
  partnersCommand,
  inventoryCommand,
  simulateCommand,
  mailCommand,
  webhooksCommand,
  demoCommand,
  secretsCommand,
];

export const EXIT_USAGE = 2;

export function buildProgram(): Command {
  const program = new Command('dialtone')
    .description('Operate a dialtone server: run it, manage partners, numbers, e-mail, '
      + 'webhooks, and tell the demo')
    .version('0.1.0');
  for (const command of COMMANDS) program.addCommand(command());
  applyConventions(program);
  return program;
}

/** The same error and help behaviour on every command and subcommand. */
function applyConventions(command: Command): void {
  command.exitOverride().showHelpAfterError().allowExcessArguments(false);
  for (const sub of command.commands) applyConventions(sub);
}

/** Runs the CLI on `argv` (without node and the script); resolves the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    process.stderr.write(`dialtone: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
