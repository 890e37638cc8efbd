/** A database of this test file's own, cloned from the migrated template. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../src/db/database';
import { TEMPLATE_DATABASE, withDatabase } from './global-setup';

export interface TestDatabase {
  url: string;
  handle: DatabaseHandle;
}

/** A statement on the server's maintenance database (creating databases, refusing one). */
export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `dialtone_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name} template ${TEMPLATE_DATABASE}`);
  const url = withDatabase(inject('adminDatabaseUrl'), name);
  return { url, handle: openDatabase(url) };
}

/** Registers beforeAll/afterAll hooks; read `.current` inside tests. */
export function useTestDatabase(): { current: TestDatabase } {
  const holder = {} as { current: TestDatabase };
  beforeAll(async () => {
    holder.current = await createTestDatabase();
  });
  afterAll(async () => {
    await holder.current?.handle.close();
  });
  return holder;
}
