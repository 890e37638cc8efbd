/**
 * Pricing tiers: a partner's price lists for its customers' calls (vobiz-api.md 1.3
 * `pricing_tier{...}`, 2.3 `billing_increment_seconds`, `minimum_duration_seconds`). Every query
 * is scoped by the partner, so another partner's tier is not_found. At most one tier per partner
 * is its default (a partial unique index); making a tier the default takes the flag from the
 * previous one in the same transaction. Changes apply to calls ingested afterwards: a CDR keeps
 * the cost it was rated at.
 */
import { sql } from 'kysely';
import type { Database, DatabaseTransaction, Executor } from '../../db/database';
import { SQLSTATE, isUniqueViolation } from '../../db/errors';
import type { PricingTiersTable } from '../../db/schema';
import {
  CHANNEL_BLOCK_SIZE_MAX,
  CHANNEL_MONTHLY_PRICE_MAX,
  PRICING_TIERS_PER_PARTNER_MAX,
} from '../../limits';
import { type RatingTier, findPricingTierProblems } from '../cdrs/rating';
import { DomainError, type FieldProblem, notFound } from '../errors';
import { formatMoney, parseMoney } from '../money';
import type { PartnerPrincipal } from '../principals';

/** Decimal text (at most 5 decimals) for every amount; seconds as whole numbers. */
export interface PricingTierFields {
  name: string;
  description?: string | null | undefined;
  rate_per_minute: string;
  billing_increment_seconds: number;
  minimum_duration_seconds: number;
  charge_non_connected_calls: boolean;
  non_connected_call_fee: string;
  streaming_rate_per_minute: string;
  recording_rate_per_minute: string;
  transcription_rate_per_minute: string;
  pii_redaction_rate_per_minute: string;
  whatsapp_voice_rate: string;
  did_release_fee: string;
  is_active: boolean;
  is_default: boolean;
  /** The monthly price of one channel (decimal text); null: the platform's price. */
  concurrent_calls_monthly_price: string | null;
  cps_monthly_price: string | null;
  /** Channels are bought in multiples of this. */
  channel_block_size: number;
}

export type NewPricingTier = Partial<PricingTierFields>
  & Pick<PricingTierFields, 'name' | 'rate_per_minute'>
  & { currency?: string | undefined };
export type PricingTierChanges = Partial<PricingTierFields>;

const DEFAULTS: Omit<PricingTierFields, 'name' | 'rate_per_minute'> = {
  description: null,
  billing_increment_seconds: 60,
  minimum_duration_seconds: 60,
  charge_non_connected_calls: false,
  non_connected_call_fee: '0',
  streaming_rate_per_minute: '0',
  recording_rate_per_minute: '0',
  transcription_rate_per_minute: '0',
  pii_redaction_rate_per_minute: '0',
  whatsapp_voice_rate: '0',
  did_release_fee: '0',
  is_active: true,
  is_default: false,
  concurrent_calls_monthly_price: null,
  cps_monthly_price: null,
  channel_block_size: 1,
};

const OTHER_RATES = [
  'streaming_rate_per_minute', 'recording_rate_per_minute', 'transcription_rate_per_minute',
  'pii_redaction_rate_per_minute', 'whatsapp_voice_rate', 'did_release_fee',
] as const;

export type PricingTierRow = Awaited<ReturnType<typeof getPricingTier>>;

/**
 * Creates a tier. Errors: forbidden (can_create_pricing_tiers is false, or the partner already
 * has PRICING_TIERS_PER_PARTNER_MAX tiers), validation_failed (a bound), conflict (name taken).
 * The count holds under concurrency: the partner row is locked while counting.
 */
export async function createPricingTier(
  db: Database,
  partner: PartnerPrincipal,
  input: NewPricingTier,
) {
  const fields = { ...DEFAULTS, ...withoutUndefined(input) } as PricingTierFields;
  assertAcceptable(fields);
  const currency = input.currency ?? partner.currency;
  const id = await writeTier(db, async (trx) => {
    await lockPartnerWithRoom(trx, partner.id);
    if (fields.is_default) await clearDefault(trx, partner.id);
    const row = await trx.insertInto('pricing_tiers')
      .values({ ...toColumns(fields), partner_id: partner.id, currency })
      .returning('id').executeTakeFirstOrThrow();
    return row.id;
  });
  return getPricingTier(db, partner, id);
}

