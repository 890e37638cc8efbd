/**
 * Safe development defaults and the files an operator reads first: HOST on the embedded
 * database is loopback, log format follows the terminal, graphile-worker's lines go through
 * pino (routine ones at debug), pretty logs are for people, .env.example lists every setting
 * of the README's configuration table, and the license is stated where a user looks for it.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { workerLogger } from '../../src/jobs/worker-logger';

const REPO = path.join(import.meta.dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(REPO, file), 'utf8');

describe('configuration defaults', () => {
  it('binds loopback with the embedded database and all interfaces with DATABASE_URL', () => {
    expect(loadConfig({}, false).host).toBe('127.0.0.1');
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }, false).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '0.0.0.0' }, false).host).toBe('0.0.0.0');
  });

  it('logs JSON unless stdout is a terminal or LOG_FORMAT says otherwise', () => {
    expect(loadConfig({}, false).logFormat).toBe('json');
    expect(loadConfig({}, true).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }, true).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' }, false)).toThrow('LOG_FORMAT must be json or pretty, got "xml"');
    expect(loadConfig({}, false).databaseWaitSeconds).toBe(60);
    expect(() => loadConfig({ DATABASE_WAIT_SECONDS: '-1' }, false)).toThrow(/DATABASE_WAIT_SECONDS/);
  });
});

describe('logs', () => {
  function capture(level: string) {
    const lines: { level: number; msg: string; component?: string }[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) { lines.push(JSON.parse(String(chunk))); done(); },
    });
    return { log: pino({ level }, stream), lines };
  }

  it("puts graphile-worker's lines through pino, with Completed task at debug", () => {
    const info = capture('info');
    const logger = workerLogger(info.log);
    logger.info('Worker connected and looking for jobs...');
    logger.info('Completed task 7 (mail_send, 12.3ms, success)');
    logger.warn('Failed task 8 (webhooks_deliver, 2ms) with error boom');
    logger.error('Worker crashed');
    expect(info.lines.map(({ level, msg, component }) => ({ level, msg, component }))).toEqual([
      { level: 30, msg: 'Worker connected and looking for jobs...', component: 'worker' },
      { level: 40, msg: 'Failed task 8 (webhooks_deliver, 2ms) with error boom', component: 'worker' },
      { level: 50, msg: 'Worker crashed', component: 'worker' },
    ]);
    const debug = capture('debug');
    workerLogger(debug.log).info('Completed task 7 (mail_send, 12.3ms, success)');
    expect(debug.lines).toEqual([expect.objectContaining({ level: 20, msg: 'Completed task 7 (mail_send, 12.3ms, success)' })]);
  });

  it('LOG_FORMAT=pretty renders lines for people', async () => {
    const script = "import('./src/logger.ts').then(({ createLogger }) => createLogger("
      + "{ logLevel: 'info', logFormat: 'pretty' }).info({ url: 'http://x' }, 'hello operator'));";
    const { stdout } = await promisify(execFile)(process.execPath,
      ['--import', 'tsx', '-e', script], { cwd: REPO, timeout: 30_000 });
    expect(stdout).toMatch(/INFO.*hello operator/);
    expect(stdout).toContain('url: "http://x"');
    expect(() => JSON.parse(stdout.split('\n')[0]!)).toThrow();
  }, 40_000);
});

describe('files for operators', () => {
  it('.env.example lists every variable of the README configuration table', () => {
    const table = read('README.md').split('## Configuration')[1]!.split('\n## ')[0]!;
    const names = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((match) => match[1]!);
    expect(names.length).toBeGreaterThan(15);
    const example = read('.env.example');
    for (const name of names) expect(example).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
    expect(example).toMatch(/^PORT=8080$/m);
    expect(example).toMatch(/^DATABASE_WAIT_SECONDS=60$/m);
  });

  it('states the license in LICENSE, package.json and the README', () => {
    expect(read('LICENSE')).toMatch(/^MIT License\n/);
    expect(JSON.parse(read('package.json')).license).toBe('MIT');
    expect(read('README.md')).toContain('[MIT license](LICENSE)');
  });
});
