/**
 * SIP trunks of a customer (vobiz-api.md 2.2). Every query is scoped by the account, so another
 * tenant's trunk is not found. A trunk's limits never exceed the account's (checked under the
 * account row lock; capacity reclaims lower trunk limits under the same lock).
 */
import type { Database, Executor } from '../../db/database';
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
  type AccountLimits,
} from './trunk-resources.queries';
import {
  resolveTrunkChanges,
  TRUNK_DEFAULTS,
  type TrunkChanges,
  type TrunkInput,
} from './trunk-rules';

function trunkRows(db: Executor, accountId: string) {
  return db.selectFrom('trunks as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .selectAll('t')
    .select('a.auth_id as account_auth_id')
    .where('t.account_id', '=', accountId);
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
 * Creates a trunk with Vobiz's defaults and trunk_domain `{trunk_id}.{sipDomain}`.
 * webhook_url must pass the URL guard under `urls`.
 * Errors: validation_failed (fields, limits above the account's, references to resources that
 * are not this account's), forbidden (TRUNKS_PER_ACCOUNT_MAX).
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
  const id = newTrunkId();
  await withReferenceChecks(() => db.transaction().execute(async (trx) => {
    const limits = await lockAccountLimits(trx, account.id);
    await assertRoomForOneMore(trx, 'trunks', account.id, TRUNKS_PER_ACCOUNT_MAX, 'trunks');
    const columns = { ...TRUNK_DEFAULTS, ...changes.columns, name: input.name };
    assertWithinAccountLimits(columns, changes, limits);
    await trx.insertInto('trunks')
      .values({ ...columns, id, account_id: account.id, trunk_domain: `${id}.${sipDomain}` })
      .execute();
  }));
  return getTrunk(db, account, id);
}

export async function getTrunk(db: Executor, account: AccountPrincipal, trunkId: string) {
  const row = await trunkRows(db, account.id).where('t.id', '=', trunkId).executeTakeFirst();
  if (!row) throw notFound('Trunk');
  return row;
}

export function listTrunks(
  db: Executor,
  account: AccountPrincipal,
  page: { limit: number; offset: number },
) {
  const rows = trunkRows(db, account.id);
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
    const limits = await lockAccountLimits(trx, account.id);
    assertWithinAccountLimits(changes.columns, changes, limits);
    const updated = await trx.updateTable('trunks')
      .set({ ...changes.columns, updated_at: now })
      .where('id', '=', trunkId).where('account_id', '=', account.id)
      .returning('id').executeTakeFirst();
    if (!updated) throw notFound('Trunk');
  }));
  return getTrunk(db, account, trunkId);
}

/** Deletes a trunk; its numbers lose their assignment (ON DELETE SET NULL). Errors: not_found. */
export async function deleteTrunk(db: Executor, account: AccountPrincipal, trunkId: string) {
  const deleted = await db.deleteFrom('trunks')
    .where('id', '=', trunkId).where('account_id', '=', account.id)
    .returning('id').executeTakeFirst();
  if (!deleted) throw notFound('Trunk');
}

function assertWithinAccountLimits(
  columns: { concurrent_calls_limit?: unknown; cps_limit?: unknown },
  changes: TrunkChanges,
  limits: AccountLimits,
): void {
  for (const limit of ['concurrent_calls_limit', 'cps_limit'] as const) {
    const value = columns[limit];
    if (typeof value === 'number' && value > limits[limit]) {
      const field = changes.limitFields[limit];
      throw invalidField(
        ['body', field],
        `${field} must not exceed the account's ${limit} (${limits[limit]})`,
        value,
      );
    }
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
