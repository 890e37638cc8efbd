/**
 * A transaction held open across several steps of one request, on one pooled connection. The
 * Idempotency-Key plugin claims a key in it, lets the route's use case run in it and stores the
 * response in it, so the key and the effect commit or roll back together: a crash, a lost
 * connection or a 5xx leaves neither behind.
 *
 * `db` is an ordinary Kysely over that connection whose `transaction()` opens a savepoint, so
 * use cases that open their own transaction run unchanged inside the held one.
 */
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresDriver,
  type DatabaseConnection,
  type Driver,
} from 'kysely';
import type pg from 'pg';
import { poolOf, singleClientPool, type Database } from './database';
import type { DB } from './schema';

export interface HeldTransaction {
  /** Runs statements inside the held transaction; `transaction()` on it is a savepoint. */
  db: Database;
  /** Marks a point that `rollbackToMark` returns to (undoing a failed use case's writes). */
  mark(): Promise<void>;
  rollbackToMark(): Promise<void>;
  commit(): Promise<void>;
  /** Rolls back and returns the connection; safe to call after a failure or twice. */
  rollback(): Promise<void>;
}

const MARK = 'held_transaction_mark';

/** Nested `transaction()` calls become savepoints on the held connection. */
class SavepointDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('savepoint nested_transaction'));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('release savepoint nested_transaction'));
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback to savepoint nested_transaction'));
  }
}

class SavepointDialect extends PostgresDialect {
  constructor(private readonly pool: pg.Pool) {
    super({ pool });
  }

  override createDriver(): Driver {
    return new SavepointDriver({ pool: this.pool });
  }
}

/** Takes a pooled connection (bounded by the pool's connection timeout) and begins. */
export async function beginHeldTransaction(db: Database): Promise<HeldTransaction> {
  const pool = poolOf.get(db);
  if (!pool) throw new Error('beginHeldTransaction needs a Database from openDatabase');
  const client = await pool.connect();
  let ended = false;
  const end = (broken?: Error) => {
    if (ended) return;
    ended = true;
    client.release(broken);
  };
  try {
    await client.query('begin');
  } catch (error) {
    end(error as Error);
    throw error;
  }
  const held = new Kysely<DB>({ dialect: new SavepointDialect(singleClientPool(client)) });
  return {
    db: held,
    mark: async () => { await client.query(`savepoint ${MARK}`); },
    rollbackToMark: async () => { await client.query(`rollback to savepoint ${MARK}`); },
    async commit() {
      try {
        const result = await client.query('commit');
        // PostgreSQL answers COMMIT of an aborted transaction with ROLLBACK.
        if (result.command === 'ROLLBACK') throw new Error('the held transaction was aborted');
        end();
      } catch (error) {
        end(error as Error);
        throw error;
      }
    },
    async rollback() {
      if (ended) return;
      // A connection that cannot roll back (lost server) is discarded, not pooled.
      await client.query('rollback').then(() => end(), (error: Error) => end(error));
    },
  };
}
