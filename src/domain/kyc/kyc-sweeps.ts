/**
 * Time-driven KYC work, run every minute by graphile-worker cron and callable directly (tests
 * move the injected clock, then call these). Both are exactly-once across restarts and
 * concurrent runs: each change is a conditional UPDATE (a row can be claimed once), committed
 * together with the e-mail or webhook it causes.
 */
import { sql } from 'kysely';
import type { Database } from '../../db/database';
import { KYC_SWEEP_BATCH_SIZE, KYC_SWEEP_BATCHES_MAX } from '../../limits';
import type { Clock } from '../clock';
import { queueEmail } from '../mail/outbound-emails';
import { inBatches } from '../sweep-batches';
import { ACTIVE_KYC_STATUSES, transitionSession } from './session-states';

interface ClaimedReminder {
  kyc_session_id: string;
  partner_id: string;
  customer_email: string;
}

const BATCHES = { size: KYC_SWEEP_BATCH_SIZE, batchesMax: KYC_SWEEP_BATCHES_MAX };

/**
 * Moves every active session whose expires_at has passed to `expired` (kyc.session_expired
 * webhook included). Returns how many expired.
 */
export async function expireDueSessions(db: Database, clock: Clock): Promise<number> {
  return inBatches(() => db.transaction().execute(async (trx) => {
    const now = clock();
    const due = await trx.selectFrom('kyc_sessions')
      .select('id')
      .where('status', 'in', ACTIVE_KYC_STATUSES)
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(KYC_SWEEP_BATCH_SIZE)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const { id } of due) {
      await transitionSession(trx, { sessionId: id, now, expiry: 'due' }, 'expired');
    }
    return due.length;
  }), BATCHES);
}

/**
 * Sends the reminders that are due for active, unexpired email-flow sessions: one e-mail per
 * session per run even when several reminders fell due together (after downtime), all of them
 * marked sent. Never for a session that has ended. Returns the e-mails queued.
 */
export async function sendDueReminders(db: Database, clock: Clock): Promise<number> {
  return inBatches(() => db.transaction().execute(async (trx) => {
    const now = clock();
    const claimed = await sql<ClaimedReminder>`
      with due as (
        select r.id
        from kyc_reminders r
        join kyc_sessions s on s.id = r.kyc_session_id
        where r.sent_at is null and r.due_at <= ${now}
          and s.status in ('email_sent', 'link_ready', 'opened', 'in_progress')
          and s.expires_at > ${now} and s.flow_type = 'email'
        order by r.due_at
        limit ${KYC_SWEEP_BATCH_SIZE}
        for update of r skip locked
      )
      update kyc_reminders r set sent_at = ${now}
      from due, kyc_sessions s
      where r.id = due.id and s.id = r.kyc_session_id and r.sent_at is null
      returning r.kyc_session_id, s.partner_id, s.customer_email`.execute(trx);
    const sessions = new Map(claimed.rows.map((row) => [row.kyc_session_id, row]));
    for (const session of sessions.values()) {
      // A reminder is a send: Vobiz allows one per session per 30 minutes, so resend waits too.
      await trx.updateTable('kyc_sessions').set({ last_email_sent_at: now })
        .where('id', '=', session.kyc_session_id).execute();
      await queueEmail(trx, {
        partnerId: session.partner_id,
        kycSessionId: session.kyc_session_id,
        kind: 'kyc_reminder',
        to: session.customer_email,
        now,
      });
    }
    return claimed.rows.length;
  }), BATCHES);
}
