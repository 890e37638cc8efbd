/**
 * Turns X-Auth-ID / X-Auth-Token into a principal. The row is found by auth id (not secret)
 * and the token's digest compared in constant time, so timing tells nothing about the token.
 * The console finds the same principals again by id, for each request of a signed-in session.
 */
import type { Executor } from '../../db/database';
import type { AccountPrincipal, PartnerPrincipal } from '../principals';
import { tokenMatches } from '../secrets';

function partnerRows(db: Executor) {
  return db
    .selectFrom('partners')
    .select([
      'id', 'auth_id', 'name', 'currency', 'is_active', 'can_create_accounts',
      'can_transfer_balance', 'can_view_cdrs', 'max_accounts', 'auth_token_digest',
    ]);
}

type PartnerRow = Awaited<ReturnType<ReturnType<typeof partnerRows>['executeTakeFirstOrThrow']>>;

function toPartnerPrincipal(row: PartnerRow): PartnerPrincipal {
  return {
    kind: 'partner',
    id: row.id,
    authId: row.auth_id,
    name: row.name,
    currency: row.currency,
    isActive: row.is_active,
    canCreateAccounts: row.can_create_accounts,
    canTransferBalance: row.can_transfer_balance,
    canViewCdrs: row.can_view_cdrs,
    maxAccounts: row.max_accounts,
  };
}

/** Returns undefined for an unknown id or a wrong token (the caller answers 401 for both). */
export async function findPartnerByCredentials(
  db: Executor,
  authId: string,
  token: string,
): Promise<PartnerPrincipal | undefined> {
  const row = await partnerRows(db).where('auth_id', '=', authId).executeTakeFirst();
  if (!row || !tokenMatches(token, row.auth_token_digest)) return undefined;
  return toPartnerPrincipal(row);
}

/** The partner as it is now (active or not), by its internal id. */
export async function findPartnerById(
  db: Executor,
  id: string,
): Promise<PartnerPrincipal | undefined> {
  const row = await partnerRows(db).where('id', '=', id).executeTakeFirst();
  return row && toPartnerPrincipal(row);
}

function accountRows(db: Executor) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .select([
      'a.id', 'a.auth_id', 'a.partner_id', 'a.currency', 'a.status', 'a.auth_token_digest',
      'p.is_active as partner_is_active',
    ]);
}

type AccountRow = Awaited<ReturnType<ReturnType<typeof accountRows>['executeTakeFirstOrThrow']>>;

/** An account is active only while it and its partner both are. */
function toAccountPrincipal(row: AccountRow): AccountPrincipal {
  return {
    kind: 'account',
    id: row.id,
    authId: row.auth_id,
    partnerId: row.partner_id,
    currency: row.currency,
    isActive: row.status === 'active' && row.partner_is_active,
  };
}

export async function findAccountByCredentials(
  db: Executor,
  authId: string,
  token: string,
): Promise<AccountPrincipal | undefined> {
  const row = await accountRows(db).where('a.auth_id', '=', authId).executeTakeFirst();
  if (!row || !tokenMatches(token, row.auth_token_digest)) return undefined;
  return toAccountPrincipal(row);
}

/** The account as it is now (active or not), by its numeric id. */
export async function findAccountById(
  db: Executor,
  id: string,
): Promise<AccountPrincipal | undefined> {
  const row = await accountRows(db).where('a.id', '=', id).executeTakeFirst();
  return row && toAccountPrincipal(row);
}

/** The account as it is now (active or not), by its auth id (the operator acts for it). */
export async function findAccountByAuthId(
  db: Executor,
  authId: string,
): Promise<AccountPrincipal | undefined> {
  const row = await accountRows(db).where('a.auth_id', '=', authId).executeTakeFirst();
  return row && toAccountPrincipal(row);
}

/**
 * The parent account of a live sub-account, as it is now (active or not), by the sub-account's
 * auth id: whom the operator acts for on the sub-account KYC routes. A deleted one finds nothing.
 */
export async function findSubAccountParent(
  db: Executor,
  subAuthId: string,
): Promise<AccountPrincipal | undefined> {
  const row = await accountRows(db)
    .innerJoin('sub_accounts as sa', 'sa.account_id', 'a.id')
    .where('sa.auth_id', '=', subAuthId)
    .where('sa.deleted_at', 'is', null)
    .executeTakeFirst();
  return row && toAccountPrincipal(row);
}

function liveSubAccountRows(db: Executor, authId: string) {
  return db
    .selectFrom('sub_accounts as sa')
    .innerJoin('accounts as a', 'a.id', 'sa.account_id')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .select([
      'sa.id as sub_account_id', 'sa.auth_id', 'sa.is_enabled', 'sa.auth_token_digest',
      'a.id', 'a.partner_id', 'a.currency', 'a.status', 'p.is_active as partner_is_active',
    ])
    .where('sa.auth_id', '=', authId)
    .where('sa.deleted_at', 'is', null);
}

type SubAccountRow = NonNullable<Awaited<ReturnType<
  ReturnType<typeof liveSubAccountRows>['executeTakeFirst']>>>;

/** Active only while the sub-account is enabled and its parent and partner are active. */
function toSubAccountPrincipal(row: SubAccountRow): AccountPrincipal {
  return {
    kind: 'account',
    id: row.id,
    authId: row.auth_id,
    partnerId: row.partner_id,
    currency: row.currency,
    isActive: row.is_enabled && row.status === 'active' && row.partner_is_active,
    subAccount: { id: row.sub_account_id, authId: row.auth_id },
  };
}

/**
 * SA_ credentials: a principal of the parent account (whose wallet pays) naming the
 * sub-account. A deleted sub-account has no token digest left, so it never matches.
 */
export async function findSubAccountByCredentials(
  db: Executor,
  authId: string,
  token: string,
): Promise<AccountPrincipal | undefined> {
  const row = await liveSubAccountRows(db, authId).executeTakeFirst();
  if (!row?.auth_token_digest || !tokenMatches(token, row.auth_token_digest)) return undefined;
  return toSubAccountPrincipal(row);
}

/** A live sub-account's principal as it is now (active or not): the operator acts for it. */
export async function findSubAccountByAuthId(
  db: Executor,
  authId: string,
): Promise<AccountPrincipal | undefined> {
  const row = await liveSubAccountRows(db, authId).executeTakeFirst();
  return row && toSubAccountPrincipal(row);
}
