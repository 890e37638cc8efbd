/**
 * Slots for CSV exports, shared by every API process through cdr_export_leases: at most
 * CDR_EXPORTS_PER_ACCOUNT_MAX per customer, CDR_EXPORTS_PER_PARTNER_MAX per partner and
 * CDR_EXPORTS_IN_FLIGHT_MAX in all. A lease is renewed while its export runs and deleted when it
 * ends; one whose process died stops counting after CDR_EXPORT_LEASE_MS.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database';
import {
  CDR_EXPORT_LEASE_MS,
  CDR_EXPORTS_IN_FLIGHT_MAX,
  CDR_EXPORTS_PER_ACCOUNT_MAX,
  CDR_EXPORTS_PER_PARTNER_MAX,
} from '../../limits';
import { DomainError } from '../errors';

export interface ExportLeaseScope {
  accountId: string;
  partnerId: string;
}

const leaseInterval = sql`make_interval(secs => ${CDR_EXPORT_LEASE_MS / 1000})`;
/** Serialises acquisitions, so two processes cannot both take the last slot. */
const ACQUIRE_LOCK_KEY = sql`hashtext('cdr_export_leases')`;

/**
 * Takes a slot and returns the lease id. Errors: rate_limited naming the limit reached (the
 * customer's, the partner's or the install's). One transaction under an advisory lock: the
 * expired leases are removed, the live ones counted, and the new one inserted.
 */
export async function acquireExportLease(db: Database, scope: ExportLeaseScope): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${ACQUIRE_LOCK_KEY})`.execute(trx);
    await trx.deleteFrom('cdr_export_leases').where('expires_at', '<=', sql<Date>`now()`)
      .execute();
    const counts = await trx.selectFrom('cdr_export_leases')
      .select((eb) => [
        eb.fn.countAll<string>().as('all'),
        sql<string>`count(*) filter (where partner_id = ${scope.partnerId})`.as('partner'),
        sql<string>`count(*) filter (where account_id = ${scope.accountId})`.as('account'),
      ])
      .executeTakeFirstOrThrow();
    assertBelow(Number(counts.account), CDR_EXPORTS_PER_ACCOUNT_MAX, 'for this account');
    assertBelow(Number(counts.partner), CDR_EXPORTS_PER_PARTNER_MAX, "for this account's partner");
    assertBelow(Number(counts.all), CDR_EXPORTS_IN_FLIGHT_MAX, 'on this platform');
    const lease = await trx.insertInto('cdr_export_leases')
      .values({
        partner_id: scope.partnerId,
        account_id: scope.accountId,
        expires_at: sql<Date>`now() + ${leaseInterval}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return lease.id;
  });
}

function assertBelow(running: number, max: number, where: string): void {
  if (running < max) return;
  throw new DomainError('rate_limited',
    `${max} CDR export${max === 1 ? ' is' : 's are'} already running ${where}; retry later`);
}

/** Pushes the lease's expiry CDR_EXPORT_LEASE_MS ahead; false when it is gone (expired). */
export async function renewExportLease(db: Database, leaseId: string): Promise<boolean> {
  const renewed = await db.updateTable('cdr_export_leases')
    .set({ expires_at: sql<Date>`now() + ${leaseInterval}` })
    .where('id', '=', leaseId)
    .executeTakeFirst();
  return renewed.numUpdatedRows > 0n;
}

export async function releaseExportLease(db: Database, leaseId: string): Promise<void> {
  await db.deleteFrom('cdr_export_leases').where('id', '=', leaseId).execute();
}
