import { type Kysely, sql } from 'kysely';

// Call events of the SIP edge (CallInitiated, Hangup) go to a trunk's webhook_url through the
// same outbox as KYC events. A trunk chooses its webhook_method, so an endpoint is a URL and
// the method it is called with: the same URL under GET and POST are two endpoints (a breaker or
// a 410 of one says nothing of the other). An event names the call it reports, once per type:
// a CDR ingested again after a crash cannot send a second Hangup.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table webhook_events drop constraint webhook_events_type_known`.execute(db);
  await sql`
    alter table webhook_events add constraint webhook_events_type_known check (type in (
      'kyc.completed', 'kyc.failed', 'kyc.session_revoked', 'kyc.session_expired',
      'kyc.initiated', 'kyc.submitted', 'CallInitiated', 'Hangup'))`.execute(db);
  await sql`
    alter table webhook_events add column call_uuid uuid,
      add constraint webhook_events_once_per_call unique (call_uuid, type)`.execute(db);

  await sql`
    alter table webhook_endpoints add column method text not null default 'POST',
      add constraint webhook_endpoints_method_known check (method in ('POST', 'GET')),
      drop constraint webhook_endpoints_url_unique,
      add constraint webhook_endpoints_url_unique unique (partner_id, url, method)`.execute(db);
}
