import { type Kysely, sql } from 'kysely';

// Partner webhooks as a transactional outbox: an event row and its delivery rows are written in
// the transaction of the change they report; deliveries record every attempt's outcome.
export async function up(db: Kysely<any>): Promise<void> {
  // One signing secret per partner, AES-GCM sealed. After a rotation the previous secret still
  // signs (a second signature) until previous_secret_expires_at.
  await sql`
    create table webhook_secrets (
      partner_id uuid primary key references partners (id),
      secret_sealed text not null,
      previous_secret_sealed text,
      previous_secret_expires_at timestamptz,
      created_at timestamptz not null,
      constraint webhook_secrets_previous_has_expiry
        check ((previous_secret_sealed is null) = (previous_secret_expires_at is null))
    )`.execute(db);

  // A receiver URL of a partner. A 410 answer disables it (Standard Webhooks); giving the URL
  // again on a new session, or a manual redelivery, enables it again.
  await sql`
    create table webhook_endpoints (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id),
      url text not null,
      disabled_at timestamptz,
      disabled_reason text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint webhook_endpoints_url_unique unique (partner_id, url)
    )`.execute(db);

  // payload is the exact body text: every attempt sends (and signs) the same bytes.
  await sql`
    create table webhook_events (
      id text primary key,
      partner_id uuid not null references partners (id),
      type text not null,
      kyc_session_id uuid references kyc_sessions (id),
      payload text not null,
      created_at timestamptz not null,
      constraint webhook_events_id_format check (id ~ '^evt_[0-9a-f]{32}$'),
      constraint webhook_events_type_known check (type in (
        'kyc.completed', 'kyc.failed', 'kyc.session_revoked', 'kyc.session_expired')),
      -- A session ends once, so it reports each event at most once.
      constraint webhook_events_once_per_session unique (kyc_session_id, type)
    )`.execute(db);
  await sql`create index webhook_events_partner_created on webhook_events (partner_id, created_at desc)`
    .execute(db);

  await sql`
    create table webhook_deliveries (
      id uuid primary key default gen_random_uuid(),
      event_id text not null references webhook_events (id),
      endpoint_id uuid not null references webhook_endpoints (id),
      partner_id uuid not null references partners (id),
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      lease_expires_at timestamptz,
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint webhook_deliveries_status_known
        check (status in ('pending', 'delivered', 'failed', 'gone')),
      constraint webhook_deliveries_attempts_nonnegative check (attempts >= 0),
      constraint webhook_deliveries_pending_is_scheduled
        check (status <> 'pending' or next_attempt_at is not null),
      constraint webhook_deliveries_delivered_has_time
        check (status <> 'delivered' or delivered_at is not null)
    )`.execute(db);
  // At most one delivery of an event to an endpoint is in flight (a redelivery waits for it).
  await sql`
    create unique index webhook_deliveries_one_pending on webhook_deliveries (event_id, endpoint_id)
    where status = 'pending'`.execute(db);
  await sql`
    create index webhook_deliveries_partner_created
    on webhook_deliveries (partner_id, created_at desc, id desc)`.execute(db);
  await sql`
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at)
    where status = 'pending'`.execute(db);
}
