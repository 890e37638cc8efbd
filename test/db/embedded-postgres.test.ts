/**
 * The embedded PostgreSQL as dialtone runs it: on 127.0.0.1 only with a password generated for
 * its data directory (0600); a data directory from before generated passwords gets one; when
 * PostgreSQL cannot start, the error quotes the last lines of its own log; as root, a parent
 * directory the `postgres` OS user cannot enter stops start-up with the chmod that fixes it;
 * max_connections follows the connection budget, and pools the server cannot hold stop start-up.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { assertServerFitsBudget } from '../../src/connection-budget';
import { openDatabase } from '../../src/db/database';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { OperatorError } from '../../src/operator-error';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-embedded-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function query(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

it('listens on loopback only, with a generated password that it also asks for', async () => {
  const server = await startEmbeddedPostgres(dataDir);
  try {
    expect(await query(server.url, 'show listen_addresses')).toEqual([{ listen_addresses: '127.0.0.1' }]);
    expect(await query(server.url, 'show unix_socket_directories')).toEqual([{ unix_socket_directories: '' }]);
    const password = fs.readFileSync(path.join(dataDir, 'postgres-password'), 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(fs.statSync(path.join(dataDir, 'postgres-password')).mode & 0o777).toBe(0o600);
    expect(decodeURIComponent(new URL(server.url).password)).toBe(password);
    const wrong = new URL(server.url);
    wrong.password = 'dialtone';
    await expect(query(wrong.toString(), 'select 1')).rejects.toThrow(/password authentication failed/);
  } finally {
    await server.stop();
  }
}, 120_000);

it('gives a data directory that still has the old constant password a generated one', async () => {
  const server = await startEmbeddedPostgres(dataDir);
  await query(server.url, "alter role postgres password 'dialtone'");
  await server.stop();
  fs.writeFileSync(path.join(dataDir, 'postgres-password'), 'a-newly-generated-password\n');
  const again = await startEmbeddedPostgres(dataDir);
  try {
    expect(decodeURIComponent(new URL(again.url).password)).toBe('a-newly-generated-password');
    expect(await query(again.url, 'select 1 as ok')).toEqual([{ ok: 1 }]);
  } finally {
    await again.stop();
  }
}, 120_000);

it('allows the connections asked for, and start-up refuses pools the server cannot hold', async () => {
  const server = await startEmbeddedPostgres(dataDir, { maxConnections: 30 });
  const database = openDatabase(server.url, 2);
  try {
    expect(await query(server.url, 'show max_connections')).toEqual([{ max_connections: '30' }]);
    // 30 less 3 reserved for superusers: one pool of 20 fits, two do not.
    await assertServerFitsBudget(database.db, { workers: 1, dbConnections: 80 });
    const failure = await assertServerFitsBudget(database.db, { workers: 2, dbConnections: 80 })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OperatorError);
    expect((failure as Error).message).toBe('2 API process(es) x 20 connections = 40, but the '
      + 'database allows 27 (max_connections 30 less 3 reserved); lower DIALTONE_DB_CONNECTIONS '
      + 'or DIALTONE_WORKERS, or raise the server\'s max_connections');
    await assertServerFitsBudget(database.db, { workers: 2, dbConnections: 26 });
  } finally {
    await database.close();
    await server.stop();
  }
}, 120_000);

it('quotes the last lines of PostgreSQL\'s log when it cannot start', async () => {
  fs.appendFileSync(path.join(dataDir, 'postgres', 'postgresql.conf'), '\nshared_buffers = lots\n');
  const failure = await startEmbeddedPostgres(dataDir).then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(OperatorError);
  const message = (failure as Error).message;
  expect(message).toMatch(/^the embedded PostgreSQL exited while starting\nlast lines of .*postgres\.log:\n/);
  expect(message).toContain('invalid value for parameter "shared_buffers": "lots"');
}, 120_000);

it.runIf(process.getuid?.() === 0)('as root, names a parent directory postgres cannot enter', async () => {
  const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-closed-'));
  try {
    const failure = await startEmbeddedPostgres(path.join(closed, 'data')).catch((error: Error) => error);
    expect((failure as Error).message).toBe('PostgreSQL runs as the OS user "postgres" (dialtone runs '
      + `as root), which cannot enter ${closed} (mode 0700): run \`chmod o+x ${closed}\` or choose `
      + 'a DATA_DIR outside it');
  } finally {
    fs.rmSync(closed, { recursive: true, force: true });
  }
});
