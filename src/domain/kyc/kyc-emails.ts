/**
 * The KYC invite and reminder e-mails. Each is rendered when its send job runs, with a widget
 * link minted for it then, and only while the session is still active: an e-mail queued before
 * a revoke or expiry is cancelled instead of sending a dead link.
 */
import type { DatabaseTransaction } from '../../db/database';
import type { Clock } from '../clock';
import type { EmailRenderer, QueuedEmail, RenderedEmail } from '../mail/outbound-emails';
import { mintWidgetLink } from './kyc-links';
import { ACTIVE_KYC_STATUSES } from './session-states';

export interface KycEmailContent {
  kind: QueuedEmail['kind'];
  partnerName: string;
  customerName: string;
  link: string;
  expiresAt: Date;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
};
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);

function expiryText(expiresAt: Date): string {
  return `${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function renderKycEmail(content: KycEmailContent): Omit<RenderedEmail, 'secrets'> {
  const reminder = content.kind === 'kyc_reminder';
  const verify = reminder ? 'Reminder: verify' : 'Verify';
  const subject = `${verify} your identity for ${content.partnerName}`;
  const intro = reminder
    ? `${content.partnerName} is still waiting for you to verify your identity (KYC).`
    : `${content.partnerName} asks you to verify your identity (KYC).`;
  const steps = 'It takes a few minutes: your PAN, then DigiLocker (individuals) ' +
    'or your GSTIN (companies).';
  const expiry = `This link works until ${expiryText(content.expiresAt)}.`;
  const ignore = 'If you did not expect this e-mail, you can ignore it.';
  const text = [
    `Hello ${content.customerName},`, '', intro, steps, '', `Start here: ${content.link}`, '',
    expiry, ignore, '',
  ].join('\n');
  const html = `<!doctype html><html lang="en"><body>
<p>Hello ${escapeHtml(content.customerName)},</p>
<p>${escapeHtml(intro)} ${escapeHtml(steps)}</p>
<p><a href="${escapeHtml(content.link)}">Verify your identity</a></p>
<p>${escapeHtml(expiry)} ${escapeHtml(ignore)}</p>
</body></html>`;
  return { subject, text, html };
}

async function findLiveSession(trx: DatabaseTransaction, sessionId: string, now: Date) {
  return trx
    .selectFrom('kyc_sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .innerJoin('partners as p', 'p.id', 's.partner_id')
    .select([
      's.id', 's.expires_at', 'a.name as customer_name', 'p.name as partner_name', 'p.company',
    ])
    .where('s.id', '=', sessionId)
    .where('s.status', 'in', ACTIVE_KYC_STATUSES)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

/** The renderer the mail_send job uses for KYC e-mails. */
export function kycEmailRenderer(publicBaseUrl: string, clock: Clock): EmailRenderer {
  return async (trx, email) => {
    if (email.kyc_session_id === null) return undefined;
    const now = clock();
    const session = await findLiveSession(trx, email.kyc_session_id, now);
    if (!session) return undefined;
    const link = await mintWidgetLink(trx, publicBaseUrl, session.id, now);
    const content = renderKycEmail({
      kind: email.kind,
      partnerName: session.company ?? session.partner_name,
      customerName: session.customer_name,
      link: link.url,
      expiresAt: session.expires_at,
    });
    return { ...content, secrets: [link.token] };
  };
}
