/**
 * What trunks, credentials, ACL entries and origination URIs share: the per-account cap on how
 * many exist, the account's call limits a trunk must stay within, and Plivo-style pages.
 */
import type { Executor } from '../../db/database';
import { SQLSTATE } from '../../db/errors';
import { DomainError } from '../errors';

export type AccountResourceTable = 'trunks' | 'sip_credentials' | 'ip_acls' | 'origination_uris';

export interface AccountLimits {
  /** base + slots allocated by the partner (what the account object shows as *_limit). */
  concurrent_calls_limit: number;
  cps_limit: number;
}

/**
 * Locks the account row (FOR NO KEY UPDATE) until the caller's transaction ends and returns its
 * effective limits. Creations of one account's resources and capacity reclaims (which lower the
 * limits) serialize on this lock, so a count or a limit read here stays true until the commit.
 */
export async function lockAccountLimits(trx: Executor, accountId: string): Promise<AccountLimits> {
  const row = await trx.selectFrom('accounts')
    .select((eb) => [
      eb('base_concurrent_calls_limit', '+', eb.ref('allocated_concurrent_calls'))
        .as('concurrent_calls_limit'),
      eb('base_cps_limit', '+', eb.ref('allocated_cps')).as('cps_limit'),
    ])
    .where('id', '=', accountId).forNoKeyUpdate().executeTakeFirstOrThrow();
  return {
    concurrent_calls_limit: Number(row.concurrent_calls_limit),
    cps_limit: Number(row.cps_limit),
  };
}

/** Call under lockAccountLimits. Errors: forbidden when the account already has `max`. */
export async function assertRoomForOneMore(
  trx: Executor,
  table: AccountResourceTable,
  accountId: string,
  max: number,
  what: string,
): Promise<void> {
  const { n } = await trx.selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId).executeTakeFirstOrThrow();
  if (Number(n) >= max) {
    throw new DomainError('forbidden', `Limit reached: an account can have at most ${max} ${what}`);
  }
}

export interface ResourcePage<T> {
  rows: T[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * One page and the total. Callers order rows oldest first (creation order is what a PBX admin
 * expects to scan) and pass the same filtered query, counted, as `count`.
 */
export async function pageOfResources<R>(
  rows: { execute(): Promise<R[]> },
  count: { executeTakeFirstOrThrow(): Promise<{ n: string }> },
  limit: number,
  offset: number,
): Promise<ResourcePage<R>> {
  const [page, counted] = await Promise.all([rows.execute(), count.executeTakeFirstOrThrow()]);
  return { rows: page, total: Number(counted.n), limit, offset };
}

/** The violated foreign key's name, when `error` is a foreign key violation. */
export function violatedForeignKey(error: unknown): string | undefined {
  const pg = error as { code?: string; constraint?: string };
  return pg?.code === SQLSTATE.foreignKeyViolation ? pg.constraint : undefined;
}

