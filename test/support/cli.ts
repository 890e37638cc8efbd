/**
 * Runs the dialtone CLI in this process (the real commander program, its real HTTP requests)
 * and captures what it prints and its exit code. Tests of the CLI as a separate process (server
 * discovery, help, exit codes of the binary) use runCliProcess.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { vi } from 'vitest';
import { runCli } from '../../src/cli/program';
import { ADMIN_TOKEN } from './app';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCliInProcess(argv: string[]): Promise<CliRun> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await runCli(argv);
    const text = (spy: typeof out) => spy.mock.calls.map(([chunk]) => String(chunk)).join('');
    return { code, stdout: text(out), stderr: text(err) };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

const BIN = path.join(import.meta.dirname, '..', '..', 'bin', 'dialtone.js');

/** `dialtone ...argv` as a child process, as an operator types it. */
export function runCliProcess(
  argv: string[],
  env: Record<string, string | undefined>,
  options: { timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += String(chunk); });
    child.stderr.on('data', (chunk) => { stderr += String(chunk); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/**
 * Makes the test app listen on 127.0.0.1 and points the in-process CLI at it with the test
 * operator token (DIALTONE_URL, DIALTONE_ADMIN_TOKEN); resolves a function restoring the env.
 */
export async function pointCliAt(app: FastifyInstance): Promise<() => void> {
  const saved = { ...process.env };
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  process.env.DIALTONE_URL = `http://127.0.0.1:${port}`;
  process.env.DIALTONE_ADMIN_TOKEN = ADMIN_TOKEN;
  return () => { process.env = saved; };
}
