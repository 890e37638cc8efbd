/**
 * Whether a sub-account's calls may be admitted. `kyc_calls_blocked` is derived, never stored:
 * a `personal_use` sub-account rides on its parent's KYC, a `customer_use` one needs its own,
 * so a change of mode or of either KYC state applies to the very next call.
 */
import type { Executor } from '../../db/database';
import type { KycMode, SubAccountKycStatus } from '../../db/schema';

export interface KycStanding {
  kyc_mode: KycMode;
  /** The sub-account's own aggregate KYC status. */
  kyc_status: SubAccountKycStatus;
  /** The parent account's KYC status (accounts.kyc_status). */
  parent_kyc_status: 'pending' | 'completed';
}

/** True while KYC keeps the sub-account from calling. Pure: the SIP edge and views share it. */
export function isKycCallsBlocked(standing: KycStanding): boolean {
  if (standing.kyc_mode === 'personal_use') return standing.parent_kyc_status !== 'completed';
  return standing.kyc_status !== 'verified';
}

/**
 * The call-admission check for the SIP edge: true when a call of this sub-account (by its
 * numeric id, as numbers and CDRs name it) must be refused, because the sub-account is
 * deleted, disabled, its parent or partner is inactive, or KYC blocks it. An unknown id is
 * blocked. One indexed round trip.
 */
export async function isCallAdmissionBlocked(db: Executor, subAccountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sub_accounts as sa')
    .innerJoin('accounts as a', 'a.id', 'sa.account_id')
    .innerJoin('partners as p', 'p.id', 'a.partner_id')
    .select([
      'sa.kyc_mode', 'sa.kyc_status', 'sa.is_enabled', 'sa.deleted_at',
      'a.kyc_status as parent_kyc_status', 'a.status as parent_status', 'p.is_active',
    ])
    .where('sa.id', '=', subAccountId)
    .executeTakeFirst();
  if (!row || row.deleted_at !== null || !row.is_enabled) return true;
  if (row.parent_status !== 'active' || !row.is_active) return true;
  return isKycCallsBlocked(row);
}
