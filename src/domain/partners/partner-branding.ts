/**
 * The partner's branding for the KYC widget: an optional logo URL and accent colour. The logo
 * is loaded by the customer's browser, so it passes the outbound URL guard like any stored URL
 * and, unless private URLs are allowed (development), must be https.
 */
import { invalidField } from '../errors';
import { assertStorableUrl, type UrlPolicy } from '../net/url-fields';

/** #RRGGBB only: the colour ends up in a stylesheet, so nothing but hex digits may get there. */
export const ACCENT_COLOR_PATTERN = '^#[0-9A-Fa-f]{6}$';

export interface BrandingChanges {
  logo_url?: string | null | undefined;
  accent_color?: string | null | undefined;
}

/** Refuses an unsafe logo URL with a 422 naming the field; lowercases the colour. */
export async function checkBranding<T extends BrandingChanges>(
  changes: T,
  policy: UrlPolicy,
): Promise<T> {
  const logo = changes.logo_url;
  if (logo) {
    await assertStorableUrl(['body', 'logo_url'], logo, policy);
    if (!policy.allowPrivateUrls && !logo.startsWith('https:')) {
      throw invalidField(['body', 'logo_url'], 'logo_url must be an https URL', logo);
    }
  }
  const color = changes.accent_color;
  if (color && !new RegExp(ACCENT_COLOR_PATTERN).test(color)) {
    throw invalidField(['body', 'accent_color'], 'accent_color must be #RRGGBB', color);
  }
  return color ? { ...changes, accent_color: color.toLowerCase() } : changes;
}
