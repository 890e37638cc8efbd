/**
 * Queries shared by the number use cases: the row every number view reads, the state a number
 * returns to when it goes back to inventory, and the calendar arithmetic of billing periods.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../../db/database';
import { escapeLike } from '../accounts/accounts';

/**
 * A number with its owner's auth id (null while it is in inventory) and the auth id of the
 * sub-account it is assigned to (null: the owner's own pool).
 */
export function numberRows(db: Executor) {
  return db
    .selectFrom('phone_numbers as n')
    .leftJoin('accounts as a', 'a.id', 'n.account_id')
    .leftJoin('sub_accounts as sa', 'sa.id', 'n.sub_account_id')
    .selectAll('n')
    .select(['a.auth_id as account_auth_id', 'sa.auth_id as sub_account_auth_id']);
}

export type NumberRow =
  Awaited<ReturnType<ReturnType<typeof numberRows>['executeTakeFirstOrThrow']>>;

/**
 * The columns that make a number plain inventory again (the CHECKs of migration 0020 hold
 * them): no owner, no trunk, nothing billed, nothing pending. released_at keeps the moment.
 */
export function inventoryState(now: Date) {
  return {
    account_id: null,
    sub_account_id: null,
    trunk_id: null,
    status: 'active' as const,
    purchased_at: null,
    billing_periods_paid: 0,
    last_billing_date: null,
    next_billing_date: null,
    release_after: null,
    suspended_at: null,
    suspension_reason: null,
    released_at: now,
    updated_at: now,
  };
}

/**
 * `anchor` plus `months` calendar months, in UTC. Periods are counted from the purchase (the
 * anchor) rather than added to the previous date, so a number bought on the 31st is billed on
 * the last day of short months and on the 31st again after them, never drifting to the 28th.
 */
export function monthsAfter(anchor: Date | RawBuilder<Date>, months: number | RawBuilder<number>) {
  return sql<Date>`((${anchor}::timestamptz at time zone 'UTC')
    + make_interval(months => ${months}::int)) at time zone 'UTC'`;
}

/** Substring search on E.164 digits ("9180" or "+9180"); the schema admits digits only. */
export function e164Contains(search: string) {
  return `%${escapeLike(search)}%`;
}

/** Pages of `perPage` rows, 1-based, with the total of the filtered set. */
export async function pageOfNumbers(
  query: ReturnType<typeof numberRows>,
  page: number,
  perPage: number,
): Promise<{ rows: NumberRow[]; total: number }> {
  const [rows, count] = await Promise.all([
    query.orderBy('n.e164').limit(perPage).offset((page - 1) * perPage).execute(),
    query.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
