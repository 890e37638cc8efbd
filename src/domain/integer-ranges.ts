/**
 * Integer fields with a documented range (the API's schemas state the same minimum and
 * maximum). The domain holds the range too, so a surface without those schemas (the console's
 * forms) gets the same rule, reported in the same words as the API's validation.
 */
import { DomainError, type FieldProblem } from './errors';

export interface IntegerRange {
  minimum: number;
  maximum: number;
}

function problemOf(name: string, value: number, range: IntegerRange): FieldProblem | undefined {
  const at = (msg: string) => ({ loc: ['body', name], msg, type: 'value_error', input: value });
  if (!Number.isInteger(value)) return at('must be integer');
  if (value < range.minimum) return at(`must be >= ${range.minimum}`);
  if (value > range.maximum) return at(`must be <= ${range.maximum}`);
  return undefined;
}

/**
 * Every given field within its range (an absent one is not checked).
 * Errors: validation_failed naming each field out of range.
 */
export function assertIntegersInRange(
  fields: readonly (readonly [name: string, value: number | undefined, range: IntegerRange])[],
): void {
  const problems = fields.flatMap(([name, value, range]) => {
    const problem = value === undefined ? undefined : problemOf(name, value, range);
    return problem === undefined ? [] : [problem];
  });
  if (problems.length > 0) {
    throw new DomainError('validation_failed', 'Request validation failed', {}, problems);
  }
}
