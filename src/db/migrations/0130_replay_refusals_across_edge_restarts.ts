import { type Kysely, sql } from 'kysely';

// A refusal outlives the Kamailio that gave it (issue 12, durability). An attempt is recorded
// before its SIP answer is sent, so a kill -9 in between leaves a recorded refusal the PBX never
// heard: it resends the INVITE (same Call-ID) to the restarted edge, which would record the
// call a second time (two CDRs for one call). The restarted edge now tells its start time, and
// an attempt a previous run of the same edge refused within the retransmission window is
// answered again without a second record:
// - edge_recorded_refusal(): that earlier refusal, if any (one rule, read by dialtone's policy
//   and by edge_call_refused);
// - edge_call_refused() takes the edge's start ($Tb, epoch seconds) and the window, and records
//   nothing when a previous run recorded the call already;
// - an index to find an account's attempts by Call-ID (also serves the settlement of calls
//   retried after a restart).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index edge_calls_account_call_id on edge_calls (account_id, sip_call_id)
    where sip_call_id is not null`.execute(db);

  await sql`
    create function edge_recorded_refusal(
      p_account_id bigint, p_edge_id text, p_call_id text, p_edge_started timestamptz,
      p_window_seconds integer
    ) returns table (final_code integer, final_reason text)
    language sql stable set search_path = public, pg_temp as $$
      select c.final_code, c.final_reason from edge_calls c
      where c.account_id = p_account_id and c.sip_call_id = p_call_id
        and c.edge_id = p_edge_id and not c.is_admitted and c.started_at < p_edge_started
        and c.started_at > clock_timestamp() - make_interval(secs => p_window_seconds)
      order by c.started_at desc limit 1
    $$`.execute(db);
  await sql`revoke all on function edge_recorded_refusal(bigint, text, text, timestamptz,
    integer) from public`.execute(db);

  await sql`drop function edge_call_refused(text, text, text, text, text, text, text)`
    .execute(db);
  await sql`
    create function edge_call_refused(
      p_edge_id text, p_domain text, p_source text, p_caller text, p_callee text,
      p_call_id text, p_user_agent text, p_edge_started bigint, p_window_seconds integer
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
      perform 1 from edge_recorded_refusal(trunk.account_id, left(p_edge_id, 64),
        nullif(left(p_call_id, 255), ''), to_timestamp(p_edge_started), p_window_seconds);
      if found then
        return trunk.refusal;
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
  await sql`revoke all on function edge_call_refused(text, text, text, text, text, text, text,
    bigint, integer) from public`.execute(db);
  await sql`grant execute on function edge_call_refused(text, text, text, text, text, text, text,
    bigint, integer) to dialtone_edge`.execute(db);
}
