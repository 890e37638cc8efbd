/**
 * kyc_reminders_send (cron, every minute): queues the reminder e-mails that are due, exactly
 * once each (sent_at is claimed by a conditional UPDATE in the e-mail's transaction), and never
 * for a session that has ended or expired.
 */
import type { Task } from 'graphile-worker';
import type { Database } from '../../db/database';
import type { Clock } from '../../domain/clock';
import { sendDueReminders } from '../../domain/kyc/kyc-sweeps';

export function kycRemindersSend(db: Database, clock: Clock): Task {
  return async (_payload, helpers) => {
    const sent = await sendDueReminders(db, clock);
    if (sent > 0) helpers.logger.info(`sent ${sent} KYC reminders`);
  };
}