export async function getPricingTier(db: Executor, partner: PartnerPrincipal, id: string) {
  const row = await db.selectFrom('pricing_tiers').selectAll()
    .where('id', '=', id).where('partner_id', '=', partner.id).executeTakeFirst();
  if (!row) throw notFound('Pricing tier');
  return row;
}

export async function listPricingTiers(
  db: Executor,
  partner: PartnerPrincipal,
  page: { page: number; perPage: number },
) {
  const [rows, count] = await Promise.all([
    db.selectFrom('pricing_tiers').selectAll().where('partner_id', '=', partner.id)
      .orderBy('created_at', 'desc').orderBy('id', 'desc')
      .limit(page.perPage).offset((page.page - 1) * page.perPage).execute(),
    db.selectFrom('pricing_tiers').select((eb) => eb.fn.countAll<string>().as('n'))
      .where('partner_id', '=', partner.id).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/**
 * Changes a tier (currency is fixed at creation: customers on it were checked against it).
 * Errors: forbidden (flag), not_found, validation_failed, conflict (name taken; a default tier
 * cannot be deactivated or stop being the default except by making another tier the default).
 */
export async function updatePricingTier(
  db: Database,
  partner: PartnerPrincipal,
  id: string,
  changes: PricingTierChanges,
) {
  await writeTier(db, async (trx) => {
    await assertCanManageTiers(trx, partner.id);
    const current = await trx.selectFrom('pricing_tiers').selectAll()
      .where('id', '=', id).where('partner_id', '=', partner.id).forUpdate().executeTakeFirst();
    if (!current) throw notFound('Pricing tier');
    const merged = { ...fromRow(current), ...withoutUndefined(changes) };
    assertAcceptable(merged);
    if (current.is_default && !merged.is_default) {
      throw new DomainError('conflict',
        'The default tier stays the default until another tier is made the default');
    }
    if (merged.is_default && !current.is_default) await clearDefault(trx, partner.id);
    await trx.updateTable('pricing_tiers')
      .set({ ...toColumns(merged), updated_at: sql<Date>`now()` })
      .where('id', '=', id).execute();
  });
  return getPricingTier(db, partner, id);
}

/** Deletes a tier. Errors: forbidden (flag), not_found, conflict (default, or assigned). */
export async function deletePricingTier(db: Database, partner: PartnerPrincipal, id: string) {
  await writeTier(db, async (trx) => {
    await assertCanManageTiers(trx, partner.id);
    const tier = await trx.selectFrom('pricing_tiers').select('is_default')
      .where('id', '=', id).where('partner_id', '=', partner.id).forUpdate().executeTakeFirst();
    if (!tier) throw notFound('Pricing tier');
    if (tier.is_default) {
      throw new DomainError('conflict',
        'The default tier cannot be deleted; make another tier the default first');
    }
    await trx.deleteFrom('pricing_tiers').where('id', '=', id).execute();
  });
}

/** The partner's default tier's id, if it has one (shown as /me's default_pricing_tier_id). */
export async function findDefaultPricingTierId(db: Executor, partnerId: string) {
  const row = await db.selectFrom('pricing_tiers').select('id')
    .where('partner_id', '=', partnerId).where('is_default', '=', true).executeTakeFirst();
  return row?.id ?? null;
}

async function writeTier<T>(
  db: Database,
  work: (trx: DatabaseTransaction) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(work);
  } catch (error) {
    if (isUniqueViolation(error, 'pricing_tiers_name_unique')) {
      throw new DomainError('conflict', 'A pricing tier with this name already exists');
    }
    if ((error as { code?: string })?.code === SQLSTATE.foreignKeyViolation) {
      throw new DomainError('conflict',
        'The pricing tier is assigned to customers; assign them another tier first');
    }
    throw error;
  }
}

async function assertCanManageTiers(trx: Executor, partnerId: string) {
  const partner = await trx.selectFrom('partners').select('can_create_pricing_tiers')
    .where('id', '=', partnerId).forUpdate().executeTakeFirstOrThrow();
  if (!partner.can_create_pricing_tiers) {
    throw new DomainError('forbidden', 'This partner is not allowed to manage pricing tiers');
  }
}

async function lockPartnerWithRoom(trx: Executor, partnerId: string) {
  await assertCanManageTiers(trx, partnerId);
  const { n } = await trx.selectFrom('pricing_tiers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('partner_id', '=', partnerId).executeTakeFirstOrThrow();
  if (Number(n) >= PRICING_TIERS_PER_PARTNER_MAX) {
    throw new DomainError('forbidden',
      `Pricing tier limit reached (${PRICING_TIERS_PER_PARTNER_MAX})`);
  }
}

async function clearDefault(trx: Executor, partnerId: string) {
  await trx.updateTable('pricing_tiers').set({ is_default: false, updated_at: sql<Date>`now()` })
    .where('partner_id', '=', partnerId).where('is_default', '=', true).execute();
}

/** Every bound at once, each problem naming its field (Vobiz's 422 details). */
function assertAcceptable(fields: PricingTierFields): void {
  const rating: RatingTier = fields;
  const problems: FieldProblem[] = findPricingTierProblems(rating).map((msg) => ({
    loc: ['body', msg.split(' ')[0]!], msg, type: 'value_error',
  }));
  for (const field of OTHER_RATES) {
    const units = parseMoney(fields[field]);
    if (units === undefined || units < 0n) {
      const msg = `${field} must be a decimal >= 0 with at most 5 decimals`;
      problems.push({ loc: ['body', field], msg, type: 'value_error' });
    }
  }
  if (fields.is_default && !fields.is_active) {
    const msg = 'the default tier must be active';
    problems.push({ loc: ['body', 'is_active'], msg, type: 'value_error' });
  }
  problems.push(...findChannelPriceProblems(fields));
  if (problems.length > 0) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, problems);
  }
}

const CHANNEL_PRICES = ['concurrent_calls_monthly_price', 'cps_monthly_price'] as const;

function findChannelPriceProblems(fields: PricingTierFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const field of CHANNEL_PRICES) {
    const text = fields[field];
    if (text === null) continue;
    const units = parseMoney(text);
    if (units === undefined || units < 0n || units > parseMoney(CHANNEL_MONTHLY_PRICE_MAX)!) {
      const msg = `${field} must be null or a decimal from 0 to ${CHANNEL_MONTHLY_PRICE_MAX} ` +
        'with at most 5 decimals';
      problems.push({ loc: ['body', field], msg, type: 'value_error' });
    }
  }
  const blockSize = fields.channel_block_size;
  if (!Number.isSafeInteger(blockSize) || blockSize < 1 || blockSize > CHANNEL_BLOCK_SIZE_MAX) {
    const msg = `channel_block_size must be a whole number from 1 to ${CHANNEL_BLOCK_SIZE_MAX}`;
    problems.push({ loc: ['body', 'channel_block_size'], msg, type: 'value_error' });
  }
  return problems;
}

