/**
 * Moving a DID between a parent account's pool and its sub-accounts (vobiz-sdk-surface.md §6
 * assignDidToSubaccount / unassignDidFromSubaccount). Taking a DID back is cooled off: while the
 * DID had a call within DID_COOL_OFF_DAYS it stays with the sub-account (409
 * did_cool_off_in_effect), unless the operator forces it, which is written to
 * did_assignment_audit. The number's row lock orders concurrent moves.
 */
import { sql } from 'kysely';
import type { Database, DatabaseTransaction, Executor } from '../../db/database';
import { DID_COOL_OFF_DAYS } from '../../limits';
import { DAY_MS } from '../clock';
import { DomainError, notFound } from '../errors';
import { numberRows, type NumberRow } from './numbers.queries';

/**
 * Gives the parent's number to its live sub-account `subAccountAuthId` (a no-op when it already
 * has it). Errors: not_found (number or sub-account not the account's, or deleted), conflict
 * (pending release, or with another sub-account: unassign it first).
 */
export async function assignNumberToSubAccount(
  db: Executor,
  accountId: string,
  e164: string,
  subAccountAuthId: string,
  now: Date,
): Promise<NumberRow> {
  const assigned = await db.updateTable('phone_numbers as n')
    .from('sub_accounts as sa')
    .set((eb) => ({ sub_account_id: eb.ref('sa.id'), updated_at: now }))
    .where('n.e164', '=', e164).where('n.account_id', '=', accountId)
    .where('n.status', '<>', 'pending_release')
    .where('sa.auth_id', '=', subAccountAuthId).where('sa.account_id', '=', accountId)
    .where('sa.deleted_at', 'is', null)
    .where((eb) => eb.or([
      eb('n.sub_account_id', 'is', null), eb('n.sub_account_id', '=', eb.ref('sa.id')),
    ]))
    .returning('n.id').executeTakeFirst();
  if (assigned) return numberRows(db).where('n.id', '=', assigned.id).executeTakeFirstOrThrow();
  throw await whyNotAssigned(db, accountId, e164, subAccountAuthId);
}

async function whyNotAssigned(
  db: Executor, accountId: string, e164: string, subAccountAuthId: string,
): Promise<DomainError> {
  const number = await db.selectFrom('phone_numbers').select('status')
    .where('e164', '=', e164).where('account_id', '=', accountId).executeTakeFirst();
  if (!number) return notFound('Number');
  const subAccount = await db.selectFrom('sub_accounts').select('id')
    .where('auth_id', '=', subAccountAuthId).where('account_id', '=', accountId)
    .where('deleted_at', 'is', null).executeTakeFirst();
  if (!subAccount) return notFound('Sub-account');
  if (number.status === 'pending_release') {
    return new DomainError('conflict', 'Number is pending release; cancel the release first');
  }
  const message = 'Number is assigned to another sub-account; unassign it first';
  return new DomainError('conflict', message);
}

export interface UnassignOptions {
  /** Skip the cool-off (the operator only; the override is audited). */
  force: boolean;
}

/**
 * Takes the account's number back from its sub-account into the parent's pool (a no-op when
 * no sub-account has it). Errors: not_found (not the account's number), conflict
 * did_cool_off_in_effect (a call within DID_COOL_OFF_DAYS and no force).
 */
export async function unassignNumberFromSubAccount(
  db: Database,
  accountId: string,
  e164: string,
  options: UnassignOptions,
  now: Date,
): Promise<NumberRow> {
  return db.transaction().execute(async (trx) => {
    const number = await trx.selectFrom('phone_numbers').select(['id', 'sub_account_id'])
      .where('e164', '=', e164).where('account_id', '=', accountId)
      .forUpdate().executeTakeFirst();
    if (!number) throw notFound('Number');
    if (number.sub_account_id !== null) {
      const lastCallAt = await lastCallWithinCoolOff(trx, accountId, e164, now);
      if (lastCallAt && !options.force) throw coolOffInEffect(lastCallAt, now);
      await trx.updateTable('phone_numbers').set({ sub_account_id: null, updated_at: now })
        .where('id', '=', number.id).execute();
      if (options.force) {
        await trx.insertInto('did_assignment_audit').values({
          phone_number_id: number.id, account_id: accountId,
          sub_account_id: number.sub_account_id, action: 'forced_unassign',
          last_call_at: lastCallAt, created_at: now,
        }).execute();
      }
    }
    return numberRows(trx).where('n.id', '=', number.id).executeTakeFirstOrThrow();
  });
}

/** The latest call on the DID (either direction) that still holds it, or null. */
async function lastCallWithinCoolOff(
  trx: DatabaseTransaction, accountId: string, e164: string, now: Date,
): Promise<Date | null> {
  const since = new Date(now.getTime() - DID_COOL_OFF_DAYS * DAY_MS);
  const row = await trx.selectFrom('cdrs')
    .select(sql<Date | null>`max(start_time)`.as('last_call_at'))
    .where('account_id', '=', accountId)
    .where('start_time', '>', since).where('start_time', '<=', now)
    .where((eb) => eb.or([
      eb.and([eb('call_direction', '=', 'inbound'), eb('destination_number', '=', e164)]),
      eb.and([eb('call_direction', '=', 'outbound'), eb('caller_id_number', '=', e164)]),
    ]))
    .executeTakeFirstOrThrow();
  return row.last_call_at;
}

function coolOffInEffect(lastCallAt: Date, now: Date): DomainError {
  const until = new Date(lastCallAt.getTime() + DID_COOL_OFF_DAYS * DAY_MS);
  const remainingSeconds = Math.ceil((until.getTime() - now.getTime()) / 1000);
  const message = `The number had a call within ${DID_COOL_OFF_DAYS} days; ` +
    'it stays with the sub-account until cool_off_until';
  return new DomainError('conflict', message, {}, [], {
    error: 'did_cool_off_in_effect', message, status_code: 409,
    cool_off_until: until.toISOString(), cool_off_remaining_seconds: remainingSeconds,
  });
}

/** The account's internal id by its MA_ auth id (the operator names accounts that way). */
export async function accountIdByAuthId(db: Executor, authId: string): Promise<string> {
  const account = await db.selectFrom('accounts').select('id')
    .where('auth_id', '=', authId).executeTakeFirst();
  if (!account) throw notFound('Account');
  return account.id;
}
