/**
 * transactionWithCopy: a Kysely transaction and COPY ... FROM STDIN on one pooled client. What
 * both write commits together or not at all, and a failed COPY leaves the pool usable.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { transactionWithCopy } from '../../src/db/database';
import { useTestDatabase } from '../support/database';

const t = useTestDatabase();
const db = () => t.current.handle.db;

beforeAll(async () => {
  await sql`create table copy_probe (id integer primary key, note text not null)`.execute(db());
});

async function notes(): Promise<string[]> {
  const { rows } = await sql<{ note: string }>`select note from copy_probe order by id`.execute(db());
  return rows.map((row) => row.note);
}

describe('transactionWithCopy', () => {
  it('commits the COPYed rows with the statements around them, in chunks, escapes intact', async () => {
    await transactionWithCopy(db(), async (trx, copyIn) => {
      await sql`insert into copy_probe values (1, 'before')`.execute(trx);
      await copyIn('copy copy_probe (id, note) from stdin', ['2\tback\\\\slash\n', '3\ttab\\there\n']);
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from copy_probe`.execute(trx);
      expect(rows[0]!.n).toBe(3);
    });
    expect(await notes()).toEqual(['before', 'back\\slash', 'tab\there']);
  });

  it('rolls back everything when the COPY fails, and the pool keeps working', async () => {
    const failed = transactionWithCopy(db(), async (trx, copyIn) => {
      await sql`insert into copy_probe values (10, 'lost')`.execute(trx);
      await copyIn('copy copy_probe (id, note) from stdin', ['11\tfine\n', '1\tduplicate key\n']);
    });
    await expect(failed).rejects.toMatchObject({ code: '23505' });
    expect(await notes()).toEqual(['before', 'back\\slash', 'tab\there']);
    // Every pooled client still answers (none was returned mid-COPY or mid-transaction).
    const answers = await Promise.all(Array.from({ length: 12 }, () =>
      transactionWithCopy(db(), (trx) => sql<{ one: number }>`select 1 as one`.execute(trx))));
    expect(answers.map((answer) => answer.rows[0]!.one)).toEqual(Array(12).fill(1));
  });

  it('rolls back when the work throws after a COPY', async () => {
    const failed = transactionWithCopy(db(), async (_trx, copyIn) => {
      await copyIn('copy copy_probe (id, note) from stdin', ['20\tlost too\n']);
      throw new Error('changed my mind');
    });
    await expect(failed).rejects.toThrow('changed my mind');
    expect(await notes()).toHaveLength(3);
  });

  it('refuses a Kysely instance it did not open', async () => {
    const { Kysely, PostgresDialect } = await import('kysely');
    const stranger = new Kysely<never>({ dialect: new PostgresDialect({ pool: t.current.handle.pool }) });
    await expect(transactionWithCopy(stranger as never, async () => 1)).rejects.toThrow(/openDatabase/);
  });
});
