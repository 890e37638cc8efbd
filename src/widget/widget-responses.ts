/**
 * Turns a widget outcome into an HTTP answer: a server-rendered page with its status (404
 * unknown link, 410 ended, 422 re-asked, 200 otherwise) or a 303 (post/redirect/get, or back to
 * the partner's redirect_url), always with the widget's security headers.
 */
import type { FastifyReply } from 'fastify';
import type { WidgetPage, WidgetResult } from '../domain/kyc/widget-sessions';
import { companyDetails } from './views/company-pages';
import type { PageFrame } from './views/layout';
import { digiLockerConsent, individualDetails, otpStep } from './views/individual-pages';
import { donePage, failedPage, linkGonePage, notFoundPage } from './views/outcome-pages';
import { panStep, unsupportedPanType } from './views/pan-pages';
import { WIDGET_PATHS } from './views/paths';

/** The origin a page's forms may end up at besides ours: the partner's redirect_url. */
function httpOrigin(urlText: string | undefined): string {
  if (!urlText) return '';
  try {
    const url = new URL(urlText);
    return url.protocol === 'http:' || url.protocol === 'https:' ? ` ${url.origin}` : '';
  } catch {
    return '';
  }
}

/**
 * No scripts, no frames, no external anything: styles from our own stylesheet, forms to our
 * own routes (and, after the last step, the 303 to the partner's origin: Chromium applies
 * form-action to redirects that follow a form post); images from us and the partner's logo
 * origin only.
 */
export function setSecurityHeaders(
  reply: FastifyReply, redirectUrl?: string, logoUrl?: string,
): void {
  reply.header('content-security-policy', [
    "default-src 'none'", "style-src 'self'", `img-src 'self'${httpOrigin(logoUrl)}`,
    "base-uri 'none'", `form-action 'self'${httpOrigin(redirectUrl)}`, "frame-ancestors 'none'",
  ].join('; '));
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('cache-control', 'no-store');
}

export function renderPage(page: WidgetPage, token: string, frame: PageFrame = {}): string {
  switch (page.step) {
    case 'pan':
      return page.error
        ? panStep({ token, error: page.error, values: { pan: page.pan ?? '' }, ...frame })
        : panStep({ token, ...frame });
    case 'unsupported_pan':
      return unsupportedPanType({ token, maskedPan: page.maskedPan, ...frame });
    case 'individual_details':
      return individualDetails({ token, ...page, ...frame });
    case 'digilocker_consent':
      return digiLockerConsent({ token, ...page, ...frame });
    case 'otp':
      return otpStep({ token, ...page, ...frame });
    case 'company_details':
      return companyDetails({ token, ...page, ...frame });
  }
}

function sendHtml(reply: FastifyReply, status: number, body: string) {
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

export function sendWidgetResult(
  reply: FastifyReply, result: WidgetResult, token: string, frame: PageFrame = {},
) {
  setSecurityHeaders(reply, result.redirectUrl, frame.branding?.logoUrl);
  const { outcome } = result;
  switch (outcome.kind) {
    case 'not_found':
      return sendHtml(reply, 404, notFoundPage());
    case 'gone':
      return sendHtml(reply, 410, linkGonePage({ status: outcome.status }));
    case 'gone_failed':
      return sendHtml(reply, 410,
        failedPage({ reason: outcome.reason, ...redirectOf(outcome.redirectUrl) }));
    case 'finished':
      if (outcome.redirectUrl) return seeOther(reply, outcome.redirectUrl);
      return sendHtml(reply, 200, outcome.status === 'kyc_completed'
        ? donePage()
        : failedPage({ reason: outcome.reason ?? 'invalid_document' }));
    case 'advance':
      return seeOther(reply, `${WIDGET_PATHS.entry}?token=${encodeURIComponent(token)}`);
    case 'page':
      return sendHtml(reply, outcome.invalid ? 422 : 200, renderPage(outcome.page, token, frame));
  }
}

function seeOther(reply: FastifyReply, location: string) {
  return reply.code(303).header('location', location).send();
}

function redirectOf(url: string | undefined): { redirectUrl?: string } {
  return url ? { redirectUrl: url } : {};
}
