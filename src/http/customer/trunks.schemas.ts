/**
 * SIP trunk request and response shapes (vobiz-api.md 2.2, a copy of Plivo Zentrunk), both
 * create contracts, and the `{meta{limit, offset, total}, objects}` list every trunk resource
 * uses.
 */
import { Type, type TSchema } from 'typebox';
import { UUID_PATTERN } from '../../domain/ids';
import type { IntegerRange } from '../../domain/integer-ranges';
import { TRUNK_LIMIT_RANGES } from '../../domain/trunks/trunk-rules';
import type { TrunkRow } from '../../domain/trunks/trunks';
import type { ResourcePage } from '../../domain/trunks/trunk-resources.queries';
import {
  DESCRIPTION_LENGTH_MAX,
  NAME_LENGTH_MAX,
  TRUNK_LIST_LIMIT_DEFAULT,
  TRUNK_LIST_LIMIT_MAX,
  TRUNK_LIST_OFFSET_MAX,
} from '../../limits';
import { AccountOrSubAccountAuthId, Nullable, Timestamp } from '../schemas/common';

export const ResourceId = Type.String({ pattern: UUID_PATTERN, maxLength: 36 });

export const ListQuery = Type.Object({
  limit: Type.Integer({
    minimum: 1, maximum: TRUNK_LIST_LIMIT_MAX, default: TRUNK_LIST_LIMIT_DEFAULT,
  }),
  offset: Type.Integer({ minimum: 0, maximum: TRUNK_LIST_OFFSET_MAX, default: 0 }),
});

export function listBody<T extends TSchema>(item: T) {
  return Type.Object({
    meta: Type.Object({ limit: Type.Integer(), offset: Type.Integer(), total: Type.Integer() }),
    objects: Type.Array(item),
  });
}

export function toWireList<R, W>(page: ResourcePage<R>, toWire: (row: R) => W) {
  return {
    meta: { limit: page.limit, offset: page.offset, total: page.total },
    objects: page.rows.map(toWire),
  };
}

/** 204 answers: no body. */
export const NoContent = Type.Null({ description: 'Deleted' });

export const SipTransport = Type.Union(
  [Type.Literal('udp'), Type.Literal('tcp'), Type.Literal('tls')],
);

export const TrunkParams = Type.Object({
  auth_id: AccountOrSubAccountAuthId, trunk_id: ResourceId,
});

const Limit = (range: IntegerRange) => Type.Integer({ ...range });
const Reference = Type.Optional(Nullable(ResourceId));
const OptionalText = (maxLength: number) => Type.Optional(Nullable(Type.String({ maxLength })));

const trunkFields = {
  trunk_direction: Type.Optional(Type.Union([Type.Literal('inbound'), Type.Literal('outbound')])),
  trunk_type: Type.Optional(Type.Union(['INBOUND', 'OUTBOUND', 'inbound', 'outbound']
    .map((value) => Type.Literal(value)), { description: 'Older contract: the direction' })),
  trunk_status: Type.Optional(Type.Union([Type.Literal('enabled'), Type.Literal('disabled')])),
  secure: Type.Optional(Type.Boolean()),
  transport: Type.Optional(SipTransport),
  inbound_destination: OptionalText(NAME_LENGTH_MAX),
  description: OptionalText(DESCRIPTION_LENGTH_MAX),
  concurrent_calls_limit: Type.Optional(Limit(TRUNK_LIMIT_RANGES.concurrent_calls_limit)),
  max_concurrent_calls: Type.Optional(Limit(TRUNK_LIMIT_RANGES.max_concurrent_calls)),
  cps_limit: Type.Optional(Limit(TRUNK_LIMIT_RANGES.cps_limit)),
  credential_uuid: Reference,
  ipacl_uuid: Reference,
  primary_uri_uuid: Reference,
  fallback_uri_uuid: Reference,
  recording: Type.Optional(Type.Boolean()),
  enable_transcription: Type.Optional(Type.Boolean()),
  pii_redaction: Type.Optional(Type.Boolean()),
  pii_entity_types: Type.Optional(Type.Union([
    Type.String({ maxLength: 2048, description: 'Comma-separated, as Vobiz sends it' }),
    Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 32 }),
  ])),
  webhook_url: OptionalText(2048),
  webhook_method: Type.Optional(Type.Union([Type.Literal('POST'), Type.Literal('GET')])),
  recording_webhook_enabled: Type.Optional(Type.Boolean()),
};

const TrunkName = Type.String({
  minLength: 1, maxLength: NAME_LENGTH_MAX, examples: ['My SIP Trunk'],
});

export const CreateTrunkBody = Type.Object({ name: TrunkName, ...trunkFields });
export const UpdateTrunkBody = Type.Object(
  { name: Type.Optional(TrunkName), ...trunkFields },
  { minProperties: 1 },
);

export const TrunkBody = Type.Object({
  trunk_id: Type.String({ format: 'uuid' }),
  account_id: Type.String(),
  auth_id: Type.String(),
  name: Type.String(),
  trunk_domain: Type.String({ examples: ['aabbccdd-1234-5678-90ab-cdef12345678.sip.localhost'] }),
  trunk_direction: Type.String(),
  trunk_type: Type.String({ examples: ['OUTBOUND'] }),
  trunk_status: Type.String(),
  secure: Type.Boolean(),
  transport: Type.String(),
  // Vobiz's list items declare these optional strings: an unset one is left out.
  inbound_destination: Type.Optional(Type.String()),
  description: Type.String(),
  concurrent_calls_limit: Type.Integer(),
  max_concurrent_calls: Type.Integer(),
  cps_limit: Type.Integer(),
  credential_uuid: Type.Optional(Type.String()),
  ipacl_uuid: Nullable(Type.String()),
  primary_uri_uuid: Type.Optional(Type.String()),
  fallback_uri_uuid: Nullable(Type.String()),
  recording: Type.Boolean(),
  enable_transcription: Type.Boolean(),
  pii_redaction: Type.Boolean(),
  pii_entity_types: Type.String({
    examples: ['PHONE_NUMBER,EMAIL'], description: 'Comma-separated',
  }),
  webhook_url: Type.Optional(Type.String()),
  webhook_method: Type.String(),
  recording_webhook_enabled: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const TrunkListBody = listBody(TrunkBody);

export function toWireTrunk(row: TrunkRow) {
  return {
    trunk_id: row.id,
    account_id: row.account_auth_id,
    auth_id: row.account_auth_id,
    name: row.name,
    trunk_domain: row.trunk_domain,
    trunk_direction: row.trunk_direction,
    trunk_type: row.trunk_direction.toUpperCase(),
    trunk_status: row.trunk_status,
    secure: row.secure,
    transport: row.transport,
    inbound_destination: row.inbound_destination ?? undefined,
    description: row.description ?? '',
    concurrent_calls_limit: row.concurrent_calls_limit,
    max_concurrent_calls: row.concurrent_calls_limit,
    cps_limit: row.cps_limit,
    credential_uuid: row.credential_id ?? undefined,
    ipacl_uuid: row.ip_acl_id,
    primary_uri_uuid: row.primary_uri_id ?? undefined,
    fallback_uri_uuid: row.fallback_uri_id,
    recording: row.recording,
    enable_transcription: row.enable_transcription,
    pii_redaction: row.pii_redaction,
    pii_entity_types: row.pii_entity_types.join(','),
    webhook_url: row.webhook_url ?? undefined,
    webhook_method: row.webhook_method,
    recording_webhook_enabled: row.recording_webhook_enabled,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}
