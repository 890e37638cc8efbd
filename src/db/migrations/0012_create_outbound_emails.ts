import { type Kysely, sql } from 'kysely';

// Every e-mail dialtone sends, queued in the transaction that needs it and sent by a job. The
// body is rendered when the job runs (it mints the widget token then); without SMTP the row
// itself is the delivery, read at /dev/mailbox and with `dialtone mail list`.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table outbound_emails (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid references partners (id),
      kyc_session_id uuid references kyc_sessions (id),
      kind text not null,
      to_address text not null,
      subject text,
      text_body text,
      html_body text,
      status text not null default 'queued',
      transport text,
      attempts integer not null default 0,
      last_error text,
      message_id text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      sent_at timestamptz,
      constraint outbound_emails_kind_known check (kind in ('kyc_invite', 'kyc_reminder')),
      constraint outbound_emails_status_known
        check (status in ('queued', 'sent', 'stored', 'failed', 'cancelled')),
      constraint outbound_emails_transport_known check (transport in ('smtp', 'mailbox')),
      constraint outbound_emails_attempts_nonnegative check (attempts >= 0),
      constraint outbound_emails_sent_has_time
        check (status not in ('sent', 'stored') or sent_at is not null)
    )`.execute(db);
  await sql`create index outbound_emails_created on outbound_emails (created_at desc, id desc)`
    .execute(db);
  await sql`create index outbound_emails_session on outbound_emails (kyc_session_id)`.execute(db);
}
