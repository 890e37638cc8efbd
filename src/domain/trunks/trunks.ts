/**
 * SIP trunks of a customer (vobiz-api.md 2.2). Every query is scoped by the account, so another
 * tenant's trunk is not found. A trunk's cps_limit and concurrent_calls_limit are stored as
 * given: Vobiz enforces the account's limits (base plus purchased), where calls are admitted,
 * so a trunk asking for more than its account holds is not an error.
 */
import { sql } from 'kysely';
import type { Database, Executor } from '../../db/database';
import type { TrunksTable } from '../../db/schema';
import { TRUNKS_PER_ACCOUNT_MAX } from '../../limits';
import { invalidField, notFound } from '../errors';
import { newTrunkId } from '../ids';
import { assertStorableUrl, type UrlPolicy } from '../net/url-fields';
import type { AccountPrincipal } from '../principals';
import {
  assertRoomForOneMore,
  lockAccountLimits,
  pageOfResources,
  violatedForeignKey,
} from './trunk-resources.queries';
import { ownedBy, ownerSubAccountId } from '../sub-accounts/ownership';
import {
  resolveTrunkChanges,
  TRUNK_DEFAULTS,
  type TrunkInput,
} from './trunk-rules';

function trunkRows(db: Executor, account: AccountPrincipal) {
  return db.selectFrom('trunks as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .selectAll('t')
    .select('a.auth_id as account_auth_id')
    .where(ownedBy(account, 't'));
}

export type TrunkRow = Awaited<ReturnType<ReturnType<typeof trunkRows>['executeTakeFirstOrThrow']>>;

/** Which body field names each reference, for 422s when it is not this account's. */
const REFERENCE_FIELDS: Record<string, string> = {
  trunks_credential_fk: 'credential_uuid',
  trunks_ip_acl_fk: 'ipacl_uuid',
  trunks_primary_uri_fk: 'primary_uri_uuid',
  trunks_fallback_uri_fk: 'fallback_uri_uuid',
};

/**
 * Creates a trunk with Vobiz's defaults and trunk_domain `{trunk_id}.{sipDomain}`, or returns
 * the account's trunk it repeats field for field (a retried create: findTwinTrunk).
 * webhook_url must pass the URL guard under `urls`.
 * Errors: validation_failed (fields, references to resources that are not this account's),
 * forbidden (TRUNKS_PER_ACCOUNT_MAX).
 */
export async function createTrunk(
  db: Database,
  account: AccountPrincipal,
  input: TrunkInput & { name: string },
  sipDomain: string,
  urls: UrlPolicy,
): Promise<TrunkRow> {
  const changes = resolveTrunkChanges(input);
  if (input.webhook_url) await assertStorableUrl(['body', 'webhook_url'], input.webhook_url, urls);
  const newId = newTrunkId();
  const id = await withReferenceChecks(() => db.transaction().execute(async (trx) => {
    // The account row lock serializes creates, so neither the count nor the twin below can be
    // raced past.
    await lockAccountLimits(trx, account.id);
    await assertRoomForOneMore(trx, 'trunks', account.id, TRUNKS_PER_ACCOUNT_MAX, 'trunks');
    const columns = { ...TRUNK_DEFAULTS, ...changes.columns, name: input.name };
    await trx.insertInto('trunks').values({
      ...columns, id: newId, account_id: account.id, sub_account_id: ownerSubAccountId(account),
      trunk_domain: `${newId}.${sipDomain}`,
    }).execute();
    await assertReferencesOwned(trx, account, newId);
    const twin = await findTwinTrunk(trx, account.id, newId);
    if (twin !== undefined) {
      await trx.deleteFrom('trunks').where('id', '=', newId).execute();
      return twin;
    }
    return newId;
  }));
  return getTrunk(db, account, id);
}

/**
 * An older trunk of the account that the new trunk `newId` repeats in every field it was
 * created with (its id, domain and times aside): the same create, retried after its response
 * was lost (clients retry POSTs on 5xx without an idempotency key). Two trunks alike in name and
 * every setting would be indistinguishable to route or manage, so this is the natural key.
 */
async function findTwinTrunk(
  trx: Executor,
  accountId: string,
  newId: string,
): Promise<string | undefined> {
  const { rows } = await sql<{ id: string }>`
    select old.id from trunks new join trunks old
      on old.account_id = new.account_id and old.id <> new.id and old.name = new.name
    where new.id = ${newId} and new.account_id = ${accountId}
      and (${sql.join(TWIN_COLUMNS.map((column) => sql.ref(`old.${column}`)))})
        is not distinct from (${sql.join(TWIN_COLUMNS.map((column) => sql.ref(`new.${column}`)))})
    order by old.created_at, old.id limit 1`.execute(trx);
  return rows[0]?.id;
}

/** What a create sets: every column but the id, the generated domain and the times. */
const TWIN_COLUMNS = [
  'trunk_direction', 'trunk_status', 'secure', 'transport', 'inbound_destination',
  'description', 'concurrent_calls_limit', 'cps_limit', 'credential_id', 'ip_acl_id',
  'primary_uri_id', 'fallback_uri_id', 'recording', 'enable_transcription', 'pii_redaction',
  'pii_entity_types', 'webhook_url', 'webhook_method', 'recording_webhook_enabled',
  'sub_account_id',
] as const satisfies readonly (keyof TrunksTable)[];

export async function getTrunk(db: Executor, account: AccountPrincipal, trunkId: string) {
  const row = await trunkRows(db, account).where('t.id', '=', trunkId).executeTakeFirst();
  if (!row) throw notFound('Trunk');
  return row;
}

export function listTrunks(
  db: Executor,
  account: AccountPrincipal,
  page: { limit: number; offset: number },
) {
  const rows = trunkRows(db, account);
  return pageOfResources(
    rows.orderBy('t.created_at').orderBy('t.id').limit(page.limit).offset(page.offset),
    rows.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')),
    page.limit,
    page.offset,
  );
}

/**
 * Changes the fields the body names (PUT with partial bodies, as Zentrunk does).
 * Errors: not_found, validation_failed (as createTrunk).
 */
export async function updateTrunk(
  db: Database,
  account: AccountPrincipal,
  trunkId: string,
  input: TrunkInput,
  now: Date,
  urls: UrlPolicy,
): Promise<TrunkRow> {
  const changes = resolveTrunkChanges(input);
  if (input.webhook_url) await assertStorableUrl(['body', 'webhook_url'], input.webhook_url, urls);
  await withReferenceChecks(() => db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('trunks')
      .set({ ...changes.columns, updated_at: now })
      .where('id', '=', trunkId).where(ownedBy(account, 'trunks'))
      .returning('id').executeTakeFirst();
    if (!updated) throw notFound('Trunk');
    await assertReferencesOwned(trx, account, trunkId);
  }));
  return getTrunk(db, account, trunkId);
}

