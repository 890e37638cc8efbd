/**
 * The console's page frame: skip link, banner with the navigation of the signed-in principal,
 * one main landmark, one h1. Every POST form carries the CSRF token (`csrfField`). Views are
 * pure functions from data to HTML; `html` (shared with the widget) escapes every interpolated
 * value, so a customer named `<script>` renders as text.
 */
import { html, type HtmlValue, PRIVATE_PAGE_META, SafeHtml } from '../../html/html';
import { CONSOLE_CSS_PATH } from './styles';

export type NavArea = 'partner' | 'account' | 'operator';

export interface PageFrame {
  /** Undefined before login. */
  area?: NavArea;
  csrf: string;
  /** The signed-in name shown in the banner. */
  who?: string;
  /** The current path, marked aria-current in the navigation. */
  path?: string;
}

const NAV: Record<NavArea, [string, string][]> = {
  partner: [
    ['/console/partner', 'Overview'],
    ['/console/partner/customers', 'Customers'],
    ['/console/partner/transactions', 'Transactions'],
    ['/console/partner/kyc-sessions', 'KYC sessions'],
    ['/console/partner/webhook-deliveries', 'Webhooks'],
    ['/console/partner/pricing-tiers', 'Pricing'],
    ['/console/partner/settings', 'Settings'],
  ],
  account: [
    ['/console/account', 'Balance'],
    ['/console/account/numbers', 'Numbers'],
    ['/console/account/trunks', 'Trunks'],
    ['/console/account/cdrs', 'Calls'],
  ],
  operator: [
    ['/console/operator', 'Partners'],
    ['/console/operator/inventory', 'Inventory'],
    ['/console/operator/health', 'System health'],
  ],
};

export function csrfField(csrf: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

/** A one-button POST form (suspend, revoke, logout…). */
export function actionButton(input: {
  action: string; csrf: string; label: string; variant?: 'secondary' | 'danger' | 'link';
  hidden?: Record<string, string>;
}): SafeHtml {
  const hidden = Object.entries(input.hidden ?? {})
    .map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`);
  return html`<form class="inline-form" method="post"
action="${input.action}">${csrfField(input.csrf)}${hidden}
<button type="submit" class="${input.variant ?? ''}">${input.label}</button></form>`;
}

function navigation(frame: PageFrame): HtmlValue {
  if (!frame.area) return undefined;
  const links = NAV[frame.area].map(([href, label]) => html`<li><a href="${href}"${
    frame.path === href ? new SafeHtml(' aria-current="page"') : ''}>${label}</a></li>`);
  return html`<nav class="nav" aria-label="Console"><ul>${links}</ul></nav>
<div class="who"><span>${frame.who ?? ''}</span>
${actionButton({ action: '/console/logout', csrf: frame.csrf, label: 'Log out',
  variant: 'link' })}</div>`;
}

export interface PageInput {
  title: string;
  body: HtmlValue;
  /** A short confirmation shown above the content (after a POST/redirect/GET). */
  notice?: string | undefined;
  /** Scripts of this page (same origin only; the charts). */
  scripts?: string[];
}

export function consolePage(frame: PageFrame, input: PageInput): string {
  const scripts = (input.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`);
  return html`<!doctype html>
<html lang="en">
<head>
${PRIVATE_PAGE_META}
<title>${input.title} - dialtone console</title>
<link rel="stylesheet" href="${CONSOLE_CSS_PATH}">
${scripts}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="banner"><div class="banner-row"><p class="brand">dialtone console</p>
${navigation(frame)}</div></header>
<main id="main" class="page">
<h1>${input.title}</h1>
${input.notice !== undefined && html`<p class="notice" role="status">${input.notice}</p>`}
${input.body}
</main>
</body>
</html>
`.text;
}
