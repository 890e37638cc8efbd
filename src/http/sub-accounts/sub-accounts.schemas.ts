/** Sub-account request and response shapes (vobiz-sdk-surface.md 2) and their wire mapping. */
import { Type } from 'typebox';
import { isKycCallsBlocked } from '../../domain/sub-accounts/call-admission';
import type { SubAccountRow } from '../../domain/sub-accounts/sub-accounts.queries';
import {
  EMAIL_LENGTH_MAX,
  NAME_LENGTH_MAX,
  PASSWORD_LENGTH_MAX,
  SUB_ACCOUNTS_PAGE_SIZE_MAX,
} from '../../limits';
import { AccountAuthId, Nullable, Page, PerPage, SubAccountAuthId } from '../schemas/common';

export const KycModeSchema = Type.Union([Type.Literal('personal_use'), Type.Literal('customer_use')], {
  description: 'personal_use inherits the parent\'s KYC; customer_use needs its own',
});
export const BusinessTypeSchema = Type.Union([
  'individual', 'proprietorship', 'private_limited', 'llp', 'partnership', 'public_limited',
  'trust', 'society', 'huf', 'government',
].map((value) => Type.Literal(value)), { description: 'Decides which KYC documents are needed' });

const Name = Type.String({ minLength: 1, maxLength: NAME_LENGTH_MAX, examples: ['Support team'] });

export const CreateSubAccountBody = Type.Object({
  name: Name,
  email: Type.Optional(Type.String({ minLength: 3, maxLength: EMAIL_LENGTH_MAX, format: 'email' })),
  password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_LENGTH_MAX })),
  kyc_mode: Type.Optional(KycModeSchema),
  business_type: Type.Optional(BusinessTypeSchema),
  enabled: Type.Optional(Type.Boolean()),
});

export const UpdateSubAccountBody = Type.Object({
  name: Type.Optional(Name),
  enabled: Type.Optional(Type.Boolean()),
  kyc_mode: Type.Optional(KycModeSchema),
});

export const ParentParams = Type.Object({ auth_id: AccountAuthId });
export const SubAccountParams = Type.Object({ auth_id: AccountAuthId, sub_auth_id: SubAccountAuthId });
export const ListSubAccountsQuery = Type.Object({
  page: Page,
  size: Type.Optional(PerPage(SUB_ACCOUNTS_PAGE_SIZE_MAX)),
  per_page: Type.Optional(PerPage(SUB_ACCOUNTS_PAGE_SIZE_MAX)),
});

const Permissions = Type.Object({ cdr: Type.Boolean(), calls: Type.Boolean() });

const subAccountFields = {
  name: Type.String(),
  id: Type.String({ examples: ['900000'] }),
  parent_account_id: Type.String(),
  parent_auth_id: Type.String(),
  auth_id: Type.String({ examples: ['SA_67401KW8'] }),
  auth_token: Type.String({ description: 'The real token only in the create answer; masked after' }),
  api_id: Type.String(),
  created: Type.String(),
  modified: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  account: Type.String({ description: 'The parent account\'s resource URI' }),
  resource_uri: Type.String(),
  rate_limit: Type.Integer({ description: 'Requests per minute per credential (0: unlimited)' }),
  email_verified: Type.Boolean(),
  enabled: Type.Boolean(),
  is_active: Type.Boolean(),
  email: Nullable(Type.String()),
  phone: Type.Null(),
  description: Type.Null(),
  permissions: Permissions,
  last_used: Type.Null({ description: 'Not tracked' }),
  kyc_mode: KycModeSchema,
  business_type: Nullable(Type.String()),
  kyc_status: Type.String({ examples: ['not_started'] }),
  kyc_calls_blocked: Type.Boolean(),
};

export const SubAccountBody = Type.Object(subAccountFields);

export const ListSubAccountsBody = Type.Object({
  sub_accounts: Type.Array(SubAccountBody),
  total: Type.Integer(),
  page: Type.Integer(),
  size: Type.Integer(),
});

export const CreatedSubAccountBody = Type.Object({
  message: Type.String(),
  sub_account: SubAccountBody,
  auth_credentials: Type.Object({ auth_id: Type.String(), auth_token: Type.String() }),
  tokens: Type.Object({
    access_token: Type.String(),
    refresh_token: Type.String(),
    token_type: Type.String(),
    expires_in: Type.Integer({ description: '0: the token does not expire' }),
  }),
});

export const DeletedSubAccountBody = Type.Object({ message: Type.String() });

/** Shown instead of the token after creation: it is stored only as a digest. */
export const MASKED_TOKEN = '********';

export function toWireSubAccount(row: SubAccountRow, rateLimit: number, authToken = MASKED_TOKEN) {
  const blocked = isKycCallsBlocked(row);
  const resourceUri = `/api/v1/accounts/${row.parent_auth_id}/sub-accounts/${row.auth_id}`;
  return {
    name: row.name,
    id: row.id,
    parent_account_id: row.account_id,
    parent_auth_id: row.parent_auth_id,
    auth_id: row.auth_id,
    auth_token: authToken,
    api_id: row.api_id,
    created: row.created_at.toISOString(),
    modified: row.updated_at.toISOString(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    account: `/api/v1/Account/${row.parent_auth_id}/`,
    resource_uri: resourceUri,
    rate_limit: rateLimit,
    email_verified: false,
    enabled: row.is_enabled,
    is_active: row.is_enabled,
    email: row.email,
    phone: null,
    description: null,
    permissions: { cdr: true, calls: !blocked },
    last_used: null,
    kyc_mode: row.kyc_mode,
    business_type: row.business_type,
    kyc_status: row.kyc_status,
    kyc_calls_blocked: blocked,
  };
}
