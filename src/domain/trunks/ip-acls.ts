/**
 * IP ACL entries of a customer (vobiz-api.md 2.2): IPv4 addresses or CIDR blocks allowed to
 * send calls on its trunks without digest credentials. The rules (no IPv6, no RFC 5737
 * documentation ranges, valid masks, no loopback/multicast...) are parseIpAclAddress's; a
 * refused entry is a 422 naming ip_address. One entry per network and account.
 */
import type { Database, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { IP_ACLS_PER_ACCOUNT_MAX } from '../../limits';
import { DomainError, invalidField, notFound } from '../errors';
import type { AccountPrincipal } from '../principals';
import { type PeerAddressScope, parseIpAclAddress } from './ip-acl-rules';
import {
  assertRoomForOneMore,
  lockAccountLimits,
  pageOfResources,
} from './trunk-resources.queries';
import { ownedBy, ownerSubAccountId } from '../sub-accounts/ownership';

function ipAclRows(db: Executor, account: AccountPrincipal) {
  return db.selectFrom('ip_acls as i')
    .innerJoin('accounts as a', 'a.id', 'i.account_id')
    .select([
      'i.id', 'i.name', 'i.description', 'i.ip_address', 'i.enabled', 'i.created_at',
      'i.updated_at', 'a.auth_id as account_auth_id',
    ])
    .where(ownedBy(account, 'i'));
}

export type IpAclRow = Awaited<ReturnType<ReturnType<typeof ipAclRows>['executeTakeFirstOrThrow']>>;

export interface IpAclInput {
  name?: string | null | undefined;
  ip_address?: string | undefined;
  description?: string | null | undefined;
  enabled?: boolean | undefined;
}

/** The address columns for `text`, or a 422 with the rule it breaks. */
function addressColumns(text: string, scope: PeerAddressScope) {
  const parsed = parseIpAclAddress(text, scope);
  if (!parsed.ok) throw invalidField(['body', 'ip_address'], parsed.reason, text);
  return { ip_address: parsed.address, network: parsed.cidr };
}

const DUPLICATE = () =>
  new DomainError('conflict', 'This account already has an entry for this network');

/** Errors: validation_failed, conflict (same network), forbidden (IP_ACLS_PER_ACCOUNT_MAX). */
export async function createIpAcl(
  db: Database,
  account: AccountPrincipal,
  input: IpAclInput & { ip_address: string },
  scope: PeerAddressScope = 'public',
): Promise<IpAclRow> {
  const address = addressColumns(input.ip_address, scope);
  try {
    const id = await db.transaction().execute(async (trx) => {
      await lockAccountLimits(trx, account.id);
      await assertRoomForOneMore(
        trx, 'ip_acls', account.id, IP_ACLS_PER_ACCOUNT_MAX, 'IP ACL entries',
      );
      const row = await trx.insertInto('ip_acls')
        .values({
          account_id: account.id, sub_account_id: ownerSubAccountId(account),
          ...address,
          name: input.name ?? null,
          // Vobiz creates with `name` and shows `description`: one stands in for the other.
          description: input.description ?? input.name ?? null,
          enabled: input.enabled,
        })
        .returning('id').executeTakeFirstOrThrow();
      return row.id;
    });
    return getIpAcl(db, account, id);
  } catch (error) {
    if (isUniqueViolation(error, 'ip_acls_network_unique')) throw DUPLICATE();
    throw error;
  }
}

async function getIpAcl(db: Executor, account: AccountPrincipal, id: string) {
  const row = await ipAclRows(db, account).where('i.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('IP ACL entry');
  return row;
}

export function listIpAcls(
  db: Executor,
  account: AccountPrincipal,
  page: { limit: number; offset: number },
) {
  const rows = ipAclRows(db, account);
  return pageOfResources(
    rows.orderBy('i.created_at').orderBy('i.id').limit(page.limit).offset(page.offset),
    rows.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')),
    page.limit,
    page.offset,
  );
}

/** Changes the fields named. Errors: not_found, validation_failed, conflict. */
export async function updateIpAcl(
  db: Executor,
  account: AccountPrincipal,
  id: string,
  input: IpAclInput,
  now: Date,
  scope: PeerAddressScope = 'public',
): Promise<IpAclRow> {
  const address = input.ip_address === undefined ? {} : addressColumns(input.ip_address, scope);
  try {
    const updated = await db.updateTable('ip_acls')
      .set({
        ...address,
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.enabled === undefined ? {} : { enabled: input.enabled }),
        updated_at: now,
      })
      .where('id', '=', id).where(ownedBy(account, 'ip_acls'))
      .returning('id').executeTakeFirst();
    if (!updated) throw notFound('IP ACL entry');
  } catch (error) {
    if (isUniqueViolation(error, 'ip_acls_network_unique')) throw DUPLICATE();
    throw error;
  }
  return getIpAcl(db, account, id);
}

/** Trunks pointing at it lose the link (ON DELETE SET NULL). Errors: not_found. */
export async function deleteIpAcl(db: Executor, account: AccountPrincipal, id: string) {
  const deleted = await db.deleteFrom('ip_acls')
    .where('id', '=', id).where(ownedBy(account, 'ip_acls'))
    .returning('id').executeTakeFirst();
  if (!deleted) throw notFound('IP ACL entry');
}
