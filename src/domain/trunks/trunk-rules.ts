/**
 * What a trunk request means (vobiz-api.md 2.2), as pure functions: the two create contracts
 * merged into one set of columns and Vobiz's defaults. webhook_url goes through the URL guard in
 * trunks.ts (it resolves names, so it is not pure).
 *
 * Newest contract: only `name` is required, direction in `trunk_direction` (inbound|outbound),
 * limit in `concurrent_calls_limit`. Older contract: `trunk_type` (INBOUND|OUTBOUND) and
 * `max_concurrent_calls`. Both are accepted, also mixed; the same fact given twice with two
 * different values is a 422 rather than a guess.
 */
import type { Updateable } from 'kysely';
import type { TrunksTable } from '../../db/schema';
import { CAPACITY_SLOTS_MAX, TRUNK_CONCURRENT_CALLS_LIMIT_MAX } from '../../limits';
import { invalidField } from '../errors';
import { assertIntegersInRange, type IntegerRange } from '../integer-ranges';

/** Vobiz's documented defaults; transport udp, secure false and the rest are column defaults. */
export const TRUNK_DEFAULTS = { cps_limit: 2, concurrent_calls_limit: 10 } as const;

const concurrentCalls: IntegerRange = { minimum: 1, maximum: TRUNK_CONCURRENT_CALLS_LIMIT_MAX };

/** The API's ranges of a trunk's limits (its schemas state them from here). */
export const TRUNK_LIMIT_RANGES = {
  concurrent_calls_limit: concurrentCalls,
  max_concurrent_calls: concurrentCalls,
  cps_limit: { minimum: 1, maximum: CAPACITY_SLOTS_MAX },
} as const satisfies Record<string, IntegerRange>;

export interface TrunkInput {
  name?: string | undefined;
  trunk_direction?: 'inbound' | 'outbound' | undefined;
  trunk_type?: string | undefined;
  trunk_status?: 'enabled' | 'disabled' | undefined;
  secure?: boolean | undefined;
  transport?: 'udp' | 'tcp' | 'tls' | undefined;
  inbound_destination?: string | null | undefined;
  description?: string | null | undefined;
  concurrent_calls_limit?: number | undefined;
  max_concurrent_calls?: number | undefined;
  cps_limit?: number | undefined;
  credential_uuid?: string | null | undefined;
  ipacl_uuid?: string | null | undefined;
  primary_uri_uuid?: string | null | undefined;
  fallback_uri_uuid?: string | null | undefined;
  recording?: boolean | undefined;
  enable_transcription?: boolean | undefined;
  pii_redaction?: boolean | undefined;
  /** A list, or Vobiz's comma-separated text. */
  pii_entity_types?: string[] | string | undefined;
  webhook_url?: string | null | undefined;
  webhook_method?: 'POST' | 'GET' | undefined;
  recording_webhook_enabled?: boolean | undefined;
}

export interface TrunkChanges {
  /** Only the columns the request sets. */
  columns: Omit<Updateable<TrunksTable>, 'id' | 'account_id' | 'trunk_domain'>;
}

/**
 * Maps a create or update body to trunk columns; absent fields stay absent (an update changes
 * only what it names; null clears an optional link). Errors: validation_failed (also a limit
 * outside TRUNK_LIMIT_RANGES).
 */
export function resolveTrunkChanges(input: TrunkInput): TrunkChanges {
  const ranges = TRUNK_LIMIT_RANGES;
  assertIntegersInRange([
    ['concurrent_calls_limit', input.concurrent_calls_limit, ranges.concurrent_calls_limit],
    ['max_concurrent_calls', input.max_concurrent_calls, ranges.max_concurrent_calls],
    ['cps_limit', input.cps_limit, ranges.cps_limit],
  ]);
  const direction = pickSame(
    ['trunk_direction', input.trunk_direction],
    ['trunk_type', input.trunk_type?.toLowerCase() as TrunkInput['trunk_direction']],
  );
  const concurrent = pickSame(
    ['concurrent_calls_limit', input.concurrent_calls_limit],
    ['max_concurrent_calls', input.max_concurrent_calls],
  );
  const columns = withoutUndefined({
    name: input.name,
    trunk_direction: direction,
    trunk_status: input.trunk_status,
    secure: input.secure,
    transport: input.transport,
    inbound_destination: input.inbound_destination,
    description: input.description,
    concurrent_calls_limit: concurrent,
    cps_limit: input.cps_limit,
    credential_id: input.credential_uuid,
    ip_acl_id: input.ipacl_uuid,
    primary_uri_id: input.primary_uri_uuid,
    fallback_uri_id: input.fallback_uri_uuid,
    recording: input.recording,
    enable_transcription: input.enable_transcription,
    pii_redaction: input.pii_redaction,
    pii_entity_types: typeof input.pii_entity_types === 'string'
      ? parseEntityTypes(input.pii_entity_types)
      : input.pii_entity_types,
    webhook_url: input.webhook_url === '' ? null : input.webhook_url,
    webhook_method: input.webhook_method,
    recording_webhook_enabled: input.recording_webhook_enabled,
  });
  return { columns };
}

/** "PHONE_NUMBER, EMAIL" as ['PHONE_NUMBER', 'EMAIL']. */
function parseEntityTypes(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/** One fact given under two names: its value, or a 422 when the two names disagree. */
function pickSame<T>(
  [newName, newValue]: [string, T | undefined],
  [oldName, oldValue]: [string, T | undefined],
): T | undefined {
  if (newValue !== undefined && oldValue !== undefined && newValue !== oldValue) {
    throw invalidField(['body', oldName], `${oldName} contradicts ${newName}`, oldValue);
  }
  return newValue ?? oldValue;
}

function withoutUndefined<T extends Record<string, unknown>>(record: T) {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
