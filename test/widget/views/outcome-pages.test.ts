import { describe, expect, it } from 'vitest';
import {
  donePage,
  failedPage,
  linkGonePage,
  notFoundPage,
} from '../../../src/widget/views/outcome-pages';
import type { FailureReason, GoneStatus } from '../../../src/widget/views/outcome-pages';
import { expectWidgetDocument, formActions } from './page-checks';

const redirectUrl = 'https://partner.example/kyc/done?session_id=kst_1&status=kyc_completed';

describe('donePage', () => {
  it('confirms success and, without a redirect, says the page can be closed', () => {
    const page = donePage();
    expectWidgetDocument(page, 'Verification complete');
    expect(page).toContain('You can close this page.');
    expect(formActions(page)).toEqual([]);
  });

  it('links back to the partner with the query string escaped', () => {
    const page = donePage({ redirectUrl });
    expect(page).toContain(
      '<a class="button" href="https://partner.example/kyc/done?session_id=kst_1&amp;' +
        'status=kyc_completed">Continue</a>',
    );
    expect(page).not.toContain('You can close this page.');
  });

  it.each([
    'javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    '//evil.example/',
    'https://u:p@partner.example/',
  ])('never links to %s', (url) => {
    const page = donePage({ redirectUrl: url });
    expectWidgetDocument(page, 'Verification complete');
    expect(page).not.toContain('<a ');
    expect(page).toContain('You can close this page.');
  });

  it('escapes a quote that would end the href', () => {
    const page = donePage({ redirectUrl: 'https://partner.example/"><script>x</script>' });
    expect(page).not.toContain('<script>');
  });
});

describe('failedPage', () => {
  const reasons: [FailureReason, string][] = [
    ['name_mismatch', 'does not match the name on your documents'],
    ['invalid_document', 'could not verify the document number'],
    ['otp_invalid', 'one-time password could not be verified'],
    ['too_many_attempts', 'Too many incorrect attempts'],
  ];

  it.each(reasons)('explains %s', (reason, text) => {
    const page = failedPage({ reason });
    expectWidgetDocument(page, 'We could not verify your identity');
    expect(page).toContain(text);
    expect(page).toContain('they can send you a new link');
    expect(page).not.toContain('<a ');
  });

  it('links back to the partner only for an http(s) URL', () => {
    expect(failedPage({ reason: 'name_mismatch', redirectUrl })).toContain(
      'href="https://partner.example/kyc/done',
    );
    const page = failedPage({ reason: 'name_mismatch', redirectUrl: 'javascript:alert(1)' });
    expect(page).not.toContain('<a ');
  });
});

describe('linkGonePage', () => {
  const statuses: [GoneStatus, string, string][] = [
    ['expired', 'This link has expired', 'limited time'],
    ['revoked', 'This link is no longer valid', 'cancelled it'],
    ['completed', 'You are already verified', 'nothing more to do'],
  ];

  it.each(statuses)('explains a %s link', (status, title, text) => {
    const page = linkGonePage({ status });
    expectWidgetDocument(page, title);
    expect(page).toContain(text);
    expect(formActions(page)).toEqual([]);
  });
});

describe('notFoundPage', () => {
  it('says the link is not valid without telling whether a session exists', () => {
    const page = notFoundPage();
    expectWidgetDocument(page, 'Link not found');
    expect(page).toContain('This verification link is not valid.');
    expect(page).not.toMatch(/expired|revoked|completed/);
  });
});
