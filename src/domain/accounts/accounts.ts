/**
 * Customer accounts of a partner. Every query is scoped by the partner, so another partner's
 * customer is "not found" (404), never "forbidden".
 */
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { DomainError, notFound } from '../errors';
import { newAccountAuthId, newAuthToken } from '../ids';
import { retryOnAuthIdCollision } from '../partners/partners';
import { findEffectivePricingTiers } from '../pricing/effective-tiers';
import type { AccountPrincipal, PartnerPrincipal } from '../principals';
import { digestToken, hashPassword, type Sealer } from '../secrets';
import { currencyForCountry, findAccountFieldProblems } from './account-rules';

export interface AccountInput {
  name: string;
  email: string;
  phone: string;
  password: string;
  country: string;
  company?: string | undefined;
  description?: string | undefined;
  address?: string | undefined;
  city?: string | undefined;
  state?: string | undefined;
  zip_code?: string | undefined;
  timezone?: string | undefined;
  gstin?: string | undefined;
  gst_status?: 'active' | 'inactive' | undefined;
  business_type?: string | undefined;
  account_type?: string | undefined;
}

/**
 * Creates a customer account and its wallet. Guarantees: the partner's `max_accounts` holds
 * under concurrency (the partner row is locked while counting); email is unique platform-wide.
 * Errors: forbidden (flag, limit, inactive), validation_failed, conflict (email taken).
 */
export async function createAccount(
  db: Database,
  sealer: Sealer,
  partner: PartnerPrincipal,
  input: AccountInput,
) {
  if (!partner.canCreateAccounts) {
    throw new DomainError('forbidden', 'This partner is not allowed to create accounts');
  }
  const problems = findAccountFieldProblems(input);
  if (problems.length > 0) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, problems);
  }
  const passwordHash = await hashPassword(input.password);
  const token = newAuthToken();
  try {
    const authId = await retryOnAuthIdCollision('accounts_auth_id_unique', () =>
      db.transaction().execute(async (trx) => {
        await assertPartnerHasRoom(trx, partner.id);
        return insertAccountWithWallet(trx, sealer, partner, input, passwordHash, token);
      }),
    );
    return { account: await getAccount(db, sealer, partner, authId), authToken: token };
  } catch (error) {
    if (isUniqueViolation(error, 'accounts_email_unique')) {
      throw new DomainError('conflict', 'An account with this email already exists');
    }
    throw error;
  }
}

