/**
 * Escaping HTML templates shared by the server-rendered surfaces (the KYC widget, the console,
 * the dev mailbox). Escaping is the default: `html` escapes every interpolated value unless it is
 * already SafeHtml (built by `html` itself), so a forgotten escapeHtml call cannot open an XSS
 * hole.
 */
/** Markup that is already safe: built by `html` from escaped values. */
export class SafeHtml {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);
}

/** What `html` accepts: false, null and undefined render nothing, for optional fragments. */
export type HtmlValue =
  | string
  | number
  | SafeHtml
  | false
  | null
  | undefined
  | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value === false || value === null || value === undefined) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** Tagged template: the literal parts are trusted markup, every interpolation is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(text);
}

/**
 * The head every server-rendered page shares: UTF-8, a phone-width viewport, no referrer leaves
 * with a link, and no search engine indexes it (widget links and console pages are private).
 */
export const PRIVATE_PAGE_META = html`<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="robots" content="noindex, nofollow">`;
