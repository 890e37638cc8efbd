import { type Kysely, sql } from 'kysely';

// Call detail records (vobiz-api.md 2.4), the largest table by far.
// - cdrs is range-partitioned by month on start_time: queries with a date range touch only their
//   months, newest-first lists read the newest partition first, and retention is a DROP TABLE of
//   an old month instead of a DELETE. cdrs_ensure_partition(month) creates a month; a job keeps
//   months ahead, ingestion creates the months a batch touches (backfills) on demand.
// - cdr_keys holds every ingested uuid once. A unique index on a partitioned table must contain
//   the partition key, so (uuid, start_time) would let a resend with another start_time in;
//   this table makes "idempotent per uuid" global, and maps a uuid to its account and month for
//   GET .../cdr/{uuid}.
// - No primary key and no foreign keys on cdrs: ids come from a sequence, uniqueness is
//   cdr_keys', accounts are never deleted, and every index or FK check is paid per ingested row.
// - cost is what the call was rated at ingestion; shortfall is the part the wallet could not pay
//   (a prepaid wallet is debited to zero, never below); transaction_id names the ledger
//   transaction that charged it.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create sequence cdrs_id_seq as bigint`.execute(db);
  await sql`
    create table cdrs (
      id bigint not null default nextval('cdrs_id_seq'),
      uuid uuid not null,
      account_id bigint not null,
      partner_id uuid not null,
      trunk_id uuid,
      call_direction text not null,
      caller_id_name text,
      caller_id_number text not null,
      destination_number text not null,
      context text not null,
      region text,
      origination_region text,
      campaign_id text,
      customer_endpoint text,
      terminated_to text,
      duration integer not null,
      billsec integer not null,
      billable_seconds integer not null,
      ring_time integer not null,
      answer_time timestamptz,
      start_time timestamptz not null,
      end_time timestamptz not null,
      progress_time timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      cost numeric(20, 5) not null,
      streaming_cost numeric(20, 5) not null default 0,
      shortfall numeric(20, 5) not null default 0,
      currency char(3) not null,
      pricing_tier_id uuid,
      transaction_id text,
      mos real,
      jitter real,
      packet_loss real,
      codec text,
      hangup_cause text not null,
      hangup_cause_code integer not null,
      hangup_cause_name text not null,
      hangup_disposition text,
      hangup_source text,
      failure_code integer,
      failure_reason text,
      bridge_uuid text,
      sip_call_id text,
      sip_user_agent text,
      network_addr text,
      carrier_ip text,
      constraint cdrs_call_direction_known check (call_direction in ('inbound', 'outbound')),
      constraint cdrs_context_known check (context in ('voice-api', 'sip-trunking')),
      constraint cdrs_durations_ordered check (billsec >= 0 and billsec <= duration),
      constraint cdrs_billable_nonnegative check (billable_seconds >= 0 and ring_time >= 0),
      constraint cdrs_times_ordered check (end_time >= start_time),
      constraint cdrs_answer_within_call
        check (answer_time is null or answer_time between start_time and end_time),
      constraint cdrs_unanswered_no_billsec check (answer_time is not null or billsec = 0),
      constraint cdrs_cost_nonnegative check (cost >= 0 and streaming_cost >= 0),
      constraint cdrs_shortfall_within_cost check (shortfall >= 0 and shortfall <= cost)
    ) partition by range (start_time)`.execute(db);
  // "This account, newest first, with filters" and its keyset cursor (start_time, id).
  await sql`create index cdrs_account_start on cdrs (account_id, start_time desc, id desc)`
    .execute(db);
  // The partner-wide list, newest first, without visiting every account.
  await sql`create index cdrs_partner_start on cdrs (partner_id, start_time desc, id desc)`
    .execute(db);

  await sql`
    create table cdr_keys (
      uuid uuid not null,
      account_id bigint not null,
      start_time timestamptz not null,
      constraint cdr_keys_pkey primary key (uuid)
    )`.execute(db);

  // Serialised by an advisory lock: CREATE TABLE IF NOT EXISTS alone still races on the catalog.
  await sql`
    create function cdrs_ensure_partition(month date) returns void language plpgsql as $$
    declare
      partition_name text := 'cdrs_' || to_char(month, 'YYYY_MM');
    begin
      if month <> date_trunc('month', month)::date then
        raise exception 'cdrs partitions start on the first of a month, not %', month
          using errcode = 'invalid_parameter_value';
      end if;
      if to_regclass(partition_name) is not null then
        return;
      end if;
      perform pg_advisory_xact_lock(hashtext('cdrs_ensure_partition'));
      execute format(
        'create table if not exists %I partition of cdrs for values from (%L) to (%L)',
        partition_name,
        month::timestamp at time zone 'UTC',
        (month + interval '1 month')::timestamp at time zone 'UTC');
    end $$`.execute(db);
  await sql`
    select cdrs_ensure_partition((date_trunc('month', now() at time zone 'UTC')
                                  + make_interval(months => m))::date)
    from generate_series(-1, 3) as m`.execute(db);
}
