/** The sign-in page: one form for partners, customers and the operator. */
import { html } from '../../html/html';
import { csrfField, consolePage } from './layout';
import { errorSummary, field } from './fields';

export interface LoginPageInput {
  csrf: string;
  kind?: string;
  identifier?: string;
  error?: string;
  notice?: string;
}

const KINDS = [
  ['partner', 'Partner'],
  ['customer', 'Customer'],
  ['operator', 'Operator'],
] as const;

export function loginPage(input: LoginPageInput): string {
  const kind = input.kind ?? 'partner';
  const radios = KINDS.map(([value, label]) => html`<label>
<input type="radio" name="kind" value="${value}"${
    value === kind ? html` checked` : ''}> ${label}</label>`);
  return consolePage({ csrf: input.csrf }, {
    title: 'Sign in',
    notice: input.notice,
    body: html`<div class="panel">${errorSummary(input.error)}
<form method="post" action="/console/login">${csrfField(input.csrf)}
<fieldset><legend>I am signing in as</legend>${radios}</fieldset>
${field({ name: 'identifier', label: 'E-mail or auth id (not needed for the operator)',
  value: input.identifier,
    extra: { autocomplete: 'username', maxlength: '254' } })}
${field({ name: 'secret', label: 'Password or auth token', type: 'password', required: true,
    extra: { autocomplete: 'current-password', maxlength: '512' } })}
<button type="submit">Sign in</button>
</form>
<p class="muted">Partners: your auth id (PA_…) and auth token from the operator, or the e-mail and
password of a console user. Customers: your e-mail and password, or auth id (MA_…) and token.</p>
</div>`,
  });
}
