/** Whose CDRs a partner may read: one of its customers (by auth id), or all of them. */
import type { Executor } from '../../db/database';
import { notFound } from '../errors';
import type { PartnerPrincipal } from '../principals';

/** The partner's customer `authId` as a CDR scope. Errors: not_found (absent or not theirs). */
export async function getPartnerAccountScope(
  db: Executor,
  partner: PartnerPrincipal,
  authId: string,
) {
  const account = await db.selectFrom('accounts').select(['id', 'auth_id'])
    .where('auth_id', '=', authId).where('partner_id', '=', partner.id).executeTakeFirst();
  if (!account) throw notFound('Account');
  return { accountId: account.id, authId: account.auth_id };
}
