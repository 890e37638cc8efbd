/**
 * Server-rendered HTML for the hosted KYC widget (/kyc/verify). No JavaScript and no inline
 * style, so the widget works with scripts disabled and under a strict CSP
 * (`default-src 'none'; style-src 'self'; form-action 'self' <redirect origin>`).
 *
 * Views are pure functions from data to an HTML string, one named export per page:
 * - pan-pages.ts: panStep, unsupportedPanType
 * - individual-pages.ts: individualDetails, digiLockerConsent, otpStep
 * - company-pages.ts: companyDetails
 * - outcome-pages.ts: donePage, failedPage, linkGonePage, notFoundPage
 * The stylesheet they link is WIDGET_CSS in styles.ts, served at WIDGET_CSS_PATH.
 *
 * This file holds the frame every page shares (layout); the escaping `html` template is
 * src/html/html.ts, shared with the console.
 */
import {
  SANDBOX_DIGILOCKER_OTP,
  SANDBOX_TEST_IDENTITIES,
} from '../../domain/kyc/identity-providers';
import type { WidgetBranding } from '../../domain/kyc/widget-branding';
import { html, PRIVATE_PAGE_META, type SafeHtml } from '../../html/html';
import { accentCssPath, WIDGET_CSS_PATH } from './styles';

/** What a step page shows besides its own content. */
export interface PageFrame {
  /** The partner who sent the link; without it the banner names only the product. */
  branding?: WidgetBranding | undefined;
  /** The sandbox identity provider runs: show its test PANs and OTP. */
  sandbox?: boolean | undefined;
}

export interface LayoutInput extends PageFrame {
  /** The page's one h1, also the document title. */
  title: string;
  body: SafeHtml;
  /** "Step 2 of 4"; `total` is left out where the path is not known yet (before the PAN). */
  step?: { current: number; total?: number };
  /** Prefixes the title with "Error: " so a screen reader hears it first on reload. */
  hasError?: boolean;
}

const PRODUCT_NAME = 'Identity verification';

function stepText(step: { current: number; total?: number }): string {
  return step.total === undefined
    ? `Step ${step.current}`
    : `Step ${step.current} of ${step.total}`;
}

/**
 * While the sandbox provider runs, a tester sees its test PANs and OTP on every step; the
 * values are the provider's own constants, so the notice cannot drift from what it accepts.
 */
function sandboxBanner(): SafeHtml {
  const identities = SANDBOX_TEST_IDENTITIES.map((identity) => html`<li><code>${identity.pan}</code>
${identity.gstin && html` (GSTIN <code>${identity.gstin}</code>)`}: ${identity.description}</li>`);
  return html`<aside class="sandbox" aria-label="Sandbox">
<p><strong>Sandbox</strong>: no real verification happens. DigiLocker OTP:
 <code>${SANDBOX_DIGILOCKER_OTP}</code>. Any other well-formed PAN verifies.</p>
<ul>${identities}</ul>
</aside>`;
}

function banner(branding: WidgetBranding | undefined): SafeHtml {
  if (!branding) {
    return html`<header class="banner"><p class="brand">${PRODUCT_NAME}</p></header>`;
  }
  const logo = branding.logoUrl && html`<img class="logo" src="${branding.logoUrl}" alt="">`;
  return html`<header class="banner">${logo}<div><p class="brand">${branding.displayName}</p>
<p class="product">${PRODUCT_NAME}</p></div></header>`;
}

/** A complete document: lang, viewport, the widget stylesheet, one main landmark, one h1. */
export function layout(input: LayoutInput): string {
  const accent = input.branding?.accentColor;
  const documentTitle = `${input.hasError ? 'Error: ' : ''}${input.title} - ${PRODUCT_NAME}`;
  return html`<!doctype html>
<html lang="en">
<head>
${PRIVATE_PAGE_META}
<title>${documentTitle}</title>
<link rel="stylesheet" href="${WIDGET_CSS_PATH}">
${accent && html`<link rel="stylesheet" href="${accentCssPath(accent)}">`}
</head>
<body>
${banner(input.branding)}
<main id="main" class="page">
${input.sandbox && sandboxBanner()}
${input.step && html`<p class="step">${stepText(input.step)}</p>`}
<h1>${input.title}</h1>
${input.body}
</main>
<footer class="footer"><p>Your details are encrypted in transit and used only to verify you.</p>
</footer>
</body>
</html>
`.text;
}
