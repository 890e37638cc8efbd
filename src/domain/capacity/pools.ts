/**
 * The operator's side of capacity: how many concurrent-call and CPS slots a partner may hand
 * out. A pool can be raised at any time and lowered down to what the partner's customers
 * already hold (the operator reclaims nothing behind a partner's back).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { DomainError, notFound } from '../errors';
import { partnerPoolRows, type PartnerPools } from './capacity.queries';

export async function getPartnerPools(db: Executor, partnerAuthId: string): Promise<PartnerPools> {
  const row = await partnerPoolRows(db).where('auth_id', '=', partnerAuthId).executeTakeFirst();
  if (!row) throw notFound('Partner');
  return row;
}

/**
 * Sets the pools named (absolute sizes, not deltas: repeating the request is harmless). The guard
 * `pool >= allocated` is in the UPDATE and in the CHECK of migration 0022.
 * Errors: not_found, conflict (below what customers hold).
 */
export async function setPartnerPools(
  db: Executor,
  partnerAuthId: string,
  pools: { concurrent_calls_pool?: number | undefined; cps_pool?: number | undefined },
): Promise<PartnerPools> {
  const { concurrent_calls_pool: concurrent, cps_pool: cps } = pools;
  const changes = {
    ...(concurrent === undefined ? {} : { concurrent_calls_pool: concurrent }),
    ...(cps === undefined ? {} : { cps_pool: cps }),
  };
  const updated = await db.updateTable('partners')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('auth_id', '=', partnerAuthId)
    .where('concurrent_calls_allocated', '<=', concurrent ?? sql<number>`concurrent_calls_pool`)
    .where('cps_allocated', '<=', cps ?? sql<number>`cps_pool`)
    .returning('id').executeTakeFirst();
  if (updated) return getPartnerPools(db, partnerAuthId);
  const current = await getPartnerPools(db, partnerAuthId);
  throw new DomainError(
    'conflict',
    'A pool cannot be smaller than the slots its customers hold ' +
      `(concurrent_calls: ${current.concurrent_calls_allocated}, cps: ${current.cps_allocated}); ` +
      'the partner must reclaim them first',
    {
      concurrent_calls_allocated: current.concurrent_calls_allocated,
      cps_allocated: current.cps_allocated,
    },
  );
}
