/**
 * Form pieces: every input has a label, and an error shown next to it (tied with
 * aria-describedby), in the words of the API's validation messages.
 */
import { html, SafeHtml } from '../../html/html';

export type FieldErrors = Record<string, string>;

export interface FieldInput {
  /** The input's id and name. */
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'search' | 'number';
  value?: string | undefined;
  errors?: FieldErrors | undefined;
  required?: boolean;
  /** autocomplete, inputmode, maxlength…: constant names, escaped values. */
  extra?: Record<string, string>;
}

export function field(input: FieldInput): SafeHtml {
  const extra = Object.entries(input.extra ?? {})
    .map(([name, value]) => html` ${new SafeHtml(name)}="${value}"`);
  const required = input.required ? new SafeHtml(' required') : '';
  return html`<div class="field"><label for="${input.name}">${input.label}</label>
<input type="${input.type ?? 'text'}" id="${input.name}" name="${input.name}" value="${
  input.value ?? ''}"${required}${invalidAttributes(input)}${extra}>
${fieldError(input)}</div>`;
}

export interface SelectInput {
  name: string;
  label: string;
  options: readonly (readonly [string, string])[];
  value?: string | undefined;
  errors?: FieldErrors | undefined;
}

export function selectField(input: SelectInput): SafeHtml {
  const options = input.options.map(([value, text]) => html`<option value="${value}"${
    value === input.value ? new SafeHtml(' selected') : ''}>${text}</option>`);
  return html`<div class="field"><label for="${input.name}">${input.label}</label>
<select id="${input.name}" name="${input.name}"${invalidAttributes(input)}>${options}</select>
${fieldError(input)}</div>`;
}

/** Marks a field the API refused and ties it to its message. */
function invalidAttributes(input: { name: string; errors?: FieldErrors | undefined }) {
  return input.errors?.[input.name] === undefined
    ? ''
    : html` aria-invalid="true" aria-describedby="${input.name}-error"`;
}

function fieldError(input: { name: string; errors?: FieldErrors | undefined }) {
  const error = input.errors?.[input.name];
  return error !== undefined && html`<p class="field-error" id="${input.name}-error">${error}</p>`;
}

/** The error that belongs to no one field: shown above the form, announced on load. */
export function errorSummary(message: string | undefined): SafeHtml {
  return message === undefined
    ? html``
    : html`<div class="error-summary" role="alert"><p>${message}</p></div>`;
}
