import { describe, expect, it } from 'vitest';
import {
  SANDBOX_DIGILOCKER_OTP,
  SANDBOX_TEST_IDENTITIES,
} from '../../../src/domain/kyc/identity-providers';
import { companyDetails } from '../../../src/widget/views/company-pages';
import {
  digiLockerConsent,
  individualDetails,
  otpStep,
} from '../../../src/widget/views/individual-pages';
import { panStep, unsupportedPanType } from '../../../src/widget/views/pan-pages';

const token = 'kst_0123456789abcdef';

describe('sandbox banner', () => {
  it('lists every sandbox test PAN, its GSTIN and the OTP when the sandbox runs', () => {
    const page = panStep({ token, sandbox: true });
    expect(page).toContain('<aside class="sandbox" aria-label="Sandbox">');
    expect(page).toContain(`<code>${SANDBOX_DIGILOCKER_OTP}</code>`);
    for (const identity of SANDBOX_TEST_IDENTITIES) {
      expect(page).toContain(`<li><code>${identity.pan}</code>`);
      if (identity.gstin) expect(page).toContain(`GSTIN <code>${identity.gstin}</code>`);
    }
  });

  it('shows on later steps too', () => {
    expect(otpStep({ token, maskedMobile: 'XXXXXX7890', attemptsLeft: 3, sandbox: true }))
      .toContain('class="sandbox"');
    expect(companyDetails({ token, sandbox: true })).toContain('class="sandbox"');
  });

  it('is absent with another provider', () => {
    expect(panStep({ token, sandbox: false })).not.toContain('class="sandbox"');
    expect(panStep({ token })).not.toContain(SANDBOX_TEST_IDENTITIES[0]!.pan);
    expect(otpStep({ token, maskedMobile: 'XXXXXX7890', attemptsLeft: 3 }))
      .not.toContain('class="sandbox"');
  });
});

describe('step labels', () => {
  it('label every step the same way: Step 1 before the path is known, then Step N of total', () => {
    const label = (page: string) => /<p class="step">([^<]*)<\/p>/.exec(page)?.[1];
    expect(label(panStep({ token }))).toBe('Step 1');
    expect(label(unsupportedPanType({ token, maskedPan: 'AAAFXXXXXX' }))).toBe('Step 1');
    expect(label(individualDetails({ token }))).toBe('Step 2 of 4');
    expect(label(digiLockerConsent({ token }))).toBe('Step 3 of 4');
    expect(label(otpStep({ token, maskedMobile: 'XXXXXX7890', attemptsLeft: 3 })))
      .toBe('Step 4 of 4');
    expect(label(companyDetails({ token }))).toBe('Step 2 of 2');
  });
});
