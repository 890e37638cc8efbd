/**
 * Capacity reads (vobiz-api.md 1.8) and the column names behind each resource.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import type { CapacityResource } from '../../db/schema';
import { accountLimitsOf } from '../accounts/account-limits';
import { countLiveCalls } from '../calls/live-calls';
import { notFound } from '../errors';
import type { PartnerPrincipal } from '../principals';

/** Where each resource's counters live. */
export const COLUMNS = {
  concurrent_calls: {
    partnerPool: 'concurrent_calls_pool',
    partnerAllocated: 'concurrent_calls_allocated',
    accountBase: 'base_concurrent_calls_limit',
    accountAllocated: 'allocated_concurrent_calls',
    accountPurchased: 'purchased_concurrent_calls',
  },
  cps: {
    partnerPool: 'cps_pool',
    partnerAllocated: 'cps_allocated',
    accountBase: 'base_cps_limit',
    accountAllocated: 'allocated_cps',
    accountPurchased: 'purchased_cps',
  },
} as const satisfies Record<CapacityResource, Record<string, string>>;

/** One transfer or reclaim, as the API reports it and the history lists it. */
export interface CapacityMove {
  kind: 'transfer' | 'reclaim';
  resource: CapacityResource;
  slots: number;
  description: string | null;
  from_account: string;
  to_account: string;
  transfer_reference: string;
  /** Slots left in the partner's pool after the move. */
  partner_remaining: number;
  /** The customer's limit for the resource after the move (base + net allocated). */
  customer_effective: number;
  created_at: Date;
}

export interface Concurrency {
  partner_auth_id: string;
  customer_auth_id: string;
  partner_concurrent_calls_limit: number;
  customer_concurrent_calls_limit: number;
  net_concurrent_calls_allocated: number;
  partner_cps_limit: number;
  customer_cps_limit: number;
  net_cps_allocated: number;
  /** Calls the SIP edge carries for the customer right now. */
  customer_live_calls: number;
}

/**
 * The partner's remaining pool and the customer's limits and net allocation per resource.
 * Errors: not_found (not this partner's customer).
 */
export async function getConcurrency(
  db: Executor,
  partner: PartnerPrincipal,
  accountAuthId: string,
): Promise<Concurrency> {
  const row = await db.selectFrom('accounts as a')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .select([
      'a.id', 'a.auth_id', 'a.allocated_concurrent_calls', 'a.allocated_cps',
      'a.base_concurrent_calls_limit', 'a.base_cps_limit', 'a.purchased_concurrent_calls',
      'a.purchased_cps',
      'p.concurrent_calls_pool', 'p.concurrent_calls_allocated', 'p.cps_pool', 'p.cps_allocated',
    ])
    .where('a.auth_id', '=', accountAuthId).where('a.partner_id', '=', partner.id)
    .executeTakeFirst();
  if (!row) throw notFound('Account');
  // The customer's limits are the enforced ones (channel subscriptions included).
  const limits = accountLimitsOf(row);
  return {
    partner_auth_id: partner.authId,
    customer_auth_id: row.auth_id,
    partner_concurrent_calls_limit: row.concurrent_calls_pool - row.concurrent_calls_allocated,
    customer_concurrent_calls_limit: limits.concurrent_calls_limit,
    net_concurrent_calls_allocated: row.allocated_concurrent_calls,
    partner_cps_limit: row.cps_pool - row.cps_allocated,
    customer_cps_limit: limits.cps_limit,
    net_cps_allocated: row.allocated_cps,
    customer_live_calls: await countLiveCalls(db, row.id),
  };
}

/** The partner's transfers and reclaims, newest first. */
export async function listCapacityTransfers(
  db: Executor,
  partner: PartnerPrincipal,
  page: { limit: number; offset: number },
): Promise<{ rows: CapacityMove[]; total: number }> {
  const base = db.selectFrom('capacity_transfers as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .where('t.partner_id', '=', partner.id);
  const [rows, count] = await Promise.all([
    base.select([
      't.kind', 't.resource', 't.slots', 't.description', 't.transfer_reference',
      't.partner_remaining', 't.customer_effective', 't.created_at', 'a.auth_id',
    ]).orderBy('t.created_at', 'desc').orderBy('t.id', 'desc')
      .limit(page.limit).offset(page.offset).execute(),
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map(({ auth_id: customer, ...row }) => ({
      ...row,
      from_account: row.kind === 'transfer' ? partner.authId : customer,
      to_account: row.kind === 'transfer' ? customer : partner.authId,
    })),
    total: Number(count.n),
  };
}

/** The operator's view of a partner's pools. */
export interface PartnerPools {
  partner_auth_id: string;
  concurrent_calls_pool: number;
  concurrent_calls_allocated: number;
  cps_pool: number;
  cps_allocated: number;
}

export function partnerPoolRows(db: Executor) {
  return db.selectFrom('partners').select([
    'auth_id as partner_auth_id', 'concurrent_calls_pool', 'concurrent_calls_allocated',
    'cps_pool', 'cps_allocated',
  ]);
}

/** `pool - allocated` for the resource's columns (what the partner may still transfer). */
export function remainingExpression(resource: CapacityResource) {
  const c = COLUMNS[resource];
  return sql<number>`${sql.ref(c.partnerPool)} - ${sql.ref(c.partnerAllocated)}`;
}
