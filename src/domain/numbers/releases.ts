/**
 * Giving a number back (vobiz-api.md 2.1): DELETE /numbers/{e164} puts it in pending_release
 * for NUMBER_RELEASE_COOLDOWN_HOURS, during which cancel-release takes it back; ?immediate=true
 * (or the release job once the cooldown ends) returns it to the inventory.
 *
 * Money: releasing is free (release_fee 0: there are no pricing tiers with a did_release_fee
 * yet), the month already paid is not refunded pro rata, and so cancel-release has nothing to
 * refund (refund_amount 0, refund_status success).
 */
import type { Database, Executor } from '../../db/database';
import {
  NUMBER_JOB_BATCHES_PER_RUN_MAX,
  NUMBER_JOB_BATCH_SIZE,
  NUMBER_RELEASE_COOLDOWN_HOURS,
} from '../../limits';
import { DomainError, notFound } from '../errors';
import type { AccountPrincipal } from '../principals';
import { ownedBy } from '../sub-accounts/ownership';
import { inventoryState, numberRows, type NumberRow } from './numbers.queries';

const COOLDOWN_MS = NUMBER_RELEASE_COOLDOWN_HOURS * 3_600_000;
export const RELEASE_FEE = '0.00';
export const CANCEL_RELEASE_REFUND = '0.00';

export type Release =
  | { status: 'pending_release'; number: NumberRow; cooldownEndsAt: Date }
  | { status: 'released'; number: NumberRow };

/**
 * Releases a number the account owns. Default: pending_release until now + 24 h. Immediate:
 * back to inventory at once (also from pending_release), unassigned from its trunk.
 * Errors: not_found (no such number), forbidden with Vobiz's exact body (another owner or in
 * inventory), conflict (already pending release, without immediate).
 */
export async function releaseNumber(
  db: Database,
  account: AccountPrincipal,
  e164: string,
  options: { immediate: boolean },
  now: Date,
): Promise<Release> {
  if (options.immediate) {
    const released = await db.updateTable('phone_numbers').set(inventoryState(now))
      .where('e164', '=', e164).where(ownedBy(account, 'phone_numbers'))
      .returning('id').executeTakeFirst();
    if (!released) throw await whyNotReleasable(db, account, e164);
    return { status: 'released', number: await numberById(db, released.id) };
  }
  const cooldownEndsAt = new Date(now.getTime() + COOLDOWN_MS);
  const pending = await db.updateTable('phone_numbers')
    .set({
      status: 'pending_release',
      release_after: cooldownEndsAt,
      suspended_at: null,
      suspension_reason: null,
      updated_at: now,
    })
    .where('e164', '=', e164).where(ownedBy(account, 'phone_numbers'))
    .where('status', '<>', 'pending_release')
    .returning('id').executeTakeFirst();
  if (!pending) throw await whyNotReleasable(db, account, e164);
  return { status: 'pending_release', number: await numberById(db, pending.id), cooldownEndsAt };
}

async function whyNotReleasable(db: Executor, account: AccountPrincipal, e164: string) {
  const number = await db.selectFrom('phone_numbers')
    .select(['account_id', 'sub_account_id', 'status'])
    .where('e164', '=', e164).executeTakeFirst();
  if (!number) return notFound('Number');
  const subAccountId = account.subAccount?.id;
  if (number.account_id !== account.id
    || (subAccountId !== undefined && number.sub_account_id !== subAccountId)) {
    const body = { error: 'forbidden', message: 'account does not own this number' };
    return new DomainError('forbidden', body.message, {}, [], body);
  }
  return new DomainError(
    'conflict',
    'Number is already pending release; cancel the release or release it with immediate=true',
  );
}

/**
 * Takes back a number in pending_release before its cooldown ends: active again, on the same
 * trunk, billed as before (a rental that fell due meanwhile is charged by the next job run).
 * Errors: not_found (not this account's number), conflict (not pending, or cooldown over).
 */
export async function cancelRelease(
  db: Database,
  account: AccountPrincipal,
  e164: string,
  now: Date,
): Promise<NumberRow> {
  const restored = await db.updateTable('phone_numbers')
    .set({ status: 'active', release_after: null, updated_at: now })
    .where('e164', '=', e164).where(ownedBy(account, 'phone_numbers'))
    .where('status', '=', 'pending_release').where('release_after', '>', now)
    .returning('id').executeTakeFirst();
  if (restored) return numberById(db, restored.id);
  const number = await db.selectFrom('phone_numbers').select(['status'])
    .where('e164', '=', e164).where(ownedBy(account, 'phone_numbers')).executeTakeFirst();
  if (!number) throw notFound('Number');
  if (number.status !== 'pending_release') {
    throw new DomainError('conflict', 'Number is not pending release');
  }
  throw new DomainError('conflict', 'The release cooldown has ended; the number is being released');
}

/**
 * Job: returns every number whose cooldown ended by `now` to the inventory, a batch per
 * statement (SKIP LOCKED, so two workers never wait on each other). Idempotent: a number
 * already released no longer matches. Returns how many were released.
 */
export async function completeDueReleases(db: Database, now: Date): Promise<number> {
  let released = 0;
  for (let batch = 0; batch < NUMBER_JOB_BATCHES_PER_RUN_MAX; batch += 1) {
    const rows = await db.updateTable('phone_numbers').set(inventoryState(now))
      .where('id', 'in', (eb) => eb.selectFrom('phone_numbers').select('id')
        .where('status', '=', 'pending_release').where('release_after', '<=', now)
        .orderBy('release_after').limit(NUMBER_JOB_BATCH_SIZE)
        .forUpdate().skipLocked())
      .where('status', '=', 'pending_release')
      .returning('id').execute();
    released += rows.length;
    if (rows.length < NUMBER_JOB_BATCH_SIZE) break;
  }
  return released;
}

function numberById(db: Executor, id: string): Promise<NumberRow> {
  return numberRows(db).where('n.id', '=', id).executeTakeFirstOrThrow();
}

/** For responses: where the customer can take the release back. */
export function cancelReleasePath(accountAuthId: string, e164: string): string {
  return `/api/v1/account/${accountAuthId}/numbers/${encodeURIComponent(e164)}/cancel-release`;
}
