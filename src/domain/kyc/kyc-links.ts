/**
 * Widget links. A link carries a `kst_` token, the widget's only credential; dialtone keeps
 * only its SHA-256 digest (kyc_session_tokens), so a database reader cannot open a session.
 */
import type { Executor } from '../../db/database';
import { newKycSessionToken } from '../ids';
import { insertSessionToken } from './kyc-sessions.queries';

/** The widget's entry page; src/widget asserts its own route table agrees. */
export const KYC_WIDGET_ENTRY_PATH = '/kyc/verify';

export function widgetUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}${KYC_WIDGET_ENTRY_PATH}?token=${token}`;
}

/** Mints a token for the session, stores its digest, and returns the link. */
export async function mintWidgetLink(
  db: Executor,
  publicBaseUrl: string,
  sessionId: string,
  now: Date,
): Promise<{ token: string; url: string }> {
  const token = newKycSessionToken();
  await insertSessionToken(db, sessionId, token, now);
  return { token, url: widgetUrl(publicBaseUrl, token) };
}

/**
 * Where the browser goes when a redirect-flow session ends: the partner's URL with
 * session_id, status and auth_id added (existing query parameters are kept). A UI hint only:
 * partners confirm the outcome with the webhook or GET /kyc-sessions/{id}.
 */
export function redirectBackUrl(
  redirectUrl: string,
  session: { id: string; status: string; account_auth_id: string },
): string {
  const url = new URL(redirectUrl);
  url.searchParams.set('session_id', session.id);
  url.searchParams.set('status', session.status);
  url.searchParams.set('auth_id', session.account_auth_id);
  return url.toString();
}
