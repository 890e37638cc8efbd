/**
 * Each partner's webhook signing secret (`whsec_…`), AES-GCM sealed at rest. It is created on
 * first use, readable by the partner, and rotatable; after a rotation the previous secret keeps
 * signing (a second signature on every delivery) for WEBHOOK_SECRET_ROTATION_GRACE_HOURS, so a
 * receiver can switch without dropping deliveries.
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/database';
import { WEBHOOK_SECRET_ROTATION_GRACE_HOURS } from '../../limits';
import type { PartnerPrincipal } from '../principals';
import type { Sealer } from '../secrets';
import { generateWebhookSecret } from './signatures';

export interface WebhookSecret {
  secret: string;
  createdAt: Date;
  /** When the rotated-out secret stops signing; null when there is none. */
  previousSecretExpiresAt: Date | null;
}

const GRACE_MS = WEBHOOK_SECRET_ROTATION_GRACE_HOURS * 60 * 60 * 1000;

/** The partner's current secret, created on first read. Concurrent first reads agree. */
export async function getWebhookSecret(
  db: Executor,
  sealer: Sealer,
  partner: Pick<PartnerPrincipal, 'id'>,
  now: Date,
): Promise<WebhookSecret> {
  await db
    .insertInto('webhook_secrets')
    .values({
      partner_id: partner.id, secret_sealed: sealer.seal(generateWebhookSecret()), created_at: now,
    })
    .onConflict((conflict) => conflict.column('partner_id').doNothing())
    .execute();
  const row = await db
    .selectFrom('webhook_secrets')
    .selectAll()
    .where('partner_id', '=', partner.id)
    .executeTakeFirstOrThrow();
  return {
    secret: sealer.unseal(row.secret_sealed),
    createdAt: row.created_at,
    previousSecretExpiresAt: isStillValid(row.previous_secret_expires_at, now)
      ? row.previous_secret_expires_at
      : null,
  };
}

/**
 * Replaces the secret in one statement; the old one signs alongside for the grace period.
 * Two concurrent rotations both succeed, the later one wins, and the earlier new secret becomes
 * the previous one (still valid through the grace period).
 */
export async function rotateWebhookSecret(
  db: Executor,
  sealer: Sealer,
  partner: Pick<PartnerPrincipal, 'id'>,
  now: Date,
): Promise<WebhookSecret> {
  const secret = generateWebhookSecret();
  const previousExpiresAt = new Date(now.getTime() + GRACE_MS);
  const row = await db
    .insertInto('webhook_secrets')
    .values({ partner_id: partner.id, secret_sealed: sealer.seal(secret), created_at: now })
    .onConflict((conflict) => conflict.column('partner_id').doUpdateSet({
      previous_secret_sealed: sql<string>`webhook_secrets.secret_sealed`,
      previous_secret_expires_at: previousExpiresAt,
      secret_sealed: (eb) => eb.ref('excluded.secret_sealed'),
      created_at: now,
    }))
    .returning(['created_at', 'previous_secret_expires_at'])
    .executeTakeFirstOrThrow();
  return {
    secret, createdAt: row.created_at, previousSecretExpiresAt: row.previous_secret_expires_at,
  };
}

/** The secrets that sign a delivery now: the current one first, then a rotated-out one. */
export async function signingSecretsOf(
  db: Executor,
  sealer: Sealer,
  partnerId: string,
  now: Date,
): Promise<string[]> {
  const current = await getWebhookSecret(db, sealer, { id: partnerId }, now);
  const row = await db
    .selectFrom('webhook_secrets')
    .select(['previous_secret_sealed', 'previous_secret_expires_at'])
    .where('partner_id', '=', partnerId)
    .executeTakeFirstOrThrow();
  const previous = row.previous_secret_sealed && isStillValid(row.previous_secret_expires_at, now)
    ? [sealer.unseal(row.previous_secret_sealed)]
    : [];
  return [current.secret, ...previous];
}

function isStillValid(expiresAt: Date | null, now: Date): expiresAt is Date {
  return expiresAt !== null && expiresAt.getTime() > now.getTime();
}
