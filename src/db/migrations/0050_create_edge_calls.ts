import { type Kysely, sql } from 'kysely';

// The SIP edge (Kamailio) and dialtone's record of its calls.
// - edge_calls: one row per call attempt the edge asked dialtone about, written by dialtone in
//   the transaction that admitted or refused it. Admitted rows with no ended_at are the live
//   calls: the concurrency and CPS limits count them under a per-account advisory lock, so
//   limits hold exactly however many edge instances share this database.
// - Kamailio itself holds no table rights. It logs in as the role dialtone_edge (NOLOGIN here;
//   `dialtone edge` gives it a password) and may only EXECUTE edge_call_answered and
//   edge_call_ended, SECURITY DEFINER functions that stamp the answer and the end of a call it
//   was told about and queue the CDR's ingestion in the same transaction: a call's end is
//   durable in PostgreSQL before its dialog is forgotten, whether or not dialtone is running.
// - ingested_at marks rows whose CDR went through ingestion (idempotent per call uuid).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table edge_calls (
      call_uuid uuid primary key,
      edge_id text not null,
      account_id bigint not null references accounts (id),
      partner_id uuid not null references partners (id),
      trunk_id uuid,
      call_direction text not null,
      caller_id_number text not null,
      destination_number text not null,
      sip_call_id text,
      sip_user_agent text,
      source_address text,
      terminated_to text,
      is_admitted boolean not null,
      max_duration_seconds integer,
      reserved_cost numeric(20, 5) not null default 0,
      started_at timestamptz not null default clock_timestamp(),
      progress_at timestamptz,
      answered_at timestamptz,
      ended_at timestamptz,
      final_code integer,
      final_reason text,
      hangup_source text,
      ingested_at timestamptz,
      constraint edge_calls_direction_known check (call_direction in ('inbound', 'outbound')),
      constraint edge_calls_refused_ended check (is_admitted or ended_at is not null),
      constraint edge_calls_admitted_has_duration
        check (not is_admitted or max_duration_seconds >= 1),
      constraint edge_calls_reserved_nonnegative check (reserved_cost >= 0),
      constraint edge_calls_answer_ordered check (answered_at is null or answered_at >= started_at),
      constraint edge_calls_end_ordered check (ended_at is null or ended_at >= started_at),
      constraint edge_calls_final_code_range check (final_code between 100 and 699)
    )`.execute(db);
  // The live calls a limit counts, and the admissions of the last second the CPS limit counts.
  await sql`create index edge_calls_live_account on edge_calls (account_id)
    where is_admitted and ended_at is null`.execute(db);
  // The calls still holding a reservation on their wallet: admitted and not yet billed.
  await sql`create index edge_calls_reserving on edge_calls (account_id)
    where is_admitted and ingested_at is null`.execute(db);
  await sql`create index edge_calls_live_trunk on edge_calls (trunk_id)
    where is_admitted and ended_at is null`.execute(db);
  await sql`create index edge_calls_live_partner on edge_calls (partner_id)
    where is_admitted and ended_at is null`.execute(db);
  await sql`create index edge_calls_live_edge on edge_calls (edge_id)
    where is_admitted and ended_at is null`.execute(db);
  await sql`create index edge_calls_account_started on edge_calls (account_id, started_at)
    where is_admitted`.execute(db);
  await sql`create index edge_calls_trunk_started on edge_calls (trunk_id, started_at)
    where is_admitted`.execute(db);
  // The ingestion job's queue: ended, not yet a CDR.
  await sql`create index edge_calls_to_ingest on edge_calls (ended_at)
    where ended_at is not null and ingested_at is null`.execute(db);

  // Roles are cluster-wide (several dialtone databases may share a server): create it once.
  await sql`
    do $$ begin
      if not exists (select from pg_roles where rolname = 'dialtone_edge') then
        create role dialtone_edge nologin;
      end if;
    end $$`.execute(db);

  await sql`
    create function edge_call_answered(p_call_uuid uuid) returns void
    language sql security definer set search_path = public, pg_temp as $$
      update edge_calls set answered_at = clock_timestamp()
      where call_uuid = p_call_uuid and is_admitted and answered_at is null and ended_at is null
    $$`.execute(db);

  // progress is the first provisional reply as epoch seconds (Kamailio's $TV(Sn)), or ''.
  await sql`
    create function edge_call_ended(
      p_call_uuid uuid, p_progress text, p_final_code integer, p_final_reason text,
      p_hangup_source text
    ) returns void
    language plpgsql security definer set search_path = public, pg_temp as $$
    begin
      update edge_calls set
        ended_at = clock_timestamp(),
        progress_at = case when p_progress ~ '^[0-9]+([.][0-9]+)?$'
          then greatest(started_at, least(clock_timestamp(), to_timestamp(p_progress::numeric)))
          end,
        final_code = least(greatest(p_final_code, 100), 699),
        final_reason = left(p_final_reason, 128),
        hangup_source = left(p_hangup_source, 32)
      where call_uuid = p_call_uuid and is_admitted and ended_at is null;
      if found then
        perform graphile_worker.add_job('edge_calls_ingest', '{}'::json,
          job_key => 'edge_calls_ingest', max_attempts => 25);
      end if;
    end $$`.execute(db);

  for (const fn of ['edge_call_answered(uuid)',
    'edge_call_ended(uuid, text, integer, text, text)']) {
    await sql.raw(`revoke all on function ${fn} from public`).execute(db);
    await sql.raw(`grant execute on function ${fn} to dialtone_edge`).execute(db);
  }
  await sql`grant usage on schema public to dialtone_edge`.execute(db);
}