function toColumns(fields: PricingTierFields) {
  const money = (text: string) => formatMoney(parseMoney(text)!);
  const channelPrice = (text: string | null) => (text === null ? null : money(text));
  return {
    name: fields.name,
    description: fields.description ?? null,
    rate_per_minute: money(fields.rate_per_minute),
    billing_increment_seconds: fields.billing_increment_seconds,
    minimum_duration_seconds: fields.minimum_duration_seconds,
    charge_non_connected_calls: fields.charge_non_connected_calls,
    non_connected_call_fee: money(fields.non_connected_call_fee),
    streaming_rate_per_minute: money(fields.streaming_rate_per_minute),
    recording_rate_per_minute: money(fields.recording_rate_per_minute),
    transcription_rate_per_minute: money(fields.transcription_rate_per_minute),
    pii_redaction_rate_per_minute: money(fields.pii_redaction_rate_per_minute),
    whatsapp_voice_rate: money(fields.whatsapp_voice_rate),
    did_release_fee: money(fields.did_release_fee),
    is_active: fields.is_active,
    is_default: fields.is_default,
    concurrent_calls_monthly_price: channelPrice(fields.concurrent_calls_monthly_price),
    cps_monthly_price: channelPrice(fields.cps_monthly_price),
    channel_block_size: fields.channel_block_size,
  } satisfies Partial<Record<keyof PricingTiersTable, unknown>>;
}

function fromRow(row: PricingTierRow): PricingTierFields {
  const { id: _id, partner_id: _p, currency: _c, created_at: _a, updated_at: _u, ...fields } = row;
  return fields;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
