/**
 * Form checks the API's schemas make before a use case runs, for the console's text fields:
 * a form always sends every field, so "required" means "not empty" here.
 */
import { DomainError, type FieldProblem } from '../domain/errors';

/** Every named field that is empty, as the API's validation reports it. */
export function assertFilled(body: Record<string, string>, names: readonly string[]): void {
  const problems: FieldProblem[] = names.filter((name) => (body[name] ?? '').trim() === '')
    .map((name) => ({ loc: ['body', name], msg: 'This field is required.' }));
  if (problems.length > 0) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, problems);
  }
}

/**
 * The named fields as whole numbers; the use case checks each one's range. Errors:
 * validation_failed naming every field that is not a whole number, in the API's words.
 */
export function parseWholeNumbers<N extends string>(
  body: Record<N, string>, names: readonly N[],
): Record<N, number> {
  const numbers = {} as Record<N, number>;
  const problems: FieldProblem[] = [];
  for (const name of names) {
    const text = body[name].trim();
    if (/^-?\d{1,9}$/.test(text)) numbers[name] = Number(text);
    else problems.push({ loc: ['body', name], msg: 'must be integer', input: text });
  }
  if (problems.length > 0) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, problems);
  }
  return numbers;
}
