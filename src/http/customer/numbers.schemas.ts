/** Number request and response shapes (vobiz-api.md 1.7, 2.1) and their wire mapping. */
import { Type } from 'typebox';
import type { NumberRow } from '../../domain/numbers/numbers.queries';
import { UUID_PATTERN } from '../../domain/ids';
import { INVENTORY_EXCLUDE_PREFIXES_MAX, NUMBERS_PAGE_SIZE_MAX } from '../../limits';
import {
  AccountAuthId, AccountOrSubAccountAuthId, MoneyNumber, Nullable, Page, PerPage, SubAccountAuthId,
  Timestamp,
} from '../schemas/common';

/** E.164 as Vobiz writes it; paths carry it URL-encoded (%2B), and a missing "+" is accepted. */
export const E164Text = Type.String({
  pattern: '^\\+?[1-9][0-9]{6,14}$', maxLength: 16, examples: ['+918071387149'],
});
export const NumberParams = Type.Object({ auth_id: AccountAuthId, e164: E164Text });
/** Routes open to sub-accounts (`config.subAccounts`): MA_ or SA_ in the path. */
export const SharedNumberParams = Type.Object({
  auth_id: AccountOrSubAccountAuthId, e164: E164Text,
});

/** Digits of an E.164 number, with or without its "+". */
const E164Search = Type.String({ pattern: '^\\+?[0-9]{1,15}$', maxLength: 16, examples: ['9180'] });

export const InventoryQuery = Type.Object({
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', examples: ['IN'] })),
  search: Type.Optional(E164Search),
  exclude: Type.Optional(Type.Array(Type.String({ maxLength: 400 }), {
    maxItems: INVENTORY_EXCLUDE_PREFIXES_MAX,
    description: 'E.164 prefixes to leave out, as a comma list and/or repeated parameter',
    examples: [['9180,9122']],
  })),
  page: Page,
  per_page: PerPage(NUMBERS_PAGE_SIZE_MAX),
});

export const NumberListQuery = Type.Object({
  page: Page,
  per_page: PerPage(NUMBERS_PAGE_SIZE_MAX),
  search: Type.Optional(E164Search),
  /** Beyond Vobiz: the parent's numbers assigned to one of its sub-accounts. */
  sub_account_id: Type.Optional(SubAccountAuthId),
});

export const PurchaseBody = Type.Object({
  e164: Type.String({
    pattern: '^\\+[1-9][0-9]{6,14}$', maxLength: 16, examples: ['+918047181234'],
  }),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', examples: ['INR'] })),
});

export const AssignBody = Type.Object({
  trunk_group_id: Type.String({ pattern: UUID_PATTERN, maxLength: 36, description: 'A trunk_id' }),
});

export const ReleaseQuery = Type.Object({
  immediate: Type.Boolean({ default: false, description: 'Return the number to inventory now' }),
});

export const InventoryNumberBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  account_id: Type.String({ description: 'The owner\'s auth id; "" while in inventory' }),
  e164: Type.String(),
  country: Type.String(),
  region: Type.String(),
  capabilities: Type.Object({
    voice: Type.Boolean(), sms: Type.Boolean(), mms: Type.Boolean(), fax: Type.Boolean(),
  }),
  status: Type.String({ examples: ['active'] }),
  provider: Type.String(),
  setup_fee: MoneyNumber,
  monthly_fee: MoneyNumber,
  currency: Type.String(),
  voice_enabled: Type.Boolean(),
  tags: Type.Array(Type.String()),
  is_blocked: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
  is_trial_number: Type.Boolean(),
  minimum_commitment_months: Type.Integer(),
  aadhaar_verification_required: Type.Boolean(),
  aadhaar_verified: Type.Boolean(),
});

export const NumberBody = Type.Object({
  ...InventoryNumberBody.properties,
  // The clients declare these optional, not nullable: an unset one is left out.
  application_id: Type.Optional(Type.String()),
  purchased_at: Timestamp,
  last_billing_date: Type.Optional(Timestamp),
  next_billing_date: Type.Optional(Timestamp),
  source: Type.String({ examples: ['inventory'] }),
  released_at: Type.Optional(Timestamp),
  trunk_group_id: Type.Optional(Type.String({ format: 'uuid' })),
  /** Beyond Vobiz: why a number is suspended (unpaid rental), and when a release completes. */
  suspension_reason: Nullable(Type.String()),
  cooldown_ends_at: Nullable(Timestamp),
  /** The sub-account (SA_) the number is assigned to; null: the owner's own pool. */
  sub_account_id: Nullable(Type.String()),
});

const pageFields = {
  page: Type.Integer(),
  per_page: Type.Integer(),
  total: Type.Integer(),
};
export const InventoryPageBody = Type.Object({
  items: Type.Array(InventoryNumberBody), ...pageFields,
});
export const NumberPageBody = Type.Object({ items: Type.Array(NumberBody), ...pageFields });

export const PurchaseResultBody = Type.Object({
  message: Type.String(),
  number: NumberBody,
  items: Type.Array(NumberBody),
});

export const ReleaseResultBody = Type.Object({
  status: Type.String({ examples: ['pending_release'] }),
  message: Type.String(),
  note: Type.Optional(Type.String()),
  release_fee: MoneyNumber,
  cooldown_ends_at: Type.String({ description: '"" when released at once' }),
  cancel_url: Type.String({ description: '"" when released at once' }),
});

export const CancelReleaseBody = Type.Object({
  message: Type.String(),
  status: Type.Literal('active'),
  currency: Type.String(),
  refund_amount: MoneyNumber,
  refund_status: Type.Union([Type.Literal('success'), Type.Literal('failed')]),
  refund_error: Type.Optional(Type.String({ description: 'Present when the refund failed' })),
});

export const AssignResultBody = Type.Object({ message: Type.String(), number: NumberBody });

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toWireInventoryNumber(row: NumberRow) {
  return {
    id: row.id,
    account_id: row.account_auth_id ?? '',
    e164: row.e164,
    country: row.country,
    region: row.region,
    capabilities: { voice: row.can_voice, sms: row.can_sms, mms: row.can_mms, fax: row.can_fax },
    status: row.status,
    provider: row.provider ?? '',
    setup_fee: row.setup_fee,
    monthly_fee: row.monthly_fee,
    currency: row.currency,
    voice_enabled: row.can_voice,
    tags: row.tags,
    is_blocked: row.is_blocked,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    is_trial_number: false,
    minimum_commitment_months: 0,
    aadhaar_verification_required: false,
    aadhaar_verified: false,
  };
}

export function toWireNumber(row: NumberRow) {
  return {
    ...toWireInventoryNumber(row),
    // A listed number is owned, so it was bought; created_at stands in only for a bug.
    purchased_at: (row.purchased_at ?? row.created_at).toISOString(),
    last_billing_date: row.last_billing_date?.toISOString(),
    next_billing_date: row.next_billing_date?.toISOString(),
    source: 'inventory',
    released_at: row.released_at?.toISOString(),
    trunk_group_id: row.trunk_id ?? undefined,
    suspension_reason: row.suspension_reason,
    cooldown_ends_at: iso(row.release_after),
    sub_account_id: row.sub_account_auth_id,
  };
}

/** Paths may carry the number without its "+" (or with it URL-encoded as %2B). */
export function e164FromPath(text: string): string {
  return text.startsWith('+') ? text : `+${text}`;
}
