/**
 * Shared schema primitives. Every string has a maxLength, every number a range, so validation
 * bounds the work a request can cause. Names follow Vobiz's wire vocabulary.
 */
import { Type, type TSchema } from 'typebox';
import {
  PAGE_NUMBER_MAX,
  PAGE_SIZE_DEFAULT,
} from '../../limits';
import {
  ACCOUNT_AUTH_ID_PATTERN,
  PARTNER_AUTH_ID_PATTERN,
  SUB_ACCOUNT_AUTH_ID_PATTERN,
} from '../../domain/ids';
import { EXACT_DECIMAL_KEYWORD } from '../plugins/json-body';
import { EXACT_NUMBER_KEYWORD } from '../plugins/exact-numbers';

export const PartnerAuthId = Type.String({
  pattern: PARTNER_AUTH_ID_PATTERN, maxLength: 11, description: 'Partner auth id', examples: ['PA_7K2M9Q1Z'],
});
export const AccountAuthId = Type.String({
  pattern: ACCOUNT_AUTH_ID_PATTERN, maxLength: 11, description: 'Customer auth id', examples: ['MA_E31MAU98'],
});

export const SubAccountAuthId = Type.String({
  pattern: SUB_ACCOUNT_AUTH_ID_PATTERN, maxLength: 11, description: 'Sub-account auth id',
  examples: ['SA_67401KW8'],
});
/** Customer API routes that sub-accounts may use take either kind of auth id in the path. */
export const AccountOrSubAccountAuthId = Type.String({
  pattern: '^(MA|SA)_[A-Z0-9]{8}$', maxLength: 11,
  description: 'Customer or sub-account auth id (the credentials\' own)', examples: ['MA_E31MAU98'],
});

/** Every Customer API route is under /api/v1/Account/{auth_id}. */
export const CustomerPathParams = Type.Object({ auth_id: AccountAuthId });
/** Customer API routes open to sub-accounts (`config.subAccounts`): MA_ or SA_ in the path. */
export const SharedCustomerPathParams = Type.Object({ auth_id: AccountOrSubAccountAuthId });

/**
 * An amount in a request. The JSON parser keeps a non-integer number in a field marked
 * `x-exact-decimal` as its exact source text, so an amount arrives as an integer or a decimal
 * string; both are exact.
 */
export const MoneyInput = Type.Union([
  Type.Integer({ minimum: -1e15, maximum: 1e15 }),
  Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$', maxLength: 32 }),
], {
  description: 'Amount as a JSON number (kept exact) or decimal string',
  examples: [500.0],
  [EXACT_DECIMAL_KEYWORD]: true,
});

/** Wallet balances: a string with 5 decimals, as Vobiz shows them. */
export const BalanceText = Type.String({ examples: ['23906.83000'] });
/**
 * Amounts Vobiz returns as JSON numbers. Handlers pass exact decimal text; the serializer
 * writes that text as the number, never through a float (plugins/exact-numbers.ts).
 */
export const MoneyNumber = Type.Unsafe<string>({
  type: 'number', examples: [500.0], [EXACT_NUMBER_KEYWORD]: true,
});

export const IsoDate = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$', format: 'date', maxLength: 10,
  examples: ['2026-03-25'],
});
export const Timestamp = Type.String({ format: 'date-time' });

export const Page = Type.Integer({ minimum: 1, maximum: PAGE_NUMBER_MAX, default: 1 });
export function PerPage(maximum: number) {
  return Type.Integer({ minimum: 1, maximum, default: PAGE_SIZE_DEFAULT });
}

export const SearchText = Type.String({ minLength: 1, maxLength: 100 });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/**
 * Error bodies. Vobiz's partner API answers {error, message, status_code}; some errors carry
 * more (insufficient_balance has current_balance); validation adds details.
 */
export const ErrorBody = Type.Object({
  error: Type.String({ examples: ['HTTPError'] }),
  message: Type.String(),
  status_code: Type.Optional(Type.Integer()),
  details: Type.Optional(Type.Array(Type.Object({}, { additionalProperties: true }))),
}, {
  additionalProperties: true,
  examples: [{ error: 'HTTPError', message: 'Account not found', status_code: 404 }],
});

/** Response schema entries for the error statuses a route can send. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBody]));
}

/**
 * A property the server fills in when absent (its schema carries a `default`): optional on the
 * wire, so generated clients do not force it, yet always present to the handler, since
 * validation inserts the default before the handler runs.
 */
export function Defaulted<T extends TSchema>(schema: T): T {
  return Type.Optional(schema) as unknown as T;
}
