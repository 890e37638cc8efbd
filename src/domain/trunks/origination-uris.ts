/**
 * Origination URIs of a customer (vobiz-api.md 2.2): where inbound calls of its trunks are sent,
 * tried by priority (lower first) and, within a priority, shared by weight. The URI rules are
 * parseOriginationUri's (sip:/sips:, no URI headers, no maddr, no loopback or documentation
 * hosts); the transport comes from the body, else the URI's `;transport=`, else tls for sips:
 * and udp for sip:. One entry per URI and account.
 */
import type { Database, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import type { SipTransportName } from '../../db/schema';
import { ORIGINATION_URI_RANK_MAX, ORIGINATION_URIS_PER_ACCOUNT_MAX } from '../../limits';
import { DomainError, invalidField, notFound } from '../errors';
import { assertIntegersInRange, type IntegerRange } from '../integer-ranges';
import type { AccountPrincipal } from '../principals';
import type { PeerAddressScope } from './ip-acl-rules';
import { parseOriginationUri } from './sip-uris';
import {
  assertRoomForOneMore,
  lockAccountLimits,
  pageOfResources,
} from './trunk-resources.queries';
import { ownedBy, ownerSubAccountId } from '../sub-accounts/ownership';

function uriRows(db: Executor, account: AccountPrincipal) {
  return db.selectFrom('origination_uris as o')
    .innerJoin('accounts as a', 'a.id', 'o.account_id')
    .selectAll('o')
    .select('a.auth_id as account_auth_id')
    .where(ownedBy(account, 'o'));
}

export type OriginationUriRow =
  Awaited<ReturnType<ReturnType<typeof uriRows>['executeTakeFirstOrThrow']>>;

export interface OriginationUriInput {
  name?: string | undefined;
  sip_uri?: string | undefined;
  priority?: number | undefined;
  weight?: number | undefined;
  transport?: SipTransportName | undefined;
  enabled?: boolean | undefined;
  description?: string | null | undefined;
}

/** The API's range of priority and weight (its schemas state it from here). */
export const URI_RANK_RANGE: IntegerRange = { minimum: 1, maximum: ORIGINATION_URI_RANK_MAX };

/** Errors: validation_failed naming priority or weight outside URI_RANK_RANGE. */
function assertRanksInRange(input: OriginationUriInput): void {
  assertIntegersInRange([
    ['priority', input.priority, URI_RANK_RANGE], ['weight', input.weight, URI_RANK_RANGE],
  ]);
}

const defaultTransport = (scheme: 'sip' | 'sips'): SipTransportName =>
  (scheme === 'sips' ? 'tls' : 'udp');

/** The URI and transport columns, or a 422 naming the field at fault. */
export function resolveUriColumns(
  sipUri: string,
  explicit: SipTransportName | undefined,
  scope: PeerAddressScope = 'public',
) {
  const parsed = parseOriginationUri(sipUri, scope);
  if (!parsed.ok) throw invalidField(['body', 'sip_uri'], parsed.reason, sipUri);
  if (explicit !== undefined && parsed.transport !== undefined && explicit !== parsed.transport) {
    const problem = `transport contradicts the URI's transport=${parsed.transport}`;
    throw invalidField(['body', 'transport'], problem, explicit);
  }
  const transport = explicit ?? parsed.transport ?? defaultTransport(parsed.scheme);
  if (parsed.scheme === 'sips' && transport !== 'tls') {
    throw invalidField(['body', 'transport'], 'a sips: URI is reached over tls', transport);
  }
  return { uri: parsed.uri, transport };
}

/**
 * Whether a stored URI's transport is the one its URI implies (its `;transport=`, else tls for
 * sips: and udp for sip:), so that a form may leave the transport to the URI when it changes.
 */
export function isTransportImplied(row: OriginationUriRow, scope: PeerAddressScope): boolean {
  const parsed = parseOriginationUri(row.uri, scope);
  if (!parsed.ok) return false;
  return row.transport === (parsed.transport ?? defaultTransport(parsed.scheme));
}

const duplicate = () =>
  new DomainError('conflict', 'This account already has this origination URI');

/**
 * Errors: validation_failed (URI rules, URI_RANK_RANGE), conflict (same URI), forbidden
 * (ORIGINATION_URIS_PER_ACCOUNT_MAX).
 */
export async function createOriginationUri(
  db: Database,
  account: AccountPrincipal,
  input: OriginationUriInput & { name: string; sip_uri: string },
  scope: PeerAddressScope = 'public',
): Promise<OriginationUriRow> {
  assertRanksInRange(input);
  const columns = resolveUriColumns(input.sip_uri, input.transport, scope);
  try {
    const id = await db.transaction().execute(async (trx) => {
      await lockAccountLimits(trx, account.id);
      await assertRoomForOneMore(
        trx, 'origination_uris', account.id, ORIGINATION_URIS_PER_ACCOUNT_MAX, 'origination URIs',
      );
      const row = await trx.insertInto('origination_uris')
        .values({
          account_id: account.id, sub_account_id: ownerSubAccountId(account),
          name: input.name,
          ...columns,
          priority: input.priority,
          weight: input.weight,
          enabled: input.enabled,
          description: input.description ?? null,
        })
        .returning('id').executeTakeFirstOrThrow();
      return row.id;
    });
    return getOriginationUri(db, account, id);
  } catch (error) {
    if (isUniqueViolation(error, 'origination_uris_uri_unique')) throw duplicate();
    throw error;
  }
}

/** The account's origination URI with this id. Errors: not_found (also another account's). */
export async function getOriginationUri(db: Executor, account: AccountPrincipal, id: string) {
  const row = await uriRows(db, account).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Origination URI');
  return row;
}

/** Ordered as they are tried: priority, then heavier weight first, then age. */
export function listOriginationUris(
  db: Executor,
  account: AccountPrincipal,
  page: { limit: number; offset: number },
) {
  const rows = uriRows(db, account);
  return pageOfResources(
    rows.orderBy('o.priority').orderBy('o.weight', 'desc').orderBy('o.created_at').orderBy('o.id')
      .limit(page.limit).offset(page.offset),
    rows.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')),
    page.limit,
    page.offset,
  );
}

/** Changes the fields named. Errors: not_found, validation_failed, conflict. */
export async function updateOriginationUri(
  db: Executor,
  account: AccountPrincipal,
  id: string,
  input: OriginationUriInput,
  now: Date,
  scope: PeerAddressScope = 'public',
): Promise<OriginationUriRow> {
  assertRanksInRange(input);
  const current = await getOriginationUri(db, account, id);
  const columns = input.sip_uri === undefined && input.transport === undefined
    ? {}
    : resolveUriColumns(input.sip_uri ?? current.uri, input.transport, scope);
  try {
    const updated = await db.updateTable('origination_uris')
      .set({
        ...columns,
        ...withoutUndefined({
          name: input.name, priority: input.priority, weight: input.weight,
          enabled: input.enabled, description: input.description,
        }),
        updated_at: now,
      })
      .where('id', '=', id).where(ownedBy(account, 'origination_uris'))
      .returning('id').executeTakeFirst();
    if (!updated) throw notFound('Origination URI');
  } catch (error) {
    if (isUniqueViolation(error, 'origination_uris_uri_unique')) throw duplicate();
    throw error;
  }
  return getOriginationUri(db, account, id);
}

/** Trunks pointing at it lose the link (ON DELETE SET NULL). Errors: not_found. */
export async function deleteOriginationUri(db: Executor, account: AccountPrincipal, id: string) {
  const deleted = await db.deleteFrom('origination_uris')
    .where('id', '=', id).where(ownedBy(account, 'origination_uris'))
    .returning('id').executeTakeFirst();
  if (!deleted) throw notFound('Origination URI');
}

function withoutUndefined<T extends Record<string, unknown>>(record: T) {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
