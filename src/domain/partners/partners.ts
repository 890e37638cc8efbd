/**
 * Partners (resellers): created and managed by the operator, read by themselves via /me.
 * Each partner has exactly one master wallet in its currency, created with it.
 */
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { notFound } from '../errors';
import { newAuthToken, newPartnerAuthId } from '../ids';
import { digestToken, type Sealer } from '../secrets';

export interface PartnerInput {
  name: string;
  email: string;
  company?: string | undefined;
  phone?: string | undefined;
  currency?: string | undefined;
  max_accounts?: number | undefined;
  can_create_accounts?: boolean | undefined;
  can_transfer_balance?: boolean | undefined;
  can_view_cdrs?: boolean | undefined;
}

export interface PartnerChanges {
  name?: string | undefined;
  company?: string | undefined;
  phone?: string | undefined;
  max_accounts?: number | undefined;
  can_create_accounts?: boolean | undefined;
  can_transfer_balance?: boolean | undefined;
  can_view_cdrs?: boolean | undefined;
  can_create_pricing_tiers?: boolean | undefined;
  is_active?: boolean | undefined;
  /** Checked by checkBranding (partner-branding.ts) first; null clears. */
  logo_url?: string | null | undefined;
  accent_color?: string | null | undefined;
}

/** A partner's profile as /me and the admin API show it (no secrets). */
export async function getPartnerProfile(db: Executor, partnerId: string) {
  const row = await partnerProfiles(db).where('p.id', '=', partnerId).executeTakeFirst();
  if (!row) throw notFound('Partner');
  return row;
}

export async function getPartnerProfileByAuthId(db: Executor, authId: string) {
  const row = await partnerProfiles(db).where('p.auth_id', '=', authId).executeTakeFirst();
  if (!row) throw notFound('Partner');
  return row;
}

export type PartnerProfile = Awaited<ReturnType<typeof getPartnerProfile>>;

export async function listPartnerProfiles(db: Executor, page: number, perPage: number) {
  const [rows, count] = await Promise.all([
    partnerProfiles(db)
      .orderBy('p.created_at', 'desc')
      .limit(perPage)
      .offset((page - 1) * perPage)
      .execute(),
    db.selectFrom('partners').select((eb) => eb.fn.countAll<string>().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}

function partnerProfiles(db: Executor) {
  return db
    .selectFrom('partners as p')
    .innerJoin('wallets as w', 'w.partner_id', 'p.id')
    .select([
      'p.id', 'p.account_id', 'p.auth_id', 'p.name', 'p.slug', 'p.company', 'p.email', 'p.phone',
      'p.currency', 'p.billing_model', 'p.max_accounts', 'p.can_create_accounts',
      'p.can_transfer_balance', 'p.can_view_cdrs', 'p.can_create_pricing_tiers', 'p.is_active',
      'p.is_verified', 'p.created_at', 'p.updated_at', 'w.balance', 'p.logo_url',
      'p.accent_color',
    ])
    .select((eb) => [
      eb.selectFrom('accounts as a').whereRef('a.partner_id', '=', 'p.id')
        .select(eb.fn.countAll<string>().as('n')).as('account_count'),
      eb.selectFrom('pricing_tiers as t').whereRef('t.partner_id', '=', 'p.id')
        .where('t.is_default', '=', true).select('t.id').as('default_pricing_tier_id'),
    ]);
}

/**
 * Creates a partner and its master wallet in one transaction. Returns the profile and the
 * auth token, which is shown only here (later reads show no partner token).
 */
export async function createPartner(db: Database, sealer: Sealer, input: PartnerInput) {
  const token = newAuthToken();
  const partnerId = await retryOnAuthIdCollision('partners_auth_id_unique', () =>
    db.transaction().execute(async (trx) => {
      const partner = await insertPartner(trx, sealer, input, token);
      await trx
        .insertInto('wallets')
        .values({ kind: 'partner', partner_id: partner.id, currency: partner.currency })
        .execute();
      return partner.id;
    }),
  );
  return { profile: await getPartnerProfile(db, partnerId), authToken: token };
}

function insertPartner(trx: Executor, sealer: Sealer, input: PartnerInput, token: string) {
  const authId = newPartnerAuthId();
  return trx
    .insertInto('partners')
    .values({
      auth_id: authId,
      name: input.name,
      slug: `${slugify(input.name)}-${authId.slice(3).toLowerCase()}`,
      company: input.company ?? null,
      email: input.email,
      phone: input.phone ?? null,
      currency: input.currency ?? 'INR',
      max_accounts: input.max_accounts,
      can_create_accounts: input.can_create_accounts,
      can_transfer_balance: input.can_transfer_balance,
      can_view_cdrs: input.can_view_cdrs,
      auth_token_digest: digestToken(token),
      auth_token_sealed: sealer.seal(token),
    })
    .returning(['id', 'currency'])
    .executeTakeFirstOrThrow();
}

/** Random 8-character auth ids collide about once in 10^12 creations; then try again. */
export async function retryOnAuthIdCollision<T>(
  constraint: string,
  create: () => Promise<T>,
): Promise<T> {
  const attemptsMax = 3;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await create();
    } catch (error) {
      if (attempt >= attemptsMax || !isUniqueViolation(error, constraint)) throw error;
    }
  }
}

export async function updatePartner(db: Executor, authId: string, changes: PartnerChanges) {
  const result = await db
    .updateTable('partners')
    .set({ ...changes, updated_at: sql<Date>`now()` })
    .where('auth_id', '=', authId)
    .returning('id')
    .executeTakeFirst();
  if (!result) throw notFound('Partner');
  return getPartnerProfile(db, result.id);
}

function slugify(name: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug.slice(0, 40) || 'partner';
}
