/**
 * Outbound e-mail as an outbox: queueEmail writes the row and its send job in the caller's
 * transaction, so the API call that needs an e-mail never waits for (or fails with) SMTP, and
 * the e-mail is never lost. sendQueuedEmail renders and sends it from the job, retried by
 * graphile-worker; after the last attempt the row stays visible as `failed`.
 */
import type { Database, DatabaseTransaction, Executor } from '../../db/database';
import type { OutboundEmailsTable } from '../../db/schema';
import { MAIL_SEND_ATTEMPTS_MAX } from '../../limits';
import type { Clock } from '../clock';
import { notFound } from '../errors';
import { isUuid } from '../ids';
import { addOutboxJob, JOB_IDENTIFIERS } from '../webhooks/outbox-jobs';
import type { Mailer } from './mailer';

export interface QueueEmailInput {
  partnerId: string;
  kycSessionId: string;
  kind: OutboundEmailsTable['kind'];
  to: string;
  now: Date;
}

export async function queueEmail(
  trx: DatabaseTransaction,
  input: QueueEmailInput,
): Promise<string> {
  const row = await trx
    .insertInto('outbound_emails')
    .values({
      partner_id: input.partnerId,
      kyc_session_id: input.kycSessionId,
      kind: input.kind,
      to_address: input.to,
      created_at: input.now,
      updated_at: input.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await addOutboxJob(trx, {
    identifier: JOB_IDENTIFIERS.mailSend,
    payload: { email_id: row.id },
    jobKey: `${JOB_IDENTIFIERS.mailSend}:${row.id}`,
    maxAttempts: MAIL_SEND_ATTEMPTS_MAX,
  });
  return row.id;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** Credentials in the body (widget tokens): kept in the mailbox, blanked in an SMTP copy. */
  secrets: string[];
}

export interface QueuedEmail {
  id: string;
  kind: OutboundEmailsTable['kind'];
  kyc_session_id: string | null;
  to_address: string;
}

/** Renders inside the send's transaction; undefined means "no longer needed" (cancelled). */
export type EmailRenderer = (
  trx: DatabaseTransaction,
  email: QueuedEmail,
) => Promise<RenderedEmail | undefined>;

export interface MailSendingDeps {
  db: Database;
  mailer: Mailer;
  clock: Clock;
  render: EmailRenderer;
}

export type SendOutcome = 'sent' | 'stored' | 'cancelled' | 'skipped';

/**
 * Sends a queued e-mail once it is rendered. Idempotent per row: a row already sent, stored,
 * cancelled or failed is skipped. An SMTP failure is recorded on the row and rethrown so the job
 * retries; `isLastAttempt` marks the row failed instead of queued.
 */
export async function sendQueuedEmail(
  deps: MailSendingDeps,
  emailId: string,
  isLastAttempt: boolean,
): Promise<SendOutcome> {
  const email = await deps.db
    .selectFrom('outbound_emails')
    .select(['id', 'kind', 'kyc_session_id', 'to_address', 'status', 'attempts'])
    .where('id', '=', emailId)
    .executeTakeFirst();
  if (!email || email.status !== 'queued') return 'skipped';
  const rendered = await deps.db.transaction().execute((trx) => deps.render(trx, email));
  const queued = deps.db.updateTable('outbound_emails')
    .where('id', '=', emailId)
    .where('status', '=', 'queued');
  if (!rendered) {
    await queued.set({ status: 'cancelled', updated_at: deps.clock() }).execute();
    return 'cancelled';
  }
  const message = {
    to: email.to_address, subject: rendered.subject, text: rendered.text, html: rendered.html,
  };
  if (deps.mailer.transport === 'mailbox') {
    const now = deps.clock();
    await queued.set({
      status: 'stored', transport: 'mailbox', subject: message.subject, text_body: message.text,
      html_body: message.html, attempts: email.attempts + 1, sent_at: now, updated_at: now,
    }).execute();
    return 'stored';
  }
  try {
    const info = await deps.mailer.send(message);
    const now = deps.clock();
    await queued.set({
      status: 'sent', transport: 'smtp', subject: message.subject,
      text_body: redact(message.text, rendered.secrets), html_body: null,
      message_id: info.messageId,
      attempts: email.attempts + 1, last_error: null, sent_at: now, updated_at: now,
    }).execute();
    return 'sent';
  } catch (error) {
    await queued.set({
      status: isLastAttempt ? 'failed' : 'queued', transport: 'smtp', attempts: email.attempts + 1,
      last_error: String((error as Error).message).slice(0, 500), updated_at: deps.clock(),
    }).execute();
    throw new Error(`e-mail ${emailId} was not sent`, { cause: error });
  }
}

function redact(text: string, secrets: string[]): string {
  return secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

const EMAIL_COLUMNS = [
  'id', 'kind', 'to_address', 'subject', 'text_body', 'html_body', 'status', 'transport',
  'attempts', 'last_error', 'kyc_session_id', 'created_at', 'sent_at',
] as const;

/** Every e-mail, newest first: the dev mailbox (operator-level, not partner-scoped). */
export async function listOutboundEmails(db: Executor, query: { page: number; size: number }) {
  const [rows, total] = await Promise.all([
    db.selectFrom('outbound_emails').select(EMAIL_COLUMNS)
      .orderBy('created_at', 'desc').orderBy('id', 'desc')
      .limit(query.size).offset((query.page - 1) * query.size).execute(),
    db.selectFrom('outbound_emails').select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export type OutboundEmailRow = Awaited<ReturnType<typeof listOutboundEmails>>['rows'][number];

export async function getOutboundEmail(db: Executor, emailId: string): Promise<OutboundEmailRow> {
  const row = isUuid(emailId)
    ? await db.selectFrom('outbound_emails').select(EMAIL_COLUMNS)
      .where('id', '=', emailId)
      .executeTakeFirst()
    : undefined;
  if (!row) throw notFound('E-mail');
  return row;
}
