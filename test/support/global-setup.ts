/**
 * Starts one throwaway embedded PostgreSQL for the whole run (or uses TEST_DATABASE_URL), and
 * migrates a template database once. Each test file then clones the template (fast) into a
 * database of its own, so files never see each other's rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../../src/db/database';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres';

export const TEMPLATE_DATABASE = 'dialtone_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL (any database) whose server holds the migrated template. */
    adminDatabaseUrl: string;
  }
}

/**
 * max_connections of the run's PostgreSQL. Two test files run at once and one may start several
 * dialtone processes (a pool of up to 20 each, plus job runners), Kamailio edges with their own
 * connections, or a cluster: PostgreSQL's default 100 was exhausted in CI ("too many clients").
 */
const TEST_POSTGRES_CONNECTIONS = 300;

let embedded: EmbeddedDatabase | undefined;
let dataDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-test-'));
    // Readable by the `postgres` OS user the embedded server runs as when we are root.
    fs.chmodSync(dataDir, 0o755);
    embedded = await startEmbeddedPostgres(dataDir, { maxConnections: TEST_POSTGRES_CONNECTIONS });
    serverUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE}`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const template = openDatabase(withDatabase(serverUrl, TEMPLATE_DATABASE), 2);
  await migrateToLatest(template);
  await template.close();
  project.provide('adminDatabaseUrl', serverUrl);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
