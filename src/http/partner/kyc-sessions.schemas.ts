/** KYC session request and response shapes (vobiz-api.md 1.9) and their wire mapping. */
import { Type } from 'typebox';
import { maskEmail } from '../../domain/kyc/identifiers';
import type { KycSessionRow } from '../../domain/kyc/kyc-sessions.queries';
import { KYC_SESSION_STATUSES } from '../../domain/kyc/session-states';
import { OUTBOUND_URL_LENGTH_MAX } from '../../domain/net/url-guard';
import {
  EMAIL_LENGTH_MAX,
  KYC_EXPIRES_IN_DAYS_DEFAULT,
  KYC_EXPIRES_IN_DAYS_MAX,
  KYC_METADATA_KEYS_MAX,
  KYC_REMINDERS_PER_SESSION_MAX,
  KYC_REVOKE_REASON_LENGTH_MAX,
  KYC_SESSIONS_PAGE_SIZE_MAX,
} from '../../limits';
import { AccountAuthId, Defaulted, Nullable, Page, PerPage, Timestamp } from '../schemas/common';

const Url = Type.String({ minLength: 1, maxLength: OUTBOUND_URL_LENGTH_MAX });
/** Any JSON object. A record (patternProperties), not an object schema, so Ajv keeps its keys. */
const JsonObject = Type.Record(Type.String(), Type.Unknown());

export const KycSessionStatus = Type.Enum(KYC_SESSION_STATUSES, {
  description: 'email_sent | link_ready -> opened -> in_progress -> kyc_completed; ' +
    'kyc_failed, revoked and expired are terminal too',
});

const ReminderRule = Type.Object({
  trigger: Type.Literal('days_before_expiry'),
  value: Type.Integer({
    minimum: 1, maximum: KYC_EXPIRES_IN_DAYS_MAX - 1, description: 'days before expires_at',
  }),
});

export const CreateKycSessionBody = Type.Object({
  account_auth_id: AccountAuthId,
  flow_type: Defaulted(Type.Union(
    [Type.Literal('email'), Type.Literal('redirect')], { default: 'email' },
  )),
  customer_email: Type.Optional(Type.String({
    minLength: 3, maxLength: EMAIL_LENGTH_MAX,
    description: 'Required for the email flow; ignored for redirect',
    examples: ['customer@example.com'],
  })),
  redirect_url: Type.Optional(Type.String({
    ...Url,
    description: 'Required for the redirect flow',
    examples: ['https://yourapp.com/kyc-complete'],
  })),
  webhook_url: Type.Optional(Type.String({
    ...Url, examples: ['https://yourapp.com/kyc-webhook'],
  })),
  expires_in_days: Defaulted(Type.Integer({
    minimum: 1, maximum: KYC_EXPIRES_IN_DAYS_MAX, default: KYC_EXPIRES_IN_DAYS_DEFAULT,
  })),
  reminder_schedule: Defaulted(Type.Array(ReminderRule, {
    maxItems: KYC_REMINDERS_PER_SESSION_MAX, default: [],
    description: 'Email flow: one reminder e-mail per entry, `value` days before expiry',
  })),
  metadata: Type.Optional(Type.Record(Type.String(), Type.Unknown(), {
    maxProperties: KYC_METADATA_KEYS_MAX, description: 'Echoed on GET and in webhooks',
  })),
});

export const CreatedKycSessionBody = Type.Object({
  session_id: Type.String({ format: 'uuid' }),
  account_auth_id: Type.String(),
  customer_email: Nullable(Type.String()),
  email_dispatched_to: Nullable(Type.String({ examples: ['c***@example.com'] })),
  kyc_type: Type.Null(),
  status: KycSessionStatus,
  expires_at: Timestamp,
  widget_url: Nullable(Type.String()),
  kyc_link: Type.Null(),
  metadata: Nullable(JsonObject),
  message: Type.String(),
});

export const KycSessionBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  account_auth_id: Type.String(),
  flow_type: Type.String({ examples: ['email'] }),
  customer_email: Nullable(Type.String()),
  kyc_type: Nullable(Type.String({ examples: ['individual'] })),
  status: KycSessionStatus,
  expires_at: Timestamp,
  first_opened_at: Nullable(Timestamp),
  completed_at: Nullable(Timestamp),
  webhook_url: Nullable(Type.String()),
  redirect_url: Nullable(Type.String()),
  reminder_schedule: Type.Array(Type.Object({ trigger: Type.String(), value: Type.Integer() })),
  metadata: Nullable(JsonObject),
  verified_data: Nullable(JsonObject),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const ListKycSessionsQuery = Type.Object({
  page: Page,
  size: PerPage(KYC_SESSIONS_PAGE_SIZE_MAX),
  status: Type.Optional(KycSessionStatus),
  account_auth_id: Type.Optional(AccountAuthId),
});

export const ListKycSessionsBody = Type.Object({
  sessions: Type.Array(KycSessionBody),
  total: Type.Integer(),
  page: Type.Integer(),
  size: Type.Integer(),
});

export const KycSessionParams = Type.Object({ sid: Type.String({ minLength: 1, maxLength: 64 }) });

export const ResentBody = Type.Object({
  message: Type.String({ examples: ['KYC email resent successfully'] }),
  session_id: Type.String(),
  email_dispatched_to: Type.String(),
});

export const RevokeKycSessionBody = Nullable(Type.Object({
  reason: Type.Optional(Type.String({ maxLength: KYC_REVOKE_REASON_LENGTH_MAX })),
}));

export const RevokedBody = Type.Object({
  message: Type.String({ examples: ['Session revoked'] }),
  session_id: Type.String(),
});

export function toWireKycSession(row: KycSessionRow) {
  return {
    id: row.id,
    account_auth_id: row.account_auth_id,
    flow_type: row.flow_type,
    customer_email: row.customer_email,
    kyc_type: row.kyc_type,
    status: row.status,
    expires_at: row.expires_at.toISOString(),
    first_opened_at: row.first_opened_at?.toISOString() ?? null,
    completed_at: row.completed_at?.toISOString() ?? null,
    webhook_url: row.webhook_url,
    redirect_url: row.redirect_url,
    reminder_schedule: row.reminder_schedule,
    metadata: row.metadata,
    verified_data: row.verified_data,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toWireCreatedKycSession(row: KycSessionRow, widgetUrl: string | null) {
  const email = row.flow_type === 'email';
  return {
    session_id: row.id,
    account_auth_id: row.account_auth_id,
    customer_email: row.customer_email,
    email_dispatched_to: email && row.customer_email ? maskEmail(row.customer_email) : null,
    kyc_type: null,
    status: row.status,
    expires_at: row.expires_at.toISOString(),
    widget_url: widgetUrl,
    kyc_link: null,
    metadata: row.metadata,
    message: email
      ? 'KYC email dispatched successfully'
      : 'KYC session created - redirect your customer to widget_url to begin.',
  };
}
