/**
 * The PostgreSQL role Kamailio logs in as (dialtone_edge, created NOLOGIN by migration 0050).
 * `dialtone edge` lets it log in with a password derived from the operator's secret, the same
 * on every start and every edge of one installation (several edges may run at once), never
 * stored anywhere. Needs a database user with CREATEROLE (the embedded database's has it);
 * elsewhere an operator runs the same ALTER ROLE once.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../../db/database';

export const EDGE_ROLE = 'dialtone_edge';

export function edgeRolePassword(secret: Buffer): string {
  return createHash('sha256').update('dialtone-edge-role').update(secret).digest('hex');
}

export async function enableEdgeRoleLogin(db: Database, password: string): Promise<void> {
  // ALTER ROLE takes no bind parameters; the password is hex, so it is safe as a literal.
  if (!/^[0-9a-f]{64}$/.test(password)) throw new Error('edge role password must be hex');
  await sql.raw(`alter role ${EDGE_ROLE} login password '${password}'`).execute(db);
}

/** The URL Kamailio connects with: the server and database of `databaseUrl`, as the edge role. */
export function edgeDatabaseUrl(databaseUrl: string, password: string): string {
  const url = new URL(databaseUrl);
  url.username = EDGE_ROLE;
  url.password = password;
  url.search = '';
  return url.toString();
}
