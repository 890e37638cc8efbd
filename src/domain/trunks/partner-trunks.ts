/**
 * A partner's read-only view of one customer's trunks (the customer alone changes them).
 * Scoped by the partner: another partner's customer has none here.
 */
import type { Executor } from '../../db/database';
import type { PartnerPrincipal } from '../principals';

export function listCustomerTrunksOfPartner(
  db: Executor,
  partner: PartnerPrincipal,
  accountAuthId: string,
  limit: number,
) {
  return db.selectFrom('trunks as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select([
      't.id', 't.name', 't.trunk_domain', 't.trunk_status', 't.concurrent_calls_limit', 't.cps_limit',
    ])
    .where('a.partner_id', '=', partner.id)
    .where('a.auth_id', '=', accountAuthId)
    .orderBy('t.created_at').orderBy('t.id')
    .limit(limit)
    .execute();
}
