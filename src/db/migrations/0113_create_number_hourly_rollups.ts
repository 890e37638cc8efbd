import { type Kysely, sql } from 'kysely';

// Per account, DID and UTC hour: the calls on one of the account's own numbers (inbound to it,
// outbound from it), so number health (vobiz-sdk-surface.md §6 getNumberHealth) reads at most
// 24 rows a day of a number instead of scanning the account's CDRs. Ingestion adds to it in the
// transaction that stores the CDRs; every column is a sum, so a batch adds with one upsert.
// e164 is compared byte-wise ("C"): ingestion sorts the keys in Node in the same order, so
// concurrent batches upsert in one order. Existing CDRs are rolled up for the numbers their
// accounts own now, the only ones health can be asked about.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table number_hourly_rollups (
      account_id bigint not null,
      e164 text collate "C" not null,
      hour timestamptz not null,
      total_calls bigint not null,
      answered_calls bigint not null,
      total_duration_seconds bigint not null,
      total_billsec bigint not null,
      constraint number_hourly_rollups_pkey primary key (account_id, e164, hour),
      constraint number_hourly_rollups_counts_ordered
        check (answered_calls >= 0 and answered_calls <= total_calls),
      constraint number_hourly_rollups_seconds_nonnegative
        check (total_duration_seconds >= 0 and total_billsec >= 0),
      constraint number_hourly_rollups_hour_whole
        check (hour = date_trunc('hour', hour, 'UTC'))
    )`.execute(db);
  await sql`
    insert into number_hourly_rollups (account_id, e164, hour, total_calls, answered_calls,
      total_duration_seconds, total_billsec)
    select c.account_id, n.e164, date_trunc('hour', c.start_time, 'UTC'), count(*),
           count(c.answer_time), sum(c.duration), sum(c.billsec)
    from cdrs c
    join phone_numbers n on n.account_id = c.account_id and n.e164 =
      case when c.call_direction = 'inbound' then c.destination_number else c.caller_id_number end
    group by 1, 2, 3`.execute(db);
}
