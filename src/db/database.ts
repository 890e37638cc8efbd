/** Kysely over a pg pool, with explicit pool and statement limits. */
/* eslint-disable @typescript-eslint/no-explicit-any -- the migrator is schema-agnostic. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Logger, runMigrations as runWorkerMigrations } from 'graphile-worker';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  DB_CONNECT_TIMEOUT_MS, DB_POOL_SIZE_MAX, DB_QUERY_TIMEOUT_MS, DB_STATEMENT_TIMEOUT_MS,
} from '../limits';
import { migrations } from './migrations/index';
import type { DB } from './schema';

export type Database = Kysely<DB>;
export type DatabaseTransaction = Transaction<DB>;
/** Either the database or an open transaction: what domain functions take first. */
export type Executor = Database | DatabaseTransaction;

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

export function openDatabase(url: string, poolSize = DB_POOL_SIZE_MAX): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
    statement_timeout: DB_STATEMENT_TIMEOUT_MS,
    // The server enforces statement_timeout only while it runs; a frozen one needs this bound.
    query_timeout: DB_QUERY_TIMEOUT_MS,
    application_name: 'dialtone',
  });
  // An idle client that loses its server must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  poolOf.set(db, pool);
  return { db, pool, close: () => db.destroy() };
}

/** The pool behind each Database opened here (transactionWithCopy borrows a client of it). */
export const poolOf = new WeakMap<Database, pg.Pool>();

/** A pool of one already-checked-out client, for a Kysely that must run on that connection. */
export function singleClientPool(client: pg.PoolClient): pg.Pool {
  const adapter = { query: client.query.bind(client), release: () => {} };
  return { connect: async () => adapter, end: async () => {} } as unknown as pg.Pool;
}

/** Streams `COPY <table> (<columns>) FROM STDIN` text (tab-separated lines) into the table. */
export type CopyIn = (statement: string, text: Iterable<string>) => Promise<void>;

/**
 * A transaction that can also COPY rows in: Kysely has no COPY, so one pooled client runs both
 * a Kysely transaction and pg-copy-streams. Bulk paths (CDR ingestion) use it; COPY parses far
 * less per row than any INSERT ... SELECT from parameters.
 */
export async function transactionWithCopy<T>(
  db: Database,
  work: (trx: DatabaseTransaction, copyIn: CopyIn) => Promise<T>,
): Promise<T> {
  const pool = poolOf.get(db);
  if (!pool) throw new Error('transactionWithCopy needs a Database from openDatabase');
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    const single = new Kysely<DB>({
      dialect: new PostgresDialect({ pool: singleClientPool(client) }),
    });
    const copyIn: CopyIn = (statement, text) =>
      pipeline(Readable.from(text, { objectMode: false }), client.query(copyFrom(statement)));
    return await single.transaction().execute((trx) => work(trx, copyIn));
  } catch (error) {
    // A connection left mid-COPY or mid-transaction must not go back to the pool.
    broken = (error as { code?: string }).code === undefined ? (error as Error) : undefined;
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Applies dialtone's migrations, then graphile-worker's own schema, so business transactions
 * can enqueue jobs (graphile_worker.add_job) even before a worker has started.
 */
export async function migrateToLatest(handle: Pick<DatabaseHandle, 'db' | 'pool'>): Promise<string[]> {
  const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw new Error('database migration failed', { cause: error });
  await runWorkerMigrations({ pgPool: handle.pool, logger: new Logger(() => () => {}) });
  return (results ?? []).map((result) => result.migrationName);
}

/** True when the database answers a query (used by /ready). */
export async function isReachable(db: Kysely<any>): Promise<boolean> {
  return sql`select 1`.execute(db).then(() => true, () => false);
}

/** True when every known migration has been applied (used by /ready). */
export async function isMigrated(db: Kysely<any>): Promise<boolean> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const all = await migrator.getMigrations();
  return all.every((migration) => migration.executedAt !== undefined);
}
