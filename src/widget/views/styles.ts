/**
 * The widget's only stylesheet, served by the widget plugin at WIDGET_CSS_PATH (a same-origin
 * file, so the CSP needs only `style-src 'self'`). Mobile first: one column, 16 px text (smaller
 * makes iOS zoom into inputs), 44 px touch targets (WCAG 2.5.5), visible focus, AA contrast.
 */
export const WIDGET_CSS_PATH = '/kyc/assets/widget.css';

export const WIDGET_CSS = `*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body {
  margin: 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
  font-size: 1rem;
  line-height: 1.5;
  color: #1a1a1a;
  background: #f4f5f7;
}
.banner { background: #1f3a5f; color: #ffffff; padding: 0.75rem 1rem; }
.brand { margin: 0; font-weight: 600; }
.banner { display: flex; align-items: center; gap: 0.75rem; }
.logo { max-height: 40px; max-width: 160px; }
.product { margin: 0; font-size: 0.875rem; }
.page {
  max-width: 32rem;
  margin: 0 auto;
  padding: 1.5rem 1rem 2rem;
  background: #ffffff;
}
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
.step { margin: 0 0 0.25rem; color: #4a5568; font-size: 0.875rem; }
.lead { margin-top: 0; }
.field { margin: 0 0 1.25rem; }
label { display: block; font-weight: 600; margin-bottom: 0.25rem; }
.hint { margin: 0 0 0.5rem; color: #4a5568; font-size: 0.875rem; }
input[type="text"], input[type="date"] {
  display: block;
  width: 100%;
  min-height: 44px;
  padding: 0.5rem 0.75rem;
  font: inherit;
  color: inherit;
  background: #ffffff;
  border: 2px solid #4a5568;
  border-radius: 4px;
}
input.code { letter-spacing: 0.3em; max-width: 12rem; }
input.uppercase { text-transform: uppercase; }
input[aria-invalid="true"] { border-color: #b3261e; }
.checkbox { display: flex; align-items: flex-start; gap: 0.75rem; margin: 0 0 1.25rem; }
.checkbox input { width: 28px; height: 28px; margin: 8px 0; flex: none; }
.checkbox label { font-weight: 400; min-height: 44px; padding-top: 0.6rem; margin: 0; }
button, .button {
  display: inline-block;
  min-height: 44px;
  min-width: 44px;
  padding: 0.625rem 1.25rem;
  font: inherit;
  font-weight: 600;
  color: #ffffff;
  background: #1f6f43;
  border: 2px solid transparent;
  border-radius: 4px;
  text-decoration: none;
  cursor: pointer;
}
button:hover, .button:hover { background: #185a36; }
:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }
.error-summary {
  margin: 0 0 1.25rem;
  padding: 0.75rem 1rem;
  color: #b3261e;
  border: 2px solid #b3261e;
  border-radius: 4px;
}
.error-summary:empty { display: none; }
.error-summary p { margin: 0; }
.facts { padding-left: 1.25rem; }
.facts li { margin-bottom: 0.5rem; }
.notice { padding: 0.75rem 1rem; background: #eef2f7; border-left: 4px solid #1f3a5f; }
.sandbox {
  margin: 0 0 1.25rem;
  padding: 0.75rem 1rem;
  background: #fff4ce;
  border: 2px dashed #8a6d00;
  font-size: 0.875rem;
}
.sandbox p { margin: 0 0 0.5rem; }
.sandbox ul { margin: 0; padding-left: 1.25rem; }
.footer { max-width: 32rem; margin: 0 auto; padding: 1rem; color: #4a5568; font-size: 0.875rem; }
@media (min-width: 40rem) {
  .page { margin-top: 2rem; border-radius: 8px; padding: 2rem; }
}
`;

/** A partner's accent colour as its own tiny stylesheet, so no inline style is needed. */
export const WIDGET_ACCENT_CSS_PATH = '/kyc/assets/accent/';

export function accentCssPath(accentColor: string): string {
  return `${WIDGET_ACCENT_CSS_PATH}${accentColor.slice(1).toLowerCase()}`;
}

/** sRGB relative luminance (WCAG), to pick readable banner text on any accent. */
function luminance(hex: string): number {
  const [r, g, b] = [0, 2, 4].map((offset) => {
    const channel = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** `hex` is six hex digits (the route's schema checks it). */
export function accentCss(hex: string): string {
  const text = luminance(hex) > 0.179 ? '#1a1a1a' : '#ffffff';
  return `.banner { background: #${hex}; color: ${text}; }\n`;
}
