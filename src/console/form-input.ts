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
