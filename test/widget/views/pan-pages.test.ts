import { describe, expect, it } from 'vitest';
import { panStep, unsupportedPanType } from '../../../src/widget/views/pan-pages';
import { attribute, expectTokenForm, expectWidgetDocument, input } from './page-checks';

const token = 'kst_0123456789abcdef';
const XSS = '"><script>alert(1)</script>';

describe('panStep', () => {
  it('is a first step posting the PAN and the token to /kyc/verify/pan', () => {
    const page = panStep({ token });
    expectWidgetDocument(page, 'Enter your PAN');
    expectTokenForm(page, '/kyc/verify/pan', token);
    expect(page).toContain('<p class="step">Step 1</p>');
    expect(page).toContain('<label for="pan">PAN (Permanent Account Number)</label>');
    expect(page).toContain('<button type="submit">Continue</button>');
  });

  it('asks for a PAN the way phones and browsers understand', () => {
    const pan = input(panStep({ token }), 'pan');
    expect(attribute(pan, 'pattern')).toBe('[A-Za-z]{5}[0-9]{4}[A-Za-z]');
    expect(attribute(pan, 'autocapitalize')).toBe('characters');
    expect(attribute(pan, 'maxlength')).toBe('10');
    expect(attribute(pan, 'minlength')).toBe('10');
    expect(attribute(pan, 'aria-describedby')).toBe('pan-hint');
    expect(pan).toContain(' required');
    expect(pan).not.toContain('aria-invalid');
  });

  it('keeps the error region empty (hidden by CSS) without an error', () => {
    const page = panStep({ token });
    expect(page).toContain('role="alert"\n aria-live="assertive"></div>');
    expect(page).toContain('<title>Enter your PAN - Identity verification</title>');
  });

  it('shows an error, marks the input invalid and points it at the message', () => {
    const page = panStep({ token, error: 'Enter a valid PAN.', values: { pan: 'ABC' } });
    expect(page).toContain('aria-live="assertive"><p>Enter a valid PAN.</p></div>');
    const pan = input(page, 'pan');
    expect(attribute(pan, 'aria-invalid')).toBe('true');
    expect(attribute(pan, 'aria-describedby')).toBe('pan-hint form-error');
    expect(attribute(pan, 'value')).toBe('ABC');
    expect(page).toContain('<title>Error: Enter your PAN');
  });

  it('escapes the token, the echoed value and the error', () => {
    const page = panStep({ token: XSS, error: XSS, values: { pan: XSS } });
    expect(page).not.toContain('<script>');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('<p>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });
});

describe('unsupportedPanType', () => {
  it('explains which PANs work and offers the PAN form again', () => {
    const page = unsupportedPanType({ token, maskedPan: 'AAAHZXXXXX' });
    expectWidgetDocument(page, 'This PAN type is not supported');
    expectTokenForm(page, '/kyc/verify/pan', token);
    expect(page).toContain('The PAN you entered (AAAHZXXXXX)');
    expect(page).toContain('individuals (4th character P) and companies (4th character C)');
    expect(page).toContain('<h2>Use a different PAN</h2>');
    expect(attribute(input(page, 'pan'), 'value')).toBeUndefined();
  });

  it('works without the masked PAN and escapes it when given', () => {
    expect(unsupportedPanType({ token })).toContain('The PAN you entered belongs');
    expect(unsupportedPanType({ token, maskedPan: XSS })).not.toContain('<script>');
  });
});
