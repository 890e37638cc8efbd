/** Every KYC session of the partner, newest first. */
import { html } from '../../html/html';
import type { KycSessionRow } from '../../domain/kyc/kyc-sessions.queries';
import { kycSessionsTable } from './kyc-tables';
import { consolePage, type PageFrame } from './layout';
import { pager, type PageState } from './pagination';

export function kycSessionsPage(
  frame: PageFrame,
  input: PageState & { rows: KycSessionRow[]; notice?: string | undefined },
): string {
  return consolePage(frame, {
    title: 'KYC sessions',
    notice: input.notice,
    body: html`${kycSessionsTable(frame.csrf, input.rows,
      true)}${pager('/console/partner/kyc-sessions', input)}`,
  });
}
