import { type Kysely, sql } from 'kysely';

// A KYC e-mail kept in the mailbox (the delivery when no SMTP server is configured) carries the
// widget link, whose kst_ token opens the session. It is needed only while the session can still
// be opened: when the session ends (ended_at is set, in the same statement that makes its status
// terminal) the tokens in its e-mails are blanked. SMTP copies never kept them.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create function kyc_sessions_redact_links() returns trigger language plpgsql as $$
    begin
      update outbound_emails
        set text_body = regexp_replace(text_body, 'kst_[0-9a-f]{64}', 'kst_[redacted]', 'g'),
            html_body = regexp_replace(html_body, 'kst_[0-9a-f]{64}', 'kst_[redacted]', 'g')
        where kyc_session_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger kyc_sessions_redact_links after update of ended_at on kyc_sessions
      for each row when (old.ended_at is null and new.ended_at is not null)
      execute function kyc_sessions_redact_links()`.execute(db);
  await sql`
    update outbound_emails e
      set text_body = regexp_replace(e.text_body, 'kst_[0-9a-f]{64}', 'kst_[redacted]', 'g'),
          html_body = regexp_replace(e.html_body, 'kst_[0-9a-f]{64}', 'kst_[redacted]', 'g')
      from kyc_sessions s
      where s.id = e.kyc_session_id and s.ended_at is not null`.execute(db);
}
