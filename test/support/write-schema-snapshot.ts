/** `npm run db:schema`: rebuilds test/schema.sql from a freshly migrated database. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrateToLatest, openDatabase } from '../../src/db/database';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { readSchemaSnapshot } from './schema-snapshot';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-schema-'));
fs.chmodSync(dataDir, 0o755);
const server = await startEmbeddedPostgres(dataDir);
try {
  const database = openDatabase(server.url, 2);
  await migrateToLatest(database);
  await database.close();
  fs.writeFileSync(path.join(import.meta.dirname, '..', 'schema.sql'), await readSchemaSnapshot(server.url));
  process.stdout.write('wrote test/schema.sql\n');
} finally {
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
