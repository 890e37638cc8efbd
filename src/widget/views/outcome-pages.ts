/**
 * Pages that end a visit: success, failure, a link that no longer works, an unknown link.
 * None carries a form; success and failure may link back to the partner's redirect_url.
 */
import { isHttpUrl } from '../../domain/net/url-guard';
import { html, type SafeHtml } from '../../html/html';
import { layout } from './layout';

/**
 * A link back to the partner. Escaping alone would let a `javascript:` URL through, so only
 * http(s) URLs are linked; the API checked redirect_url already and this is the second line.
 */
function returnLink(redirectUrl: string | undefined): SafeHtml | undefined {
  if (redirectUrl === undefined || !isHttpUrl(redirectUrl)) return undefined;
  return html`<p><a class="button" href="${redirectUrl}">Continue</a></p>`;
}

export interface DonePageInput {
  /** Where the partner wants the browser to go next, with session_id, status and auth_id set. */
  redirectUrl?: string;
}

export function donePage(input: DonePageInput = {}): string {
  const body = html`<p class="lead">Thank you. Your identity has been verified and the company
 that sent you this link has been told.</p>
${returnLink(input.redirectUrl) ?? html`<p>You can close this page.</p>`}`;
  return layout({ title: 'Verification complete', body });
}

export type FailureReason =
  | 'name_mismatch'
  | 'invalid_document'
  | 'otp_invalid'
  | 'too_many_attempts';

const FAILURE_MESSAGES: Record<FailureReason, string> = {
  name_mismatch: 'The name you entered does not match the name on your documents.',
  invalid_document: 'We could not verify the document number you entered.',
  otp_invalid: 'The one-time password could not be verified.',
  too_many_attempts: 'Too many incorrect attempts were made.',
};

export interface FailedPageInput {
  reason: FailureReason;
  redirectUrl?: string;
}

export function failedPage(input: FailedPageInput): string {
  const body = html`<p class="lead">${FAILURE_MESSAGES[input.reason]}</p>
<p>Your identity could not be verified with this link. Please contact the company that sent it
 to you; they can send you a new link.</p>
${returnLink(input.redirectUrl)}`;
  return layout({ title: 'We could not verify your identity', body });
}

export type GoneStatus = 'expired' | 'revoked' | 'completed';

const GONE_PAGES: Record<GoneStatus, { title: string; text: string }> = {
  expired: {
    title: 'This link has expired',
    text: 'Verification links work for a limited time. Ask the company that sent it for a new one.',
  },
  revoked: {
    title: 'This link is no longer valid',
    text: 'The company that sent it has cancelled it, usually because it sent a newer link. ' +
      'Check your email for the latest one, or ask the company for a new link.',
  },
  completed: {
    title: 'You are already verified',
    text: 'This verification has been completed. There is nothing more to do.',
  },
};

/** A real session that can no longer be used. */
export function linkGonePage(input: { status: GoneStatus }): string {
  const page = GONE_PAGES[input.status];
  return layout({ title: page.title, body: html`<p class="lead">${page.text}</p>` });
}

/** An unknown or malformed token; says nothing about whether any session exists. */
export function notFoundPage(): string {
  const body = html`<p class="lead">This verification link is not valid. Check that you opened
 the whole link from your email, or ask the company that sent it for a new one.</p>`;
  return layout({ title: 'Link not found', body });
}
