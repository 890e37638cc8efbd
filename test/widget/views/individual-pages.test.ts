import { describe, expect, it } from 'vitest';
import {
  digiLockerConsent,
  individualDetails,
  otpStep,
} from '../../../src/widget/views/individual-pages';
import { attribute, expectTokenForm, expectWidgetDocument, input } from './page-checks';

const token = 'kst_0123456789abcdef';
const XSS = '<script>alert("x")</script>';

describe('individualDetails', () => {
  it('posts name and date of birth with the token to /kyc/verify/individual', () => {
    const page = individualDetails({ token, maskedPan: 'GTBPDXXXXX' });
    expectWidgetDocument(page, 'Your details');
    expectTokenForm(page, '/kyc/verify/individual', token);
    expect(page).toContain('<p class="step">Step 2 of 4</p>');
    expect(page).toContain('<label for="name">Full name as on your PAN</label>');
    expect(page).toContain('<label for="date_of_birth">Date of birth</label>');
    expect(page).toContain('<p class="notice">PAN: GTBPDXXXXX</p>');
    const dateOfBirth = input(page, 'date_of_birth');
    expect(attribute(dateOfBirth, 'type')).toBe('date');
    expect(attribute(dateOfBirth, 'autocomplete')).toBe('bday');
    expect(attribute(input(page, 'name'), 'autocomplete')).toBe('name');
    expect(attribute(input(page, 'name'), 'maxlength')).toBe('255');
  });

  it('marks only the field the error is about', () => {
    const page = individualDetails({
      token,
      error: 'You must be 18 or older.',
      errorField: 'dateOfBirth',
      values: { name: 'Priya Sharma', dateOfBirth: '2010-01-01' },
    });
    expect(page).toContain('<p>You must be 18 or older.</p>');
    expect(attribute(input(page, 'date_of_birth'), 'aria-invalid')).toBe('true');
    expect(attribute(input(page, 'date_of_birth'), 'value')).toBe('2010-01-01');
    expect(attribute(input(page, 'name'), 'aria-invalid')).toBeUndefined();
    expect(attribute(input(page, 'name'), 'value')).toBe('Priya Sharma');
  });

  it('escapes a name with a script in it', () => {
    const page = individualDetails({ token, values: { name: XSS }, error: XSS });
    expect(page).not.toContain('<script>');
    expect(attribute(input(page, 'name'), 'value')).toBe(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    );
  });
});

describe('digiLockerConsent', () => {
  it('explains DigiLocker and requires consent before starting it', () => {
    const page = digiLockerConsent({ token });
    expectWidgetDocument(page, 'Confirm your Aadhaar with DigiLocker');
    expectTokenForm(page, '/kyc/verify/digilocker/start', token);
    expect(page).toContain('<p class="step">Step 3 of 4</p>');
    expect(page).toContain('last 4 digits of your Aadhaar number');
    const consent = input(page, 'consent');
    expect(attribute(consent, 'type')).toBe('checkbox');
    expect(attribute(consent, 'value')).toBe('yes');
    expect(consent).toContain(' required');
    expect(page).toContain('<label for="consent">I agree to share my Aadhaar details');
  });

  it('marks the checkbox when consent was missing', () => {
    const page = digiLockerConsent({ token, error: 'Tick the box to continue.' });
    expect(page).toContain('<p>Tick the box to continue.</p>');
    expect(attribute(input(page, 'consent'), 'aria-invalid')).toBe('true');
    expect(attribute(input(page, 'consent'), 'aria-describedby')).toBe('form-error');
  });
});

describe('otpStep', () => {
  const base = { token, maskedMobile: 'XXXXXX7890', attemptsLeft: 3 };

  it('posts a 6-digit numeric code with the token to /kyc/verify/digilocker/otp', () => {
    const page = otpStep(base);
    expectWidgetDocument(page, 'Enter the one-time password');
    expectTokenForm(page, '/kyc/verify/digilocker/otp', token);
    expect(page).toContain('<p class="step">Step 4 of 4</p>');
    expect(page).toContain('<label for="otp">One-time password</label>');
    const otp = input(page, 'otp');
    expect(attribute(otp, 'inputmode')).toBe('numeric');
    expect(attribute(otp, 'pattern')).toBe('[0-9]{6}');
    expect(attribute(otp, 'maxlength')).toBe('6');
    expect(attribute(otp, 'autocomplete')).toBe('one-time-code');
  });

  it('shows the masked mobile and the attempts left, singular and plural', () => {
    expect(otpStep(base)).toContain('<strong>XXXXXX7890</strong>');
    expect(otpStep(base)).toContain('You have 3 attempts left.');
    expect(otpStep({ ...base, attemptsLeft: 1 })).toContain('You have 1 attempt left.');
  });

  it('shows a wrong-code error on the input', () => {
    const page = otpStep({ ...base, attemptsLeft: 2, error: 'That code is not right.' });
    expect(page).toContain('<p>That code is not right.</p>');
    expect(attribute(input(page, 'otp'), 'aria-invalid')).toBe('true');
    expect(page).toContain('<title>Error: ');
  });

  it('escapes the masked mobile', () => {
    expect(otpStep({ ...base, maskedMobile: XSS })).not.toContain('<script>');
  });
});
