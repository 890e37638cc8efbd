/**
 * Deleting a sub-account (vobiz-sdk-surface.md 2: "permanent and revokes the sub-account's
 * credentials"). Its own module because it ends the sub-account's hosted KYC session too, and
 * the KYC modules already depend on sub-accounts.ts.
 */
import type { Database } from '../../db/database';
import { notFound } from '../errors';
import { findActiveSessionIdOfAccount } from '../kyc/kyc-sessions.queries';
import { transitionSession } from '../kyc/session-states';
import type { AccountPrincipal } from '../principals';
import { assertIsParent } from './sub-accounts';

export const SUB_ACCOUNT_DELETED_REASON = 'sub-account deleted';

const TRUNK_RESOURCE_TABLES = ['trunks', 'sip_credentials', 'ip_acls', 'origination_uris'] as const;

/**
 * Deletes a sub-account for good, in one transaction: its credentials are removed in the same
 * UPDATE (the next request with them is 401; callers also drop their credential cache), its
 * numbers, trunks, SIP credentials, ACL entries and origination URIs return to the parent, and
 * its active KYC session is revoked (its links stop
 * working; kyc.session_revoked is recorded with the session's other webhooks). CDRs and KYC
 * verifications keep naming it. Errors: not_found.
 */
export async function deleteSubAccount(
  db: Database,
  parent: AccountPrincipal,
  authId: string,
  now: Date,
): Promise<void> {
  assertIsParent(parent);
  await db.transaction().execute(async (trx) => {
    const deleted = await trx.updateTable('sub_accounts')
      .set({ deleted_at: now, auth_token_digest: null, is_enabled: false, updated_at: now })
      .where('auth_id', '=', authId)
      .where('account_id', '=', parent.id)
      .where('deleted_at', 'is', null)
      .returning('id')
      .executeTakeFirst();
    if (!deleted) throw notFound('Sub-account');
    await trx.updateTable('phone_numbers')
      .set({ sub_account_id: null, updated_at: now })
      .where('sub_account_id', '=', deleted.id)
      .execute();
    for (const table of TRUNK_RESOURCE_TABLES) {
      await trx.updateTable(table).set({ sub_account_id: null })
        .where('sub_account_id', '=', deleted.id).execute();
    }
    // The sub-account's row lock (the UPDATE above) keeps a new session from opening meanwhile.
    const sessionId = await findActiveSessionIdOfAccount(trx, parent.id, deleted.id);
    if (sessionId) {
      await transitionSession(trx, { sessionId, now }, 'revoked', {
        revoke_reason: SUB_ACCOUNT_DELETED_REASON,
      });
    }
  });
}
