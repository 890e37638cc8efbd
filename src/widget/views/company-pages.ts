/**
 * The company path (PAN 4th character C): the legal entity name and the GSTIN issued to the
 * company's PAN.
 */
import { NAME_LENGTH_MAX } from '../../limits';
import { errorRegion, postForm, submitButton, textField } from './form-fields';
import { html } from '../../html/html';
import { layout, type PageFrame } from './layout';
import { WIDGET_PATHS } from './paths';

/** PAN, company details. */
const COMPANY_STEPS_TOTAL = 2;
/** Browsers check this before posting; the server checks again, check character included. */
const GSTIN_INPUT_PATTERN = '[0-9]{2}[A-Za-z]{5}[0-9]{4}[A-Za-z][1-9A-Za-z][Zz][0-9A-Za-z]';

export interface CompanyDetailsInput extends PageFrame {
  token: string;
  error?: string;
  /** The input the error is about, marked invalid; without it only the message shows. */
  errorField?: 'legalName' | 'gstin';
  values?: { legalName?: string; gstin?: string };
  /** The company's PAN, masked (maskPan), as a reminder. */
  maskedPan?: string;
}

export function companyDetails(input: CompanyDetailsInput): string {
  const legalName = textField({
    name: 'legal_name',
    label: 'Legal name of the company',
    hint: 'As registered for GST, for example ACME PRIVATE LIMITED.',
    value: input.values?.legalName,
    invalid: input.errorField === 'legalName',
    extra: { autocomplete: 'organization', maxlength: NAME_LENGTH_MAX, spellcheck: 'false' },
  });
  const gstin = textField({
    name: 'gstin',
    label: 'GSTIN',
    hint: '15 characters; characters 3 to 12 are the company PAN.',
    value: input.values?.gstin,
    invalid: input.errorField === 'gstin',
    extra: {
      class: 'uppercase',
      pattern: GSTIN_INPUT_PATTERN,
      title: '15 characters, for example 27ABCDE1234F1Z5',
      minlength: 15,
      maxlength: 15,
      autocapitalize: 'characters',
      autocorrect: 'off',
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  const pan = input.maskedPan && html`<p class="notice">Company PAN: ${input.maskedPan}</p>`;
  const body = html`${pan}
${errorRegion(input.error)}
${postForm({
    action: WIDGET_PATHS.company,
    token: input.token,
    content: [legalName, gstin, submitButton('Verify')],
  })}`;
  return layout({
    title: 'Company details',
    step: { current: 2, total: COMPANY_STEPS_TOTAL },
    body,
    hasError: input.error !== undefined,
    sandbox: input.sandbox,
    branding: input.branding,
  });
}
