/** The rows every sub-account use case reads: live sub-accounts of one parent, with its KYC. */
import type { Executor } from '../../db/database';

/** Live (not deleted) sub-accounts of the parent account `accountId`, with the parent's ids. */
export function subAccountRows(db: Executor, accountId: string) {
  return db
    .selectFrom('sub_accounts as sa')
    .innerJoin('accounts as a', 'a.id', 'sa.account_id')
    .select([
      'sa.id', 'sa.api_id', 'sa.auth_id', 'sa.account_id', 'sa.name', 'sa.email', 'sa.kyc_mode',
      'sa.business_type', 'sa.kyc_status', 'sa.is_enabled', 'sa.created_at',
      'sa.updated_at', 'a.auth_id as parent_auth_id', 'a.kyc_status as parent_kyc_status',
    ])
    .where('sa.account_id', '=', accountId)
    .where('sa.deleted_at', 'is', null);
}

export type SubAccountRow =
  Awaited<ReturnType<ReturnType<typeof subAccountRows>['executeTakeFirstOrThrow']>>;
