/**
 * Owned numbers: the customer's own list and trunk assignment, and the partner's read-only
 * views (vobiz-api.md 1.7, 2.1). Every query is scoped by the principal: another tenant's
 * number is not found.
 */
import type { Executor } from '../../db/database';
import { DomainError, notFound } from '../errors';
import type { AccountPrincipal, PartnerPrincipal } from '../principals';
import { ownedBy } from '../sub-accounts/ownership';
import { e164Contains, numberRows, pageOfNumbers, type NumberRow } from './numbers.queries';

export interface NumberListQuery {
  page: number;
  perPage: number;
  search?: string | undefined;
}

/**
 * The account's numbers, pending_release and suspended ones included. A sub-account sees only
 * the numbers assigned to it; the parent sees all, or one sub-account's (`subAccountAuthId`,
 * another account's or unknown: an empty page).
 */
export async function listAccountNumbers(
  db: Executor,
  account: AccountPrincipal,
  query: NumberListQuery & { subAccountAuthId?: string | undefined },
) {
  let rows = numberRows(db).where(ownedBy(account, 'n'));
  if (query.subAccountAuthId) rows = rows.where('sa.auth_id', '=', query.subAccountAuthId);
  if (query.search) rows = rows.where('n.e164', 'like', e164Contains(query.search));
  return pageOfNumbers(rows, query.page, query.perPage);
}

/**
 * Numbers owned by the partner's customers: all of them, or one customer's (`accountAuthId`).
 * Errors: not_found (that customer is not this partner's).
 */
export async function listPartnerNumbers(
  db: Executor,
  partner: PartnerPrincipal,
  query: NumberListQuery & { accountAuthId?: string | undefined },
) {
  if (query.accountAuthId !== undefined) {
    const account = await db.selectFrom('accounts').select('id')
      .where('auth_id', '=', query.accountAuthId).where('partner_id', '=', partner.id)
      .executeTakeFirst();
    if (!account) throw notFound('Account');
  }
  let rows = numberRows(db).where('a.partner_id', '=', partner.id);
  if (query.accountAuthId !== undefined) rows = rows.where('a.auth_id', '=', query.accountAuthId);
  if (query.search) rows = rows.where('n.e164', 'like', e164Contains(query.search));
  return pageOfNumbers(rows, query.page, query.perPage);
}

/**
 * Points an owned number at one of the account's trunks (replacing any previous trunk). The
 * composite foreign key (trunk_id, account_id) refuses another tenant's trunk in the database
 * too. Errors: not_found (number or trunk not this account's), conflict (pending release).
 */
export async function assignNumberToTrunk(
  db: Executor,
  account: AccountPrincipal,
  e164: string,
  trunkId: string,
  now: Date,
): Promise<NumberRow> {
  const assigned = await db.updateTable('phone_numbers')
    .set({ trunk_id: trunkId, updated_at: now })
    .where('e164', '=', e164).where(ownedBy(account, 'phone_numbers'))
    .where('status', '<>', 'pending_release')
    .where(({ exists, selectFrom }) => exists(selectFrom('trunks').select('id')
      .where('id', '=', trunkId).where(ownedBy(account, 'trunks'))))
    .returning('id').executeTakeFirst();
  if (assigned) return numberRows(db).where('n.id', '=', assigned.id).executeTakeFirstOrThrow();
  await assertOwnedAndConfigurable(db, account, e164);
  throw notFound('Trunk');
}

/** Takes the number off its trunk (a no-op when it has none). Errors as assignNumberToTrunk. */
export async function unassignNumber(
  db: Executor,
  account: AccountPrincipal,
  e164: string,
  now: Date,
): Promise<NumberRow> {
  const unassigned = await db.updateTable('phone_numbers')
    .set({ trunk_id: null, updated_at: now })
    .where('e164', '=', e164).where(ownedBy(account, 'phone_numbers'))
    .where('status', '<>', 'pending_release')
    .returning('id').executeTakeFirst();
  if (unassigned) return numberRows(db).where('n.id', '=', unassigned.id).executeTakeFirstOrThrow();
  await assertOwnedAndConfigurable(db, account, e164);
  // Only a concurrent release between the two statements gets here.
  throw new DomainError('conflict', 'Number changed while it was being updated; try again');
}

async function assertOwnedAndConfigurable(db: Executor, account: AccountPrincipal, e164: string) {
  const number = await db.selectFrom('phone_numbers').select('status')
    .where('e164', '=', e164).where(ownedBy(account, 'phone_numbers')).executeTakeFirst();
  if (!number) throw notFound('Number');
  if (number.status === 'pending_release') {
    throw new DomainError('conflict', 'Number is pending release; cancel the release first');
  }
}
