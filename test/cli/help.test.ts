/**
 * `--help` on every command and subcommand prints its usage with every option and exits 0;
 * `serve --help` and `migrate --help` start nothing and touch no database or DATA_DIR; usage
 * errors (unknown option, missing argument, bad value) print the usage and exit 2.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/program';
import { runCliInProcess, runCliProcess } from '../support/cli';

function commandPaths(command: Command, prefix: string[] = []): { path: string[]; command: Command }[] {
  return command.commands.flatMap((sub) => {
    const here = [...prefix, sub.name()];
    return [{ path: here, command: sub }, ...commandPaths(sub, here)];
  });
}

describe('dialtone --help', () => {
  it('every command and subcommand prints its usage with every option and exits 0', async () => {
    const all = commandPaths(buildProgram()).filter(({ path: p }) => p.at(-1) !== 'help');
    expect(all.map(({ path: p }) => p.join(' '))).toEqual(expect.arrayContaining([
      'serve', 'migrate', 'partners', 'partners create', 'partners list', 'partners credit',
      'inventory import', 'simulate', 'mail list', 'webhooks listen', 'webhooks trigger', 'demo',
    ]));
    for (const { path: commandPath, command } of all) {
      const result = await runCliInProcess([...commandPath, '--help']);
      expect(result.code, commandPath.join(' ')).toBe(0);
      expect(result.stdout).toContain(`Usage: dialtone ${commandPath.join(' ')}`);
      for (const option of command.options) expect(result.stdout).toContain(option.flags);
    }
  });

  it('partners create lists --company, --currency and --max-accounts; serve lists --workers', async () => {
    const create = await runCliInProcess(['partners', 'create', '--help']);
    for (const flag of ['--company <company>', '--currency <code>', '--max-accounts <n>', '--url <url>']) {
      expect(create.stdout).toContain(flag);
    }
    expect((await runCliInProcess(['serve', '--help'])).stdout).toMatch(/--workers <n> +API processes/);
  });

  it('serve --help and migrate --help start nothing and leave DATA_DIR alone', async () => {
    const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-help-')), 'data');
    // A database that does not exist: touching it would fail or hang.
    const env = { DATA_DIR: dataDir, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' };
    for (const command of ['serve', 'migrate']) {
      const result = await runCliProcess([command, '--help'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(`Usage: dialtone ${command}`);
    }
    expect(fs.existsSync(dataDir)).toBe(false);
  }, 60_000);
});

describe('usage errors exit 2 with the usage', () => {
  it.each([
    [['partners', 'create', '--name', 'A', '--email', 'a@b.test', '--bogus'], /unknown option '--bogus'/],
    [['partners', 'credit', 'PA_ABCDEFGH', '--amount', '12,5'], /--amount <amount>' argument '12,5' is invalid/],
    [['partners', 'credit', '--amount', '1.00'], /missing required argument 'auth_id'/],
    [['partners'], /Usage: dialtone partners/],
    [['nonsense'], /unknown command 'nonsense'/],
    [['simulate', '--account', 'MA_ABCDEFGH', '--calls', 'many'], /must be a whole number/],
  ])('%j', async (argv, message) => {
    const result = await runCliInProcess(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain('Usage: dialtone');
  });

  it('the binary exits 2 too', async () => {
    const result = await runCliProcess(['migrate', '--nope'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--nope'[\s\S]*Usage: dialtone migrate/);
  }, 60_000);
});
