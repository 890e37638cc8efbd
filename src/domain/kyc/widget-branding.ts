/**
 * Whose widget this is: the partner's display name (as the KYC e-mail names it), logo and
 * accent colour, for the banner of the page the token opens.
 */
import type { Executor } from '../../db/database';
import { KYC_SESSION_TOKEN_PATTERN } from '../ids';
import { digestToken } from '../secrets';

export interface WidgetBranding {
  displayName: string;
  logoUrl?: string;
  /** #rrggbb */
  accentColor?: string;
}

const TOKEN_REGEX = new RegExp(KYC_SESSION_TOKEN_PATTERN);

export async function findWidgetBranding(
  db: Executor,
  token: string,
): Promise<WidgetBranding | undefined> {
  if (!TOKEN_REGEX.test(token)) return undefined;
  const row = await db
    .selectFrom('kyc_session_tokens as t')
    .innerJoin('kyc_sessions as s', 's.id', 't.kyc_session_id')
    .innerJoin('partners as p', 'p.id', 's.partner_id')
    .select(['p.name', 'p.company', 'p.logo_url', 'p.accent_color'])
    .where('t.token_digest', '=', digestToken(token))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    // The same name the invite e-mail uses, so the customer recognises who asked.
    displayName: row.company ?? row.name,
    ...(row.logo_url ? { logoUrl: row.logo_url } : {}),
    ...(row.accent_color ? { accentColor: row.accent_color } : {}),
  };
}
