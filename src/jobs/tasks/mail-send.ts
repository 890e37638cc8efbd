/**
 * mail_send {email_id}: renders and sends one queued e-mail (SMTP or the dev mailbox). Retried
 * by graphile-worker with its backoff up to MAIL_SEND_ATTEMPTS_MAX; the last failure marks the
 * e-mail failed (still listed, never silently dropped). Idempotent: a sent e-mail is skipped.
 */
import type { Task } from 'graphile-worker';
import { isUuid } from '../../domain/ids';
import { type MailSendingDeps, sendQueuedEmail } from '../../domain/mail/outbound-emails';

export function parseMailSendPayload(payload: unknown): { emailId: string } {
  const emailId = (payload as { email_id?: unknown } | null)?.email_id;
  if (typeof emailId !== 'string' || !isUuid(emailId)) {
    throw new Error('mail_send needs {email_id: uuid}');
  }
  return { emailId };
}

export function mailSend(deps: MailSendingDeps): Task {
  return async (payload, helpers) => {
    const { emailId } = parseMailSendPayload(payload);
    // graphile-worker counts the attempt in progress, so this is the last when they meet.
    const isLastAttempt = helpers.job.attempts >= helpers.job.max_attempts;
    const outcome = await sendQueuedEmail(deps, emailId, isLastAttempt);
    helpers.logger.debug(`e-mail ${emailId}: ${outcome}`);
  };
}
