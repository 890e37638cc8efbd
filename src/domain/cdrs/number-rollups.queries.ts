/** Adds a batch's per-number roll-ups (number-rollups.ts) to number_hourly_rollups. */
import { sql } from 'kysely';
import type { DatabaseTransaction } from '../../db/database';
import type { NumberRollup } from './number-rollups';

/** One statement from arrays, the rows already in key order (no lock-order cycle). */
export async function upsertNumberRollups(trx: DatabaseTransaction, rollups: NumberRollup[]) {
  if (rollups.length === 0) return;
  const column = <K extends keyof NumberRollup>(key: K) => rollups.map((rollup) => rollup[key]);
  await sql`
    insert into number_hourly_rollups as r (account_id, e164, hour, total_calls, answered_calls,
      total_duration_seconds, total_billsec)
    select * from unnest(${column('accountId')}::bigint[], ${column('e164')}::text[],
      ${column('hour')}::timestamptz[], ${column('calls')}::bigint[],
      ${column('answered')}::bigint[], ${column('durationSeconds')}::bigint[],
      ${column('billsec')}::bigint[])
    on conflict (account_id, e164, hour) do update set
      total_calls = r.total_calls + excluded.total_calls,
      answered_calls = r.answered_calls + excluded.answered_calls,
      total_duration_seconds = r.total_duration_seconds + excluded.total_duration_seconds,
      total_billsec = r.total_billsec + excluded.total_billsec`.execute(trx);
}