/** Deletes a trunk; its numbers lose their assignment (ON DELETE SET NULL). Errors: not_found. */
export async function deleteTrunk(db: Executor, account: AccountPrincipal, trunkId: string) {
  const deleted = await db.deleteFrom('trunks')
    .where('id', '=', trunkId).where(ownedBy(account, 'trunks'))
    .returning('id').executeTakeFirst();
  if (!deleted) throw notFound('Trunk');
}

const REFERENCES = [
  { column: 'credential_id', table: 'sip_credentials', field: 'credential_uuid' },
  { column: 'ip_acl_id', table: 'ip_acls', field: 'ipacl_uuid' },
  { column: 'primary_uri_id', table: 'origination_uris', field: 'primary_uri_uuid' },
  { column: 'fallback_uri_id', table: 'origination_uris', field: 'fallback_uri_uuid' },
] as const;

/**
 * A sub-account's trunk may link only the sub-account's own credential, ACL entry and URIs:
 * the composite foreign keys hold the account, this holds the sub-account (in the write's
 * transaction, after it). Errors: validation_failed naming the field.
 */
async function assertReferencesOwned(trx: Executor, account: AccountPrincipal, trunkId: string) {
  if (!account.subAccount) return;
  const trunk = await trx.selectFrom('trunks')
    .select(REFERENCES.map((reference) => reference.column))
    .where('id', '=', trunkId).executeTakeFirstOrThrow();
  for (const { column, table, field } of REFERENCES) {
    const id = trunk[column];
    if (id === null) continue;
    const owned = await trx.selectFrom(table).select('id')
      .where('id', '=', id).where(ownedBy(account, table)).executeTakeFirst();
    if (!owned) throw invalidField(['body', field], 'no such resource in this account');
  }
}

/** A reference to a resource that is not this account's fails its composite foreign key. */
async function withReferenceChecks<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const field = REFERENCE_FIELDS[violatedForeignKey(error) ?? ''];
    if (field === undefined) throw error;
    throw invalidField(['body', field], `no such resource in this account`);
  }
}
