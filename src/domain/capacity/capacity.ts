/**
 * Partner capacity (vobiz-api.md 1.8): concurrent-call and CPS slots moved between a partner's
 * pool and its customers. A transfer adds slots to the customer's limit and takes them from the
 * partner's remaining pool; a reclaim does the reverse and never takes back more than the
 * customer holds from the partner (its net allocation).
 *
 * Guards are in SQL, one conditional UPDATE per side, so concurrent requests cannot
 * over-allocate or over-reclaim: each waits for the row lock and re-checks its WHERE. The
 * CHECK constraints of migration 0022 hold the same bounds a second time. Lock order is always
 * the customer row, then the partner row (as in balance transfers), so two requests never
 * deadlock. Trunk limits are left as their owner set them: the account's limit is the one
 * enforced where calls are admitted.
 */
import { sql } from 'kysely';
import type { Database, DatabaseTransaction, Executor } from '../../db/database';
import type { CapacityResource } from '../../db/schema';
import { DomainError, notFound } from '../errors';
import { newCapacityTransferReference } from '../ids';
import type { PartnerPrincipal } from '../principals';
import { COLUMNS, remainingExpression, type CapacityMove } from './capacity.queries';

export interface CapacityInput {
  resource: CapacityResource;
  /** 1..CAPACITY_SLOTS_MAX (the route's schema holds the bound). */
  slots: number;
  description?: string | undefined;
}

/** Errors: not_found (not this partner's customer), bad_request (not enough in the pool). */
export async function transferCapacity(
  db: Database,
  partner: PartnerPrincipal,
  accountAuthId: string,
  input: CapacityInput,
): Promise<CapacityMove> {
  const c = COLUMNS[input.resource];
  return db.transaction().execute(async (trx) => {
    const account = await moveAccountSlots(trx, partner, accountAuthId, input, +input.slots);
    if (!account) throw notFound('Account');
    const pool = await trx.updateTable('partners')
      .set({ [c.partnerAllocated]: sql`${sql.ref(c.partnerAllocated)} + ${input.slots}` })
      .where('id', '=', partner.id)
      .where(sql<boolean>`${remainingExpression(input.resource)} >= ${input.slots}`)
      .returning(remainingExpression(input.resource).as('remaining'))
      .executeTakeFirst();
    if (!pool) {
      const available = await remainingPool(trx, partner.id, input.resource);
      throw new DomainError(
        'bad_request',
        `Insufficient ${input.resource} capacity: ${available} slots available in your pool, ` +
          `${input.slots} requested`,
        { available_slots: available, requested_slots: input.slots, resource: input.resource },
      );
    }
    return recordMove(trx, partner, account, {
      kind: 'transfer', input, partnerRemaining: Number(pool.remaining),
    });
  });
}

/** Errors: not_found (not this partner's customer), bad_request (more than net allocated). */
export async function reclaimCapacity(
  db: Database,
  partner: PartnerPrincipal,
  accountAuthId: string,
  input: CapacityInput,
): Promise<CapacityMove> {
  const c = COLUMNS[input.resource];
  return db.transaction().execute(async (trx) => {
    const account = await moveAccountSlots(trx, partner, accountAuthId, input, -input.slots);
    if (!account) throw await whyNotReclaimable(trx, partner, accountAuthId, input);
    const pool = await trx.updateTable('partners')
      .set({ [c.partnerAllocated]: sql`${sql.ref(c.partnerAllocated)} - ${input.slots}` })
      .where('id', '=', partner.id)
      .returning(remainingExpression(input.resource).as('remaining'))
      .executeTakeFirstOrThrow();
    return recordMove(trx, partner, account, {
      kind: 'reclaim', input, partnerRemaining: Number(pool.remaining),
    });
  });
}

/**
 * Adds `delta` slots to the customer's net allocation; a negative delta only while the customer
 * holds at least that many. Returns the customer and its new limit, or undefined.
 */
async function moveAccountSlots(
  trx: DatabaseTransaction,
  partner: PartnerPrincipal,
  accountAuthId: string,
  input: CapacityInput,
  delta: number,
) {
  const c = COLUMNS[input.resource];
  let query = trx.updateTable('accounts')
    .set({
      [c.accountAllocated]: sql`${sql.ref(c.accountAllocated)} + ${delta}`,
      updated_at: sql`now()`,
    })
    .where('auth_id', '=', accountAuthId).where('partner_id', '=', partner.id);
  if (delta < 0) query = query.where(sql<boolean>`${sql.ref(c.accountAllocated)} >= ${-delta}`);
  const row = await query
    .returning([
      'id', 'auth_id',
      sql<number>`${sql.ref(c.accountBase)} + ${sql.ref(c.accountAllocated)}
        + ${sql.ref(c.accountPurchased)}`.as('effective'),
    ])
    .executeTakeFirst();
  return row && { id: row.id, auth_id: row.auth_id, effective: Number(row.effective) };
}

async function whyNotReclaimable(
  trx: Executor,
  partner: PartnerPrincipal,
  accountAuthId: string,
  input: CapacityInput,
): Promise<DomainError> {
  const account = await trx.selectFrom('accounts')
    .select(['allocated_concurrent_calls', 'allocated_cps'])
    .where('auth_id', '=', accountAuthId).where('partner_id', '=', partner.id)
    .executeTakeFirst();
  if (!account) return notFound('Account');
  const allocated = account[COLUMNS[input.resource].accountAllocated];
  return new DomainError(
    'bad_request',
    `Cannot reclaim ${input.slots} ${input.resource} slots: only ${allocated} are allocated ` +
      'to this customer',
    { allocated_slots: allocated, requested_slots: input.slots, resource: input.resource },
  );
}

async function remainingPool(trx: Executor, partnerId: string, resource: CapacityResource) {
  const row = await trx.selectFrom('partners')
    .select(remainingExpression(resource).as('remaining'))
    .where('id', '=', partnerId).executeTakeFirstOrThrow();
  return Number(row.remaining);
}

async function recordMove(
  trx: DatabaseTransaction,
  partner: PartnerPrincipal,
  account: { id: string; auth_id: string; effective: number },
  move: { kind: 'transfer' | 'reclaim'; input: CapacityInput; partnerRemaining: number },
): Promise<CapacityMove> {
  const row = await trx.insertInto('capacity_transfers')
    .values({
      transfer_reference: newCapacityTransferReference(),
      partner_id: partner.id,
      account_id: account.id,
      kind: move.kind,
      resource: move.input.resource,
      slots: move.input.slots,
      description: move.input.description ?? null,
      partner_remaining: move.partnerRemaining,
      customer_effective: account.effective,
    })
    .returning(['transfer_reference', 'created_at'])
    .executeTakeFirstOrThrow();
  const toCustomer = move.kind === 'transfer';
  return {
    kind: move.kind,
    resource: move.input.resource,
    slots: move.input.slots,
    description: move.input.description ?? null,
    from_account: toCustomer ? partner.authId : account.auth_id,
    to_account: toCustomer ? account.auth_id : partner.authId,
    transfer_reference: row.transfer_reference,
    partner_remaining: move.partnerRemaining,
    customer_effective: account.effective,
    created_at: row.created_at,
  };
}
