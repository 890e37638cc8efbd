/**
 * How e-mail leaves dialtone. With SMTP_URL set: nodemailer over a pooled SMTP connection.
 * Without it: the mailbox, where "sending" means keeping the message in outbound_emails for
 * /dev/mailbox and `dialtone mail list` (nothing leaves the machine).
 */
import nodemailer from 'nodemailer';
import { MAIL_SMTP_CONNECTIONS_MAX, MAIL_SMTP_TIMEOUT_MS } from '../../limits';

export interface OutgoingMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  readonly transport: 'smtp' | 'mailbox';
  /** Resolves once the server accepted the message; rejects on any failure (the job retries). */
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
  close(): Promise<void>;
}

/**
 * A pooled SMTP mailer for `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://`
 * (TLS from the start). nodemailer's own query options in the URL still apply; ours are set
 * explicitly because its defaults wait minutes on a dead server.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error('SMTP_URL must start with smtp:// or smtps://');
  }
  const settings: Record<string, string> = {
    pool: 'true',
    maxConnections: String(MAIL_SMTP_CONNECTIONS_MAX),
    connectionTimeout: String(MAIL_SMTP_TIMEOUT_MS),
    greetingTimeout: String(MAIL_SMTP_TIMEOUT_MS),
    socketTimeout: String(MAIL_SMTP_TIMEOUT_MS),
  };
  for (const [key, value] of Object.entries(settings)) {
    if (!url.searchParams.has(key)) url.searchParams.set(key, value);
  }
  const transporter = nodemailer.createTransport(url.toString(), { from });
  return {
    transport: 'smtp',
    async send(message) {
      const info = await transporter.sendMail(message);
      return { messageId: String(info.messageId) };
    },
    async close() {
      transporter.close();
    },
  };
}

/** Keeps messages in the database only; `send` always succeeds. */
export function createMailboxMailer(): Mailer {
  return {
    transport: 'mailbox',
    async send() {
      return { messageId: 'mailbox' };
    },
    async close() {},
  };
}
