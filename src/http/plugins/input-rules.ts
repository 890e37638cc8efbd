/**
 * Rules every request string and date obeys, whatever route declares it, so a new route cannot
 * forget them: no control characters (PostgreSQL refuses NUL in text, and a CR/LF smuggled into
 * a name or URL ends up in headers, logs and CSV files), and dates inside INPUT_DATE_MIN..MAX
 * (outside it, date arithmetic leaves what PostgreSQL or Date can represent).
 *
 * They are two Ajv keywords that the validator compiler adds to every string subschema of a
 * route's copy of its schema; the route's own schema object (and so the OpenAPI document) is
 * left as written.
 */
import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import { INPUT_DATE_MAX, INPUT_DATE_MIN } from '../../limits';

export const PLAIN_TEXT_KEYWORD = 'plainText';
export const DATE_RANGE_KEYWORD = 'dateRange';

/** C0 controls except tab, line feed and carriage return (free text keeps lines), and DEL. */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** True when `text` has no character the API refuses in any string. */
export function isPlainText(text: string): boolean {
  return !CONTROL_CHARACTER.test(text);
}

/** Both date formats start with the 4-digit year's day (`YYYY-MM-DD`), which sorts as text. */
function isDateInRange(text: string): boolean {
  const day = text.slice(0, 10);
  return day >= INPUT_DATE_MIN && day <= INPUT_DATE_MAX;
}

function keywordError(keyword: string, message: string): Partial<ErrorObject> {
  return { keyword, message, params: {} };
}

export function addInputKeywords(ajv: Ajv): void {
  const plainText = (_schema: unknown, data: string): boolean => {
    if (isPlainText(data)) return true;
    plainText.errors = [keywordError('control_characters', 'must not contain control characters')];
    return false;
  };
  plainText.errors = [] as Partial<ErrorObject>[];
  ajv.addKeyword({
    keyword: PLAIN_TEXT_KEYWORD, type: 'string', errors: true, validate: plainText,
  });
  const dateRange = (_schema: unknown, data: string): boolean => {
    if (isDateInRange(data)) return true;
    dateRange.errors = [keywordError('date_range',
      `must be a date from ${INPUT_DATE_MIN} to ${INPUT_DATE_MAX}`)];
    return false;
  };
  dateRange.errors = [] as Partial<ErrorObject>[];
  ajv.addKeyword({
    keyword: DATE_RANGE_KEYWORD, type: 'string', errors: true, validate: dateRange,
  });
}

type SchemaNode = Record<string, unknown>;

const SUBSCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];
const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains'];

function isNode(value: unknown): value is SchemaNode {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isStringSchema(node: SchemaNode): boolean {
  return node.type === 'string' || (Array.isArray(node.type) && node.type.includes('string'));
}

/**
 * A copy of `schema` whose every string subschema carries the plain-text keyword, and whose
 * date and date-time strings also carry the range keyword. Symbol keys (TypeBox's) are dropped:
 * Ajv never reads them.
 */
export function withInputRules(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withInputRules);
  if (!isNode(schema)) return schema;
  const copy: SchemaNode = { ...schema };
  for (const key of SUBSCHEMA_LISTS) {
    if (Array.isArray(copy[key])) copy[key] = (copy[key] as unknown[]).map(withInputRules);
  }
  for (const key of SUBSCHEMA_MAPS) {
    const map = copy[key];
    if (isNode(map)) {
      copy[key] = Object.fromEntries(
        Object.entries(map).map(([name, sub]) => [name, withInputRules(sub)]));
    }
  }
  for (const key of SUBSCHEMAS) {
    if (copy[key] !== undefined) copy[key] = withInputRules(copy[key]);
  }
  if (isStringSchema(copy)) {
    copy[PLAIN_TEXT_KEYWORD] = true;
    if (copy.format === 'date' || copy.format === 'date-time') copy[DATE_RANGE_KEYWORD] = true;
  }
  return copy;
}
