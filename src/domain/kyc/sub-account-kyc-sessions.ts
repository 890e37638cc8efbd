/**
 * Hosted KYC for a sub-account (POST /sub-accounts/{id}/kyc-sessions), started by its parent:
 * the same session, widget, e-mail and webhook machinery as a partner's session
 * (kyc-sessions.ts), with the sub-account as the subject. The session reports kyc.initiated at
 * once, kyc.submitted when the customer submits the PAN, and its end; its outcome becomes the
 * sub-account's KYC verifications (session-states.ts).
 */
import type { Database } from '../../db/database';
import { invalidField, notFound } from '../errors';
import type { AccountPrincipal } from '../principals';
import {
  assertValidSessionInput,
  type CreatedKycSession,
  type KycSessionContext,
  openKycSession,
} from './kyc-sessions';
import type { CreateKycSessionInput } from './kyc-session-rules';
import { recordSessionEvent } from './session-states';

/**
 * Errors: validation_failed (including an account_auth_id other than the path's), not_found
 * (unknown, deleted or another account's sub-account).
 */
export async function createSubAccountKycSession(
  db: Database,
  context: KycSessionContext,
  parent: AccountPrincipal,
  subAuthId: string,
  input: CreateKycSessionInput,
): Promise<CreatedKycSession> {
  if (input.account_auth_id !== subAuthId) {
    throw invalidField(['body', 'account_auth_id'], 'must be the sub-account of the path',
      input.account_auth_id);
  }
  await assertValidSessionInput(input, context);
  return db.transaction().execute(async (trx) => {
    const sub = await trx.selectFrom('sub_accounts').select('id')
      .where('auth_id', '=', subAuthId).where('account_id', '=', parent.id)
      .where('deleted_at', 'is', null)
      .forUpdate().executeTakeFirst();
    if (!sub) throw notFound('Sub-account');
    const subject = { partnerId: parent.partnerId, accountId: parent.id, subAccountId: sub.id };
    const created = await openKycSession(trx, context, subject, input);
    await recordSessionEvent(trx, created.session, 'kyc.initiated', context.clock());
    return created;
  });
}
