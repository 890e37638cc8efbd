/**
 * Rotating a partner's API token: the old token stops working at once (within the API's
 * credential cache TTL in other processes), the new one is returned once and kept only as a
 * digest and a sealed copy, like the one minted at creation.
 */
import type { Executor } from '../../db/database';
import { notFound } from '../errors';
import { newAuthToken } from '../ids';
import type { PartnerPrincipal } from '../principals';
import { digestToken, type Sealer } from '../secrets';

/** Errors: not_found (the partner is gone). Returns the new token (shown once). */
export async function rotatePartnerToken(
  db: Executor,
  sealer: Sealer,
  partner: PartnerPrincipal,
): Promise<string> {
  const token = newAuthToken();
  const updated = await db.updateTable('partners')
    .set({
      auth_token_digest: digestToken(token),
      auth_token_sealed: sealer.seal(token),
      updated_at: new Date(),
    })
    .where('id', '=', partner.id)
    .returning('id')
    .executeTakeFirst();
  if (!updated) throw notFound('Partner');
  return token;
}
