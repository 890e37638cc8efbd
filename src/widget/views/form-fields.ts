/**
 * The pieces every widget form is made of. Each form posts the session token in a hidden field
 * (the token is the widget's only credential), shows errors in one live region, and ties each
 * input to its label, hint and error for screen readers.
 */
import assert from 'node:assert/strict';
import { html, type HtmlValue, SafeHtml } from '../../html/html';

/** The id of the error region that invalid inputs point to with aria-describedby. */
export const ERROR_REGION_ID = 'form-error';

type AttributeValue = string | number | boolean | undefined;

/** Renders attributes in order; `true` renders a bare attribute, false and undefined nothing. */
function attributes(values: Record<string, AttributeValue>): SafeHtml {
  const parts = Object.entries(values).map(([name, value]) => {
    assert.match(name, /^[a-z][a-z-]*$/, 'attribute names are constants');
    if (value === true) return html` ${new SafeHtml(name)}`;
    if (value === false || value === undefined) return '';
    return html` ${new SafeHtml(name)}="${value}"`;
  });
  return html`${parts}`;
}

/**
 * role=alert makes screen readers announce the message when the page (re)loads with it; the
 * region is always present, and hidden by CSS while empty.
 */
export function errorRegion(error: string | undefined): SafeHtml {
  return html`<div class="error-summary" id="${ERROR_REGION_ID}" role="alert"
 aria-live="assertive">${error !== undefined && html`<p>${error}</p>`}</div>`;
}

export function postForm(input: { action: string; token: string; content: HtmlValue }): SafeHtml {
  return html`<form method="post" action="${input.action}">
<input type="hidden" name="token" value="${input.token}">
${input.content}
</form>`;
}

export function submitButton(text: string): SafeHtml {
  return html`<button type="submit">${text}</button>`;
}

export interface TextFieldInput {
  /** Used as the input's id and name. */
  name: string;
  label: string;
  hint?: string;
  value?: string;
  /** Marks the input aria-invalid and points it at the error region. */
  invalid?: boolean;
  type?: 'text' | 'date';
  /** Further input attributes: pattern, maxlength, inputmode, autocomplete… */
  extra?: Record<string, AttributeValue>;
}

export function textField(input: TextFieldInput): SafeHtml {
  const hintId = `${input.name}-hint`;
  const describedBy = [input.hint && hintId, input.invalid && ERROR_REGION_ID].filter(Boolean);
  const inputAttributes = attributes({
    id: input.name,
    name: input.name,
    type: input.type ?? 'text',
    value: input.value,
    required: true,
    'aria-describedby': describedBy.length > 0 ? describedBy.join(' ') : undefined,
    'aria-invalid': input.invalid ? 'true' : undefined,
    ...input.extra,
  });
  return html`<div class="field">
<label for="${input.name}">${input.label}</label>
${input.hint && html`<p class="hint" id="${hintId}">${input.hint}</p>`}
<input${inputAttributes}>
</div>`;
}

export function checkboxField(input: { name: string; label: string; invalid?: boolean }): SafeHtml {
  const checkboxAttributes = attributes({
    id: input.name,
    name: input.name,
    type: 'checkbox',
    value: 'yes',
    required: true,
    'aria-describedby': input.invalid ? ERROR_REGION_ID : undefined,
    'aria-invalid': input.invalid ? 'true' : undefined,
  });
  return html`<div class="checkbox">
<input${checkboxAttributes}>
<label for="${input.name}">${input.label}</label>
</div>`;
}
