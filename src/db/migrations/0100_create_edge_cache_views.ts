import { type Kysely, sql } from 'kysely';

// What the SIP edge (Kamailio, role dialtone_edge) caches in memory, as read-only views in the
// schema `edge`, the only relations the role may read (never the tables). The views encode
// dialtone's rules (when a trunk refuses calls, which credential and ACL entry count), so the
// edge decides from dialtone's policy without holding any of it:
// - edge.trunk_policies: one row per trunk domain with the refusal a call on it gets ('' when
//   admissible), the enabled credential (username, realm, HA1) and the enabled ACL network.
//   dialtone's own call admission reads the refusal from here too: one rule, two readers.
// - edge.trunk_cache, edge.did_cache: the same in the shape Kamailio's htable module loads
//   (key_name, key_type, value_type, key_value; fields of a value joined by ';').
// - edge_call_refused(): records an attempt the edge refused from its cache after the PBX
//   authenticated, exactly like a refusal dialtone decides (an ended edge_calls row, a CDR).
// Triggers announce on `dialtone_edge_cache`, when the change commits, which cache it touches
// ('trunks' or 'dids'); `dialtone edge` listens and reloads that table in its Kamailio.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema edge`.execute(db);
  await sql`
    create view edge.trunk_policies as
    select t.trunk_domain as domain, t.id as trunk_id, t.account_id, a.partner_id,
      case
        when t.trunk_status <> 'enabled' then 'Trunk disabled'
        when t.trunk_direction <> 'outbound' then 'Trunk does not allow outbound calls'
        when a.status <> 'active' then 'Account suspended'
        when a.kyc_status <> 'completed' then 'Account KYC not completed'
        else ''
      end as refusal,
      coalesce(c.username, '') as username, coalesce(c.realm, '') as realm,
      coalesce(c.ha1, '') as ha1, coalesce(i.network::text, '') as network
    from trunks t
    join accounts a on a.id = t.account_id
    left join sip_credentials c on c.id = t.credential_id and c.enabled
    left join ip_acls i on i.id = t.ip_acl_id and i.enabled`.execute(db);
  await sql`
    create view edge.trunk_cache as
    select domain as key_name, 0 as key_type, 0 as value_type,
      concat_ws(';', trunk_id, refusal, username, realm, ha1, network) as key_value
    from edge.trunk_policies`.execute(db);
  // Numbers a carrier may ring: owned ones. What happens to the call is dialtone's to decide.
  await sql`
    create view edge.did_cache as
    select e164 as key_name, 0 as key_type, 0 as value_type, status as key_value
    from phone_numbers where account_id is not null`.execute(db);

  await sql`
    create function edge_call_refused(
      p_edge_id text, p_domain text, p_source text, p_caller text, p_callee text,
      p_call_id text, p_user_agent text
    ) returns text
    language plpgsql security definer set search_path = public, pg_temp as $$
    declare
      trunk edge.trunk_policies;
    begin
      select * into trunk from edge.trunk_policies where domain = lower(p_domain);
      -- The cache was behind and the trunk admits calls now: the edge asks dialtone instead.
      if not found or trunk.refusal = '' then
        return '';
      end if;
      insert into edge_calls (call_uuid, edge_id, account_id, partner_id, trunk_id,
        call_direction, caller_id_number, destination_number, sip_call_id, sip_user_agent,
        source_address, is_admitted, ended_at, final_code, final_reason, hangup_source)
      values (gen_random_uuid(), left(p_edge_id, 64), trunk.account_id, trunk.partner_id,
        trunk.trunk_id, 'outbound', left(p_caller, 64), left(p_callee, 64),
        nullif(left(p_call_id, 255), ''), nullif(left(p_user_agent, 255), ''),
        left(p_source, 64), false, clock_timestamp(), 403, trunk.refusal, 'refused');
      perform graphile_worker.add_job('edge_calls_ingest', '{}'::json,
        job_key => 'edge_calls_ingest', max_attempts => 25);
      return trunk.refusal;
    end $$`.execute(db);
  await sql`revoke all on function edge_call_refused(text, text, text, text, text, text, text)
    from public`.execute(db);
  await sql`grant execute on function edge_call_refused(text, text, text, text, text, text, text)
    to dialtone_edge`.execute(db);
  await sql`grant usage on schema edge to dialtone_edge`.execute(db);
  await sql`grant select on edge.trunk_cache, edge.did_cache to dialtone_edge`.execute(db);
  // Kamailio names relations unqualified: the role finds the views first, then the functions.
  await sql`alter role dialtone_edge set search_path = edge, public`.execute(db);

  await sql`
    create function notify_edge_cache() returns trigger language plpgsql as $$
    declare
      cache text;
    begin
      foreach cache in array tg_argv loop
        perform pg_notify('dialtone_edge_cache', cache);
      end loop;
      return null;
    end $$`.execute(db);
  const triggers: [table: string, columns: string, caches: string][] = [
    ['trunks', 'trunk_domain, trunk_status, trunk_direction, credential_id, ip_acl_id',
      `'trunks'`],
    ['sip_credentials', 'username, realm, ha1, enabled', `'trunks'`],
    ['ip_acls', 'network, enabled', `'trunks'`],
    ['accounts', 'status, kyc_status', `'trunks'`],
    ['phone_numbers', 'e164, status, account_id', `'dids'`],
  ];
  for (const [table, columns, caches] of triggers) {
    await sql.raw(`
      create trigger ${table}_notify_edge_cache
      after insert or delete or update of ${columns} on ${table} for each statement
      execute function notify_edge_cache(${caches})`).execute(db);
  }
}
