import { describe, expect, it } from 'vitest';
import { companyDetails } from '../../../src/widget/views/company-pages';
import { attribute, expectTokenForm, expectWidgetDocument, input } from './page-checks';

const token = 'kst_0123456789abcdef';

describe('companyDetails', () => {
  it('posts the legal name and GSTIN with the token to /kyc/verify/company', () => {
    const page = companyDetails({ token, maskedPan: 'AAACZXXXXX' });
    expectWidgetDocument(page, 'Company details');
    expectTokenForm(page, '/kyc/verify/company', token);
    expect(page).toContain('<p class="step">Step 2 of 2</p>');
    expect(page).toContain('<label for="legal_name">Legal name of the company</label>');
    expect(page).toContain('<label for="gstin">GSTIN</label>');
    expect(page).toContain('<p class="notice">Company PAN: AAACZXXXXX</p>');
    expect(page).toContain('<button type="submit">Verify</button>');
  });

  it('asks for a GSTIN the way phones and browsers understand', () => {
    const gstin = input(companyDetails({ token }), 'gstin');
    expect(attribute(gstin, 'maxlength')).toBe('15');
    expect(attribute(gstin, 'autocapitalize')).toBe('characters');
    const pattern = new RegExp(`^(?:${attribute(gstin, 'pattern')})$`);
    expect(pattern.test('27AAACZ0000S1Z8')).toBe(true);
    expect(pattern.test('27aaacz0000s1z8')).toBe(true);
    expect(pattern.test('27AAACZ0000S0Z8')).toBe(false);
    expect(pattern.test('AAACZ0000S')).toBe(false);
  });

  it('marks only the field the error is about and keeps the values', () => {
    const page = companyDetails({
      token,
      error: 'This GSTIN was not issued to your PAN.',
      errorField: 'gstin',
      values: { legalName: 'Acme Private Limited', gstin: '27ABQFM7569K1Z9' },
    });
    expect(page).toContain('<p>This GSTIN was not issued to your PAN.</p>');
    expect(attribute(input(page, 'gstin'), 'aria-invalid')).toBe('true');
    expect(attribute(input(page, 'gstin'), 'value')).toBe('27ABQFM7569K1Z9');
    expect(attribute(input(page, 'legal_name'), 'aria-invalid')).toBeUndefined();
    expect(attribute(input(page, 'legal_name'), 'value')).toBe('Acme Private Limited');
  });

  it('escapes a legal name with markup in it', () => {
    const page = companyDetails({ token, values: { legalName: 'Acme <script>x</script> & Co' } });
    expect(page).not.toContain('<script>');
    expect(attribute(input(page, 'legal_name'), 'value')).toBe(
      'Acme &lt;script&gt;x&lt;/script&gt; &amp; Co',
    );
  });
});