async function assertPartnerHasRoom(trx: Executor, partnerId: string): Promise<void> {
  const partner = await trx
    .selectFrom('partners')
    .select(['max_accounts', 'is_active'])
    .where('id', '=', partnerId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const { n } = await trx
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('partner_id', '=', partnerId)
    .executeTakeFirstOrThrow();
  if (Number(n) >= partner.max_accounts) {
    throw new DomainError('forbidden', `Account limit reached (max_accounts=${partner.max_accounts})`);
  }
}

async function insertAccountWithWallet(
  trx: Executor,
  sealer: Sealer,
  partner: PartnerPrincipal,
  input: AccountInput,
  passwordHash: string,
  token: string,
): Promise<string> {
  const { password: _password, ...fields } = input;
  const currency = currencyForCountry(input.country);
  const account = await trx
    .insertInto('accounts')
    .values({
      ...fields,
      auth_id: newAccountAuthId(),
      partner_id: partner.id,
      currency,
      password_hash: passwordHash,
      auth_token_digest: digestToken(token),
      auth_token_sealed: sealer.seal(token),
    })
    .returning(['id', 'auth_id'])
    .executeTakeFirstOrThrow();
  await trx.insertInto('wallets').values({ kind: 'account', account_id: account.id, currency }).execute();
  return account.auth_id;
}

/** The partner's accounts with their wallets, before any columns are chosen. */
function accountsOf(db: Executor, partnerId: string) {
  return db
    .selectFrom('accounts as a')
    .innerJoin('wallets as w', 'w.account_id', 'a.id')
    .where('a.partner_id', '=', partnerId);
}

const WALLET_COLUMNS = [
  'w.balance as cash_credits', 'w.balance_id', 'w.updated_at as balance_updated_at',
] as const;

function accountRows(db: Executor, partnerId: string) {
  return accountsOf(db, partnerId).selectAll('a').select(WALLET_COLUMNS);
}

export type AccountRow = Awaited<ReturnType<ReturnType<typeof accountRows>['executeTakeFirstOrThrow']>>;

/** One customer of this partner, with its token unsealed (Vobiz shows it again here). */
export async function getAccount(db: Executor, sealer: Sealer, partner: PartnerPrincipal, authId: string) {
  const row = await accountRows(db, partner.id).where('a.auth_id', '=', authId).executeTakeFirst();
  if (!row) throw notFound('Account');
  const [withTier] = await withPricingTiers(db, [row]);
  return { ...withTier!, auth_token: sealer.unseal(row.auth_token_sealed) };
}

/** The calling account itself (GET /auth/me), with its effective tier and its token. */
export async function getOwnAccount(db: Executor, sealer: Sealer, account: AccountPrincipal) {
  const row = await getOwnAccountWithoutToken(db, account);
  return { ...row, auth_token: sealer.unseal(row.auth_token_sealed) };
}

/** The principal's account (a sub-account's parent), with its effective tier; no token. */
export async function getOwnAccountWithoutToken(db: Executor, account: AccountPrincipal) {
  const row = await accountRows(db, account.partnerId).where('a.id', '=', account.id)
    .executeTakeFirstOrThrow();
  const [withTier] = await withPricingTiers(db, [row]);
  return withTier!;
}

/**
 * Attaches the tier that rates each row as `pricing_tier` (Vobiz shows it): its own, else the
 * partner's default; null where the platform default applies. One query per page.
 */
async function withPricingTiers<R extends Parameters<typeof findEffectivePricingTiers>[1][number]>(
  db: Executor,
  rows: R[],
) {
  const tiers = await findEffectivePricingTiers(db, rows);
  return rows.map((row, index) => ({ ...row, pricing_tier: tiers[index] ?? null }));
}

/** A page of the partner's customers, each with its token unsealed (Vobiz lists it). */
export async function listAccounts(
  db: Executor,
  sealer: Sealer,
  partner: PartnerPrincipal,
  query: { page: number; perPage: number; search?: string | undefined },
) {
  // One filtered query serves both the page and its total, so the two cannot disagree.
  let filtered = accountsOf(db, partner.id);
  if (query.search) {
    const pattern = `%${escapeLike(query.search)}%`;
    filtered = filtered.where(sql<boolean>`(a.name ilike ${pattern} or a.email ilike ${pattern})`);
  }
  const [page, total] = await Promise.all([
    filtered.selectAll('a').select(WALLET_COLUMNS)
      .orderBy('a.created_at', 'desc').orderBy('a.id', 'desc')
      .limit(query.perPage).offset((query.page - 1) * query.perPage).execute(),
    filtered.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const rows = (await withPricingTiers(db, page))
    .map((row) => ({ ...row, auth_token: sealer.unseal(row.auth_token_sealed) }));
  return { rows, total: Number(total.n) };
}

/**
 * Suspends or reactivates a customer. A suspended account's own credentials get 403 and its
 * wallet accepts no transfers (the transfer function checks status under the same snapshot).
 */
export async function setAccountStatus(
  db: Executor,
  sealer: Sealer,
  partner: PartnerPrincipal,
  authId: string,
  status: 'active' | 'suspended',
) {
  const updated = await db
    .updateTable('accounts')
    .set({ status, updated_at: sql<Date>`now()` })
    .where('auth_id', '=', authId)
    .where('partner_id', '=', partner.id)
    .returning('auth_id')
    .executeTakeFirst();
  if (!updated) throw notFound('Account');
  return getAccount(db, sealer, partner, authId);
}

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
