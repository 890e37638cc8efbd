import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { readSchemaSnapshot } from '../support/schema-snapshot';
import { useTestDatabase } from '../support/database';

const database = useTestDatabase();

it('matches the committed test/schema.sql (run `npm run db:schema` after adding a migration)', async () => {
  const committed = fs.readFileSync(path.join(import.meta.dirname, '..', 'schema.sql'), 'utf8');
  expect(await readSchemaSnapshot(database.current.url)).toBe(committed);
});
