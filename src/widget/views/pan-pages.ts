/**
 * The first step: the PAN, whose 4th character decides the path (P individual, C company).
 */
import { errorRegion, postForm, submitButton, textField } from './form-fields';
import { html, type SafeHtml } from '../../html/html';
import { layout, type PageFrame } from './layout';
import { WIDGET_PATHS } from './paths';

/** Browsers check this before posting; the server checks again (parsePan), uppercasing first. */
const PAN_INPUT_PATTERN = '[A-Za-z]{5}[0-9]{4}[A-Za-z]';

function panForm(token: string, value: string | undefined, invalid: boolean): SafeHtml {
  const field = textField({
    name: 'pan',
    label: 'PAN (Permanent Account Number)',
    hint: '10 characters as printed on your PAN card, for example ABCDE1234F.',
    value,
    invalid,
    extra: {
      class: 'uppercase',
      pattern: PAN_INPUT_PATTERN,
      title: 'Five letters, four digits, then one letter',
      minlength: 10,
      maxlength: 10,
      autocapitalize: 'characters',
      autocorrect: 'off',
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  return postForm({ action: WIDGET_PATHS.pan, token, content: [field, submitButton('Continue')] });
}

export interface PanStepInput extends PageFrame {
  token: string;
  /** Shown in the error region; the PAN input is then marked invalid. */
  error?: string;
  values?: { pan?: string };
}

export function panStep(input: PanStepInput): string {
  const body = html`<p class="lead">We verify your identity with your PAN. Individuals then confirm
 their Aadhaar through DigiLocker; companies confirm their GSTIN.</p>
${errorRegion(input.error)}
${panForm(input.token, input.values?.pan, input.error !== undefined)}`;
  const hasError = input.error !== undefined;
  return layout({
    title: 'Enter your PAN', step: { current: 1 }, body, hasError, sandbox: input.sandbox,
    branding: input.branding,
  });
}

export interface UnsupportedPanTypeInput extends PageFrame {
  token: string;
  /** The PAN entered, masked (maskPan), so the holder sees which one was refused. */
  maskedPan?: string;
}

/** A PAN of a firm, trust, HUF…: only individuals and companies can verify here. */
export function unsupportedPanType(input: UnsupportedPanTypeInput): string {
  const entered = input.maskedPan && html` (${input.maskedPan})`;
  const body = html`<p class="lead">The PAN you entered${entered} belongs to a kind of holder we
 cannot verify here, such as a firm, trust or Hindu Undivided Family.</p>
<p>Only PANs of individuals (4th character P) and companies (4th character C) are accepted.
 If you have one, enter it below; otherwise contact the company that sent you this link.</p>
<h2>Use a different PAN</h2>
${errorRegion(undefined)}
${panForm(input.token, undefined, false)}`;
  // Still the PAN step (a different PAN is asked for), labelled as such.
  return layout({
    title: 'This PAN type is not supported',
    step: { current: 1 },
    body,
    sandbox: input.sandbox,
    branding: input.branding,
  });
}
