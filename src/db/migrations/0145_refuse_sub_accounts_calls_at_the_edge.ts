import { type Kysely, sql } from 'kysely';

// A sub-account's calls are refused at the edge while it may not call (issue 13: kyc_calls_blocked
// "enforced wherever calls are admitted"): outbound on a trunk it owns, inbound to a DID assigned
// to it. edge.call_refusal() is the account-and-sub-account rule, in one place for both readers:
// the edge.trunk_policies view (which Kamailio caches and dialtone's outbound policy reads) and
// dialtone's inbound policy. A disabled sub-account refuses; a `customer_use` one calls on its own
// KYC (`verified`), a `personal_use` one on its parent's (`completed`), the same derivation as
// isKycCallsBlocked (src/domain/sub-accounts/call-admission.ts) gives the API's field. A deleted
// sub-account owns nothing (its trunks and numbers went back to the parent). A change to a
// sub-account, or a trunk changing hands, reloads the edge's trunk cache.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function edge.call_refusal(
      account_status text, account_kyc text,
      sub_account_enabled boolean, sub_account_kyc_mode text, sub_account_kyc text
    ) returns text language sql immutable as $$
      select case
        when account_status <> 'active' then 'Account suspended'
        when sub_account_enabled = false then 'Sub-account disabled'
        when sub_account_kyc_mode = 'customer_use' then
          case when sub_account_kyc <> 'verified' then 'Sub-account KYC not verified' else '' end
        when account_kyc <> 'completed' then 'Account KYC not completed'
        else ''
      end $$`.execute(db);
  await sql`
    create or replace view edge.trunk_policies as
    select t.trunk_domain as domain, t.id as trunk_id, t.account_id, a.partner_id,
      case
        when t.trunk_status <> 'enabled' then 'Trunk disabled'
        when t.trunk_direction <> 'outbound' then 'Trunk does not allow outbound calls'
        else edge.call_refusal(a.status, a.kyc_status, s.is_enabled, s.kyc_mode, s.kyc_status)
      end as refusal,
      coalesce(c.username, '') as username, coalesce(c.realm, '') as realm,
      coalesce(c.ha1, '') as ha1, coalesce(i.network::text, '') as network
    from trunks t
    join accounts a on a.id = t.account_id
    left join sub_accounts s on s.id = t.sub_account_id
    left join sip_credentials c on c.id = t.credential_id and c.enabled
    left join ip_acls i on i.id = t.ip_acl_id and i.enabled`.execute(db);
  await sql`
    create trigger sub_accounts_notify_edge_cache
    after insert or delete or update of kyc_mode, kyc_status, is_enabled, deleted_at
    on sub_accounts for each statement execute function notify_edge_cache('trunks')`.execute(db);
  await sql`
    create trigger trunks_owner_notify_edge_cache
    after update of sub_account_id on trunks
    for each statement execute function notify_edge_cache('trunks')`.execute(db);
}
