import { type Kysely, sql } from 'kysely';

// One database round trip per SIP admission (issue 12): edge_admit_call takes the admission
// locks, counts live calls and last second's admissions, checks the limits and the wallet, and
// inserts the admitted edge_calls row, all in the one statement that calls it. Before this the
// same steps were six round trips with the account's lock held across them, which capped one
// account at a few dozen calls per second.
// - Locks: the partner's lock first, then the account's (0050's lock family). The partner's is
//   exclusive when the partner has a capacity pool (its customers' calls together are limited,
//   so all its admissions are serialised) and shared otherwise (customers admit in parallel).
//   A pool granted while a shared holder runs is seen after the locks by re-reading it: the
//   function then answers 'retry' rather than admit unserialised.
// - Limits and the rating come from the caller (dialtone's rating code, which bills the CDR):
//   p_budget_seconds/p_budget_costs are candidate maximum durations with what each reserves,
//   longest first. The first the wallet covers (balance less the reservations of calls not yet
//   billed) is admitted. None covered: 'balance' when nothing is available, else 'budget' with
//   the amount available, for the caller to rate that amount and ask again.
// - The commit does not wait for its WAL flush (synchronous_commit off for this transaction,
//   as 0050's admissions did): the later answer stamp is a synchronous commit that flushes it.
// - refusal is null when admitted; otherwise the limit that refused, named, and nothing is
//   written (the caller records the refused attempt with its SIP reply).
export async function up(db: Kysely<any>): Promise<void> {
  // The CPS window of a partner pool: its customers' admissions of the last second.
  await sql`create index edge_calls_partner_started on edge_calls (partner_id, started_at)
    where is_admitted`.execute(db);

  await sql`
    create function edge_admit_call(
      p_call_uuid uuid, p_edge_id text, p_account_id bigint, p_partner_id uuid, p_trunk_id uuid,
      p_call_direction text, p_caller_id_number text, p_destination_number text,
      p_sip_call_id text, p_sip_user_agent text, p_source_address text, p_terminated_to text,
      p_trunk_concurrent_limit integer, p_trunk_cps_limit integer,
      p_account_concurrent_limit integer, p_account_cps_limit integer,
      p_budget_seconds integer[], p_budget_costs numeric[]
    ) returns table (refusal text, max_duration_seconds integer, available numeric)
    language plpgsql set search_path = public, pg_temp as $$
    declare
      v_pooled boolean;
      v_pool_concurrent integer;
      v_pool_cps integer;
      v_available numeric;
    begin
      perform set_config('synchronous_commit', 'off', true);
      select concurrent_calls_pool > 0 or cps_pool > 0 into strict v_pooled
        from partners where id = p_partner_id;
      if v_pooled then
        perform pg_advisory_xact_lock(120103, hashtext(p_partner_id::text));
      else
        perform pg_advisory_xact_lock_shared(120103, hashtext(p_partner_id::text));
      end if;
      perform pg_advisory_xact_lock(120050, p_account_id::integer);
      -- Each statement below sees what committed before the locks were ours.
      select concurrent_calls_pool, cps_pool into strict v_pool_concurrent, v_pool_cps
        from partners where id = p_partner_id;
      if not v_pooled and (v_pool_concurrent > 0 or v_pool_cps > 0) then
        return query select 'retry'::text, null::integer, null::numeric;
        return;
      end if;
      refusal := case
        when (select count(*) from edge_calls where trunk_id = p_trunk_id
          and is_admitted and ended_at is null) >= p_trunk_concurrent_limit
          then 'trunk_concurrent'
        when (select count(*) from edge_calls where account_id = p_account_id
          and is_admitted and ended_at is null) >= p_account_concurrent_limit
          then 'account_concurrent'
        when v_pool_concurrent > 0 and (select count(*) from edge_calls
          where partner_id = p_partner_id and is_admitted and ended_at is null)
          >= v_pool_concurrent
          then 'partner_concurrent'
        when (select count(*) from edge_calls where trunk_id = p_trunk_id and is_admitted
          and started_at > clock_timestamp() - interval '1 second') >= p_trunk_cps_limit
          then 'trunk_cps'
        when (select count(*) from edge_calls where account_id = p_account_id and is_admitted
          and started_at > clock_timestamp() - interval '1 second') >= p_account_cps_limit
          then 'account_cps'
        when v_pool_cps > 0 and (select count(*) from edge_calls
          where partner_id = p_partner_id and is_admitted
          and started_at > clock_timestamp() - interval '1 second') >= v_pool_cps
          then 'partner_cps'
        end;
      if refusal is not null then
        return query select refusal, null::integer, null::numeric;
        return;
      end if;
      v_available := (select balance from wallets where account_id = p_account_id)
        - (select coalesce(sum(c.reserved_cost), 0) from edge_calls c
          where c.account_id = p_account_id and c.is_admitted and c.ingested_at is null);
      for i in 1 .. coalesce(array_length(p_budget_seconds, 1), 0) loop
        if p_budget_costs[i] <= greatest(v_available, 0) then
          insert into edge_calls (call_uuid, edge_id, account_id, partner_id, trunk_id,
            call_direction, caller_id_number, destination_number, sip_call_id,
            sip_user_agent, source_address, terminated_to, is_admitted,
            max_duration_seconds, reserved_cost)
          values (p_call_uuid, p_edge_id, p_account_id, p_partner_id, p_trunk_id,
            p_call_direction, p_caller_id_number, p_destination_number, p_sip_call_id,
            p_sip_user_agent, p_source_address, p_terminated_to, true,
            p_budget_seconds[i], p_budget_costs[i]);
          return query select null::text, p_budget_seconds[i], v_available;
          return;
        end if;
      end loop;
      return query select case when v_available > 0 then 'budget' else 'balance' end,
        null::integer, v_available;
    end $$`.execute(db);
  await sql`revoke all on function edge_admit_call(uuid, text, bigint, uuid, uuid, text, text,
    text, text, text, text, text, integer, integer, integer, integer, integer[], numeric[])
    from public`.execute(db);
}
