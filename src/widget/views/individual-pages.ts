/**
 * The individual path (PAN 4th character P): name and date of birth as on the PAN, consent to
 * DigiLocker, then the OTP DigiLocker sends to the Aadhaar-linked mobile.
 */
import { NAME_LENGTH_MAX } from '../../limits';
import { checkboxField, errorRegion, postForm, submitButton, textField } from './form-fields';
import { html } from '../../html/html';
import { layout, type PageFrame } from './layout';
import { WIDGET_PATHS } from './paths';

/** PAN, details, DigiLocker consent, OTP. */
const INDIVIDUAL_STEPS_TOTAL = 4;
const OTP_LENGTH = 6;

export interface IndividualDetailsInput extends PageFrame {
  token: string;
  error?: string;
  /** The input the error is about, marked invalid; without it only the message shows. */
  errorField?: 'name' | 'dateOfBirth';
  values?: { name?: string; dateOfBirth?: string };
  /** The PAN being verified, masked (maskPan), as a reminder. */
  maskedPan?: string;
}

export function individualDetails(input: IndividualDetailsInput): string {
  const name = textField({
    name: 'name',
    label: 'Full name as on your PAN',
    hint: 'Exactly as printed on your PAN card.',
    value: input.values?.name,
    invalid: input.errorField === 'name',
    extra: { autocomplete: 'name', maxlength: NAME_LENGTH_MAX, spellcheck: 'false' },
  });
  const dateOfBirth = textField({
    name: 'date_of_birth',
    type: 'date',
    label: 'Date of birth',
    hint: 'As on your PAN card. You must be 18 or older.',
    value: input.values?.dateOfBirth,
    invalid: input.errorField === 'dateOfBirth',
    extra: { autocomplete: 'bday' },
  });
  const pan = input.maskedPan && html`<p class="notice">PAN: ${input.maskedPan}</p>`;
  const body = html`${pan}
${errorRegion(input.error)}
${postForm({
    action: WIDGET_PATHS.individual,
    token: input.token,
    content: [name, dateOfBirth, submitButton('Continue')],
  })}`;
  return layout({
    title: 'Your details',
    step: { current: 2, total: INDIVIDUAL_STEPS_TOTAL },
    body,
    hasError: input.error !== undefined,
    sandbox: input.sandbox,
    branding: input.branding,
  });
}

export interface DigiLockerConsentInput extends PageFrame {
  token: string;
  /** Typically: consent was not given. The checkbox is then marked invalid. */
  error?: string;
}

export function digiLockerConsent(input: DigiLockerConsentInput): string {
  const consent = checkboxField({
    name: 'consent',
    label: 'I agree to share my Aadhaar details from DigiLocker to verify my identity.',
    invalid: input.error !== undefined,
  });
  const body = html`<p class="lead">Next we confirm your Aadhaar through DigiLocker, the
 Government of India's digital document service.</p>
<ul class="facts">
<li>DigiLocker sends a one-time password to the mobile number linked to your Aadhaar.</li>
<li>We receive your name as on Aadhaar and the last 4 digits of your Aadhaar number. We never
 see or store your full Aadhaar number.</li>
<li>Nothing is shared until you enter the one-time password.</li>
</ul>
${errorRegion(input.error)}
${postForm({
    action: WIDGET_PATHS.digiLockerStart,
    token: input.token,
    content: [consent, submitButton('Send one-time password')],
  })}`;
  return layout({
    title: 'Confirm your Aadhaar with DigiLocker',
    step: { current: 3, total: INDIVIDUAL_STEPS_TOTAL },
    body,
    hasError: input.error !== undefined,
    sandbox: input.sandbox,
    branding: input.branding,
  });
}

export interface OtpStepInput extends PageFrame {
  token: string;
  /** As the provider masked it, e.g. "XXXXXX7890". */
  maskedMobile: string;
  /** Wrong codes still allowed before the verification fails. */
  attemptsLeft: number;
  error?: string;
}

function attemptsText(attemptsLeft: number): string {
  return `You have ${attemptsLeft} ${attemptsLeft === 1 ? 'attempt' : 'attempts'} left.`;
}

export function otpStep(input: OtpStepInput): string {
  const otp = textField({
    name: 'otp',
    label: 'One-time password',
    hint: `The ${OTP_LENGTH}-digit code from the text message.`,
    invalid: input.error !== undefined,
    extra: {
      class: 'code',
      inputmode: 'numeric',
      pattern: `[0-9]{${OTP_LENGTH}}`,
      title: `${OTP_LENGTH} digits`,
      minlength: OTP_LENGTH,
      maxlength: OTP_LENGTH,
      autocomplete: 'one-time-code',
    },
  });
  const body = html`<p class="lead">DigiLocker sent a code to the mobile number linked to your
 Aadhaar: <strong>${input.maskedMobile}</strong>.</p>
<p>${attemptsText(input.attemptsLeft)}</p>
${errorRegion(input.error)}
${postForm({
    action: WIDGET_PATHS.digiLockerOtp,
    token: input.token,
    content: [otp, submitButton('Verify')],
  })}`;
  return layout({
    title: 'Enter the one-time password',
    step: { current: 4, total: INDIVIDUAL_STEPS_TOTAL },
    body,
    hasError: input.error !== undefined,
    sandbox: input.sandbox,
    branding: input.branding,
  });
}
