/**
 * The connection budget (DIALTONE_DB_CONNECTIONS): each API process's pool is its share, at
 * most 20; a budget that cannot give every process a working pool stops start-up with what to
 * set; the embedded PostgreSQL allows the pools plus headroom. The server-side check and the
 * budget held by a real cluster under load are in test/db/embedded-postgres.test.ts and
 * test/reliability/connection-budget.test.ts.
 */
import { expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import {
  connectionsUsed, embeddedMaxConnections, poolSizeOf,
} from '../../src/connection-budget';

const config = (env: Record<string, string>) => loadConfig(env, false);

it('shares the budget out as each process\'s pool, at most 20 each', () => {
  expect(config({}).dbConnections).toBe(80);
  expect(poolSizeOf(config({}))).toBe(20);
  expect(poolSizeOf(config({ DIALTONE_WORKERS: '4' }))).toBe(20);
  expect(connectionsUsed(config({ DIALTONE_WORKERS: '4' }))).toBe(80);
  const tight = config({ DIALTONE_WORKERS: '3', DIALTONE_DB_CONNECTIONS: '40' });
  expect(poolSizeOf(tight)).toBe(13);
  expect(connectionsUsed(tight)).toBe(39);
  expect(poolSizeOf(config({ DIALTONE_DB_CONNECTIONS: '8' }))).toBe(8);
});

it('refuses a budget that cannot give each process a working pool, saying what to set', () => {
  expect(() => config({ DIALTONE_WORKERS: '4', DIALTONE_DB_CONNECTIONS: '20' })).toThrow(
    'DIALTONE_DB_CONNECTIONS=20 cannot give 4 API process(es) 6 connections each; set it to at '
    + 'least 24 or lower DIALTONE_WORKERS');
  expect(() => config({ DIALTONE_DB_CONNECTIONS: '5' })).toThrow(/at least 6 /);
  expect(() => config({ DIALTONE_DB_CONNECTIONS: 'many' }))
    .toThrow('DIALTONE_DB_CONNECTIONS must be a whole number >= 0, got "many"');
  expect(config({ DIALTONE_WORKERS: '4', DIALTONE_DB_CONNECTIONS: '24' }).dbConnections).toBe(24);
});

it('sizes the embedded PostgreSQL for the pools plus headroom, never under its default', () => {
  expect(embeddedMaxConnections(config({}))).toBe(100);
  expect(embeddedMaxConnections(config({ DIALTONE_WORKERS: '4' }))).toBe(100);
  expect(embeddedMaxConnections({ workers: 8, dbConnections: 160 })).toBe(180);
});
