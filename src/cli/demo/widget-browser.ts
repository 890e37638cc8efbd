/**
 * Goes through the hosted KYC widget over plain HTTP, as the customer's browser would: forms
 * posted as application/x-www-form-urlencoded, 303s followed on our origin, and the last 303
 * (to the partner's redirect_url) returned rather than followed.
 */
import { WIDGET_PATHS } from '../../widget/views/paths';

/** The outbound HTTP timeout of one widget page load. */
const WIDGET_REQUEST_TIMEOUT_MS = 15_000;

export interface WidgetBrowser {
  open(widgetUrl: string): Promise<string>;
  submit(path: keyof typeof WIDGET_PATHS, fields: Record<string, string>): Promise<
    { page: string } | { redirectedTo: string }
  >;
}

export function widgetBrowser(baseUrl: string, token: string): WidgetBrowser {
  const origin = new URL(baseUrl).origin;
  const load = async (url: string, init: RequestInit = {}): Promise<{ location: string } | { page: string }> => {
    const response = await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(WIDGET_REQUEST_TIMEOUT_MS) });
    const location = response.headers.get('location');
    if (response.status === 303 && location) return { location: new URL(location, url).toString() };
    const page = await response.text();
    if (response.status >= 400) throw new Error(`widget answered ${response.status} for ${url}`);
    return { page };
  };
  return {
    async open(widgetUrl) {
      const result = await load(widgetUrl);
      if ('location' in result) throw new Error(`widget redirected unexpectedly to ${result.location}`);
      return result.page;
    },
    async submit(path, fields) {
      const result = await load(`${baseUrl}${WIDGET_PATHS[path]}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, ...fields }).toString(),
      });
      if (!('location' in result)) return { page: result.page };
      if (new URL(result.location).origin !== origin) return { redirectedTo: result.location };
      const next = await load(result.location);
      if ('location' in next) return { redirectedTo: next.location };
      return { page: next.page };
    },
  };
}
