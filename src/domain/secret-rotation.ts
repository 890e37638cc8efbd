/**
 * Re-sealing every sealed value under the sealer's current key (`dialtone secrets rotate`), so
 * a previous DIALTONE_SECRET_KEY can be retired. The sealer must still unseal with the previous
 * key(s) while this runs (DIALTONE_SECRET_KEY_PREVIOUS); servers keep working meanwhile, since
 * they unseal with either key.
 *
 * Sealed columns: partners.auth_token_sealed, accounts.auth_token_sealed,
 * webhook_secrets.secret_sealed and previous_secret_sealed, kyc_sessions.pan_sealed (only while
 * a session runs). Rows are re-sealed in batches of SECRET_RESEAL_BATCH_ROWS, one transaction
 * per batch, each row locked and rewritten from what it holds at that moment. Running it again
 * is harmless (it re-seals under the same key).
 */
import { sql } from 'kysely';
import type { Database, DatabaseTransaction } from '../db/database';
import { SECRET_RESEAL_BATCH_ROWS } from '../limits';
import type { Sealer } from './secrets';

/** A sealed column of a table, and the key that orders its rows. */
interface SealedColumn {
  table: 'partners' | 'accounts' | 'webhook_secrets' | 'kyc_sessions';
  key: string;
  columns: string[];
}

const SEALED_COLUMNS: SealedColumn[] = [
  { table: 'partners', key: 'id', columns: ['auth_token_sealed'] },
  { table: 'accounts', key: 'id', columns: ['auth_token_sealed'] },
  {
    table: 'webhook_secrets', key: 'partner_id',
    columns: ['secret_sealed', 'previous_secret_sealed'],
  },
  { table: 'kyc_sessions', key: 'id', columns: ['pan_sealed'] },
];

export type ResealCounts = Record<SealedColumn['table'], number>;

/** Re-seals every sealed value under `sealer`'s current key; returns rows rewritten per table. */
export async function resealSecrets(db: Database, sealer: Sealer): Promise<ResealCounts> {
  const counts = { partners: 0, accounts: 0, webhook_secrets: 0, kyc_sessions: 0 };
  for (const target of SEALED_COLUMNS) {
    let after: string | undefined;
    for (;;) {
      const batch = await db.transaction()
        .execute((trx) => resealBatch(trx, sealer, target, after));
      counts[target.table] += batch.rewritten;
      if (batch.lastKey === undefined) break;
      after = batch.lastKey;
    }
  }
  return counts;
}

async function resealBatch(
  trx: DatabaseTransaction,
  sealer: Sealer,
  target: SealedColumn,
  after: string | undefined,
): Promise<{ rewritten: number; lastKey: string | undefined }> {
  const table = sql.table(target.table);
  const key = sql.ref(target.key);
  const rows = await sql<Record<string, string | null>>`
    select ${key}::text as key, ${sql.join(target.columns.map((column) => sql.ref(column)))}
    from ${table}
    where ${after === undefined ? sql`true` : sql`${key}::text > ${after}`}
    order by ${key}::text
    limit ${SECRET_RESEAL_BATCH_ROWS}
    for update`.execute(trx);
  let rewritten = 0;
  for (const row of rows.rows) {
    const sets = target.columns.filter((column) => row[column] != null).map((column) =>
      sql`${sql.ref(column)} = ${sealer.seal(sealer.unseal(row[column]!))}`);
    if (sets.length === 0) continue;
    await sql`update ${table} set ${sql.join(sets)} where ${key}::text = ${row.key}`.execute(trx);
    rewritten += 1;
  }
  const last = rows.rows[rows.rows.length - 1];
  return {
    rewritten,
    lastKey: rows.rows.length < SECRET_RESEAL_BATCH_ROWS ? undefined : last?.key ?? undefined,
  };
}
