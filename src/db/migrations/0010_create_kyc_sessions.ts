import { type Kysely, sql } from 'kysely';

// KYC sessions (vobiz-api.md 1.9): one hosted verification of one customer account. The status
// machine is enforced twice: in domain/kyc/session-states.ts (a conditional UPDATE) and here (a
// trigger), so no code path can overwrite a terminal status.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table kyc_sessions (
      id uuid primary key default gen_random_uuid(),
      partner_id uuid not null references partners (id),
      account_id bigint not null references accounts (id),
      flow_type text not null,
      customer_email text,
      redirect_url text,
      webhook_url text,
      status text not null,
      kyc_type text,
      expires_at timestamptz not null,
      reminder_schedule jsonb not null default '[]',
      metadata jsonb,
      verified_data jsonb,
      -- The widget page the customer is on; progress within in_progress.
      widget_step text not null default 'pan',
      -- The full PAN is needed between widget steps (GSTIN check, DigiLocker start); it is kept
      -- sealed and erased when the session ends. Aadhaar numbers are never stored.
      pan_sealed text,
      digilocker_request_id text,
      digilocker_masked_mobile text,
      otp_attempts integer not null default 0,
      failure_reason text,
      revoke_reason text,
      last_email_sent_at timestamptz,
      first_opened_at timestamptz,
      completed_at timestamptz,
      ended_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint kyc_sessions_flow_type_known check (flow_type in ('email', 'redirect')),
      constraint kyc_sessions_status_known check (status in (
        'email_sent', 'link_ready', 'opened', 'in_progress',
        'kyc_completed', 'kyc_failed', 'revoked', 'expired')),
      constraint kyc_sessions_kyc_type_known check (kyc_type in ('individual', 'company')),
      constraint kyc_sessions_widget_step_known check (widget_step in (
        'pan', 'individual_details', 'digilocker_consent', 'otp', 'company_details', 'finished')),
      constraint kyc_sessions_email_flow_has_email
        check (flow_type <> 'email' or customer_email is not null),
      constraint kyc_sessions_redirect_flow_has_url
        check (flow_type <> 'redirect' or redirect_url is not null),
      constraint kyc_sessions_in_progress_has_type
        check (status not in ('in_progress', 'kyc_completed') or kyc_type is not null),
      constraint kyc_sessions_completed_has_time
        check (status <> 'kyc_completed' or completed_at is not null),
      constraint kyc_sessions_ended_iff_terminal check (
        (status in ('kyc_completed', 'kyc_failed', 'revoked', 'expired')) = (ended_at is not null)),
      constraint kyc_sessions_ended_holds_no_pan
        check (ended_at is null or (pan_sealed is null and digilocker_request_id is null)),
      constraint kyc_sessions_otp_attempts_nonnegative check (otp_attempts >= 0),
      constraint kyc_sessions_metadata_object
        check (metadata is null or jsonb_typeof(metadata) = 'object'),
      constraint kyc_sessions_reminder_schedule_array
        check (jsonb_typeof(reminder_schedule) = 'array')
    )`.execute(db);
  // Vobiz: one active session per account; a new one revokes the old in the same transaction.
  await sql`
    create unique index kyc_sessions_one_active_per_account on kyc_sessions (account_id)
    where status in ('email_sent', 'link_ready', 'opened', 'in_progress')`.execute(db);
  await sql`create index kyc_sessions_partner_created on kyc_sessions (partner_id, created_at desc, id desc)`
    .execute(db);
  await sql`
    create index kyc_sessions_active_expiry on kyc_sessions (expires_at)
    where status in ('email_sent', 'link_ready', 'opened', 'in_progress')`.execute(db);

  await sql`
    create function kyc_sessions_check_transition() returns trigger language plpgsql as $$
    begin
      if new.status is distinct from old.status and not (
        (old.status in ('email_sent', 'link_ready') and new.status in ('opened', 'revoked', 'expired'))
        or (old.status = 'opened' and new.status in ('in_progress', 'revoked', 'expired'))
        or (old.status = 'in_progress'
            and new.status in ('kyc_completed', 'kyc_failed', 'revoked', 'expired'))
      ) then
        raise exception 'illegal KYC session transition % -> %', old.status, new.status
          using errcode = 'DT409';
      end if;
      return new;
    end $$`.execute(db);
  await sql`
    create trigger kyc_sessions_check_transition before update of status on kyc_sessions
    for each row execute function kyc_sessions_check_transition()`.execute(db);

  // Each e-mail carries its own widget token (minted when the e-mail is rendered), so the
  // session keeps only digests; every token dies with the session.
  await sql`
    create table kyc_session_tokens (
      token_digest bytea primary key,
      kyc_session_id uuid not null references kyc_sessions (id),
      created_at timestamptz not null,
      constraint kyc_session_tokens_digest_length check (octet_length(token_digest) = 32)
    )`.execute(db);
  await sql`create index kyc_session_tokens_session on kyc_session_tokens (kyc_session_id)`.execute(db);

  // One row per reminder_schedule entry; sent_at is set once, by a conditional UPDATE.
  await sql`
    create table kyc_reminders (
      id bigint generated always as identity primary key,
      kyc_session_id uuid not null references kyc_sessions (id),
      days_before_expiry integer not null,
      due_at timestamptz not null,
      sent_at timestamptz,
      constraint kyc_reminders_once_per_day unique (kyc_session_id, days_before_expiry),
      constraint kyc_reminders_days_positive check (days_before_expiry >= 1)
    )`.execute(db);
  await sql`create index kyc_reminders_due on kyc_reminders (due_at) where sent_at is null`.execute(db);
}
