/**
 * The create request's rules beyond its schema: conditional fields per flow, the SSRF guard on
 * URLs we will call or send a browser to, reminders that fall inside the session's life, and
 * the size of metadata. Every problem is reported at once, as a 422 naming its field.
 */
import type { KycReminderRule } from '../../db/schema';
import { KYC_EXPIRES_IN_DAYS_DEFAULT, KYC_METADATA_BYTES_MAX } from '../../limits';
import type { FieldProblem } from '../errors';
import { findUrlProblem, type UrlPolicy } from '../net/url-fields';

export interface CreateKycSessionInput {
  account_auth_id: string;
  flow_type?: 'email' | 'redirect' | undefined;
  customer_email?: string | undefined;
  redirect_url?: string | undefined;
  webhook_url?: string | undefined;
  expires_in_days?: number | undefined;
  reminder_schedule?: KycReminderRule[] | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export type UrlCheckOptions = UrlPolicy;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function problem(
  loc: (string | number)[],
  msg: string,
  input?: unknown,
  type = 'value_error',
): FieldProblem {
  return { loc: ['body', ...loc.map(String)], msg, type, input };
}

function reminderProblems(
  rules: readonly KycReminderRule[],
  expiresInDays: number,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<number>();
  rules.forEach((rule, index) => {
    if (rule.value >= expiresInDays) {
      problems.push(problem(['reminder_schedule', index, 'value'],
        `must be less than expires_in_days (${expiresInDays}): ` +
          'the reminder would precede the session',
        rule.value));
    }
    if (seen.has(rule.value)) {
      const loc = ['reminder_schedule', index, 'value'];
      problems.push(problem(loc, 'duplicate reminder', rule.value));
    }
    seen.add(rule.value);
  });
  return problems;
}

export async function findKycSessionProblems(
  input: CreateKycSessionInput,
  options: UrlCheckOptions,
): Promise<FieldProblem[]> {
  const flow = input.flow_type ?? 'email';
  const problems: FieldProblem[] = [];
  if (flow === 'email') {
    if (input.customer_email === undefined) {
      problems.push(problem(['customer_email'], 'Field required for the email flow', undefined,
        'missing'));
    } else if (!EMAIL_PATTERN.test(input.customer_email)) {
      problems.push(problem(['customer_email'], 'value is not a valid email address',
        input.customer_email));
    }
  }
  if (flow === 'redirect' && input.redirect_url === undefined) {
    problems.push(problem(['redirect_url'], 'Field required for the redirect flow', undefined,
      'missing'));
  }
  const urls = [
    ['redirect_url', flow === 'redirect' ? input.redirect_url : undefined],
    ['webhook_url', input.webhook_url],
  ] as const;
  for (const [field, url] of urls) {
    if (url === undefined) continue;
    const found = await findUrlProblem(['body', field], url, options);
    if (found) problems.push(found);
  }
  const expiresInDays = input.expires_in_days ?? KYC_EXPIRES_IN_DAYS_DEFAULT;
  problems.push(...reminderProblems(input.reminder_schedule ?? [], expiresInDays));
  if (input.metadata !== undefined &&
    Buffer.byteLength(JSON.stringify(input.metadata)) > KYC_METADATA_BYTES_MAX) {
    problems.push(problem(['metadata'], `at most ${KYC_METADATA_BYTES_MAX} bytes of JSON`));
  }
  return problems;
}
