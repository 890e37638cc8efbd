/**
 * SIP digest credentials of a customer (vobiz-api.md 2.2), which trunks point at with
 * credential_uuid. Only HA1 = MD5(username:realm:password) is stored: what a SIP proxy needs to
 * check a digest response. The password is never stored, logged or returned, and HA1 never
 * leaves this module's rows (responses map them through a redacting toWire function).
 *
 * The realm is the platform's SIP domain at creation time (kept per credential, because HA1
 * depends on it). Usernames are unique per realm across the platform, so a proxy resolves
 * username@realm to exactly one account.
 */
import type { Database, Executor } from '../../db/database';
import { isUniqueViolation } from '../../db/errors';
import { SIP_CREDENTIALS_PER_ACCOUNT_MAX } from '../../limits';
import { DomainError, invalidField, notFound } from '../errors';
import type { AccountPrincipal } from '../principals';
import { sipDigestHa1 } from './sip-digests';
import { assertSipPassword, parseSipUsername } from './sip-uris';
import {
  assertRoomForOneMore,
  lockAccountLimits,
  pageOfResources,
} from './trunk-resources.queries';
import { ownedBy, ownerSubAccountId } from '../sub-accounts/ownership';

function credentialRows(db: Executor, account: AccountPrincipal) {
  return db.selectFrom('sip_credentials as c')
    .innerJoin('accounts as a', 'a.id', 'c.account_id')
    .select([
      'c.id', 'c.username', 'c.realm', 'c.enabled', 'c.created_at', 'c.updated_at',
      'a.auth_id as account_auth_id',
    ])
    .where(ownedBy(account, 'c'));
}

/** A credential as responses may show it: no HA1 column is selected at all. */
export type CredentialRow =
  Awaited<ReturnType<ReturnType<typeof credentialRows>['executeTakeFirstOrThrow']>>;

export interface CredentialInput {
  username: string;
  password: string;
  enabled?: boolean | undefined;
}

/**
 * Errors: validation_failed (username or password rules; the password is never echoed),
 * conflict (username taken in this realm), forbidden (SIP_CREDENTIALS_PER_ACCOUNT_MAX).
 */
export async function createCredential(
  db: Database,
  account: AccountPrincipal,
  input: CredentialInput,
  realm: string,
): Promise<CredentialRow> {
  const username = parseSipUsername(input.username);
  if (!username.ok) throw invalidField(['body', 'username'], username.reason, input.username);
  assertSipPassword(input.password);
  const ha1 = sipDigestHa1(username.username, realm, input.password);
  try {
    const id = await db.transaction().execute(async (trx) => {
      await lockAccountLimits(trx, account.id);
      await assertRoomForOneMore(
        trx, 'sip_credentials', account.id, SIP_CREDENTIALS_PER_ACCOUNT_MAX, 'credentials',
      );
      const row = await trx.insertInto('sip_credentials')
        .values({
          account_id: account.id, sub_account_id: ownerSubAccountId(account),
          username: username.username, realm, ha1, enabled: input.enabled,
        })
        .returning('id').executeTakeFirstOrThrow();
      return row.id;
    });
    return getCredential(db, account, id);
  } catch (error) {
    if (isUniqueViolation(error, 'sip_credentials_username_unique')) {
      throw new DomainError('conflict', `SIP username ${username.username} is already in use`);
    }
    throw error;
  }
}

async function getCredential(db: Executor, account: AccountPrincipal, id: string) {
  const row = await credentialRows(db, account).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Credential');
  return row;
}

export function listCredentials(
  db: Executor,
  account: AccountPrincipal,
  page: { limit: number; offset: number },
) {
  const rows = credentialRows(db, account);
  return pageOfResources(
    rows.orderBy('c.created_at').orderBy('c.id').limit(page.limit).offset(page.offset),
    rows.clearSelect().select((eb) => eb.fn.countAll<string>().as('n')),
    page.limit,
    page.offset,
  );
}

/**
 * Sets a new password (HA1 recomputed with the stored username and realm) and/or enabled.
 * Errors: not_found, validation_failed.
 */
export async function updateCredential(
  db: Executor,
  account: AccountPrincipal,
  id: string,
  changes: { password?: string | undefined; enabled?: boolean | undefined },
  now: Date,
): Promise<CredentialRow> {
  if (changes.password !== undefined) assertSipPassword(changes.password);
  const current = await db.selectFrom('sip_credentials').select(['username', 'realm'])
    .where('id', '=', id).where(ownedBy(account, 'sip_credentials')).executeTakeFirst();
  if (!current) throw notFound('Credential');
  const ha1 = changes.password === undefined
    ? undefined
    : sipDigestHa1(current.username, current.realm, changes.password);
  // Username and realm never change, so the HA1 computed from the row read above stays right.
  const updated = await db.updateTable('sip_credentials')
    .set({
      ...(ha1 === undefined ? {} : { ha1 }),
      ...(changes.enabled === undefined ? {} : { enabled: changes.enabled }),
      updated_at: now,
    })
    .where('id', '=', id).where(ownedBy(account, 'sip_credentials'))
    .returning('id').executeTakeFirst();
  if (!updated) throw notFound('Credential');
  return getCredential(db, account, id);
}

/** Trunks pointing at it lose the link (ON DELETE SET NULL). Errors: not_found. */
export async function deleteCredential(db: Executor, account: AccountPrincipal, id: string) {
  const deleted = await db.deleteFrom('sip_credentials')
    .where('id', '=', id).where(ownedBy(account, 'sip_credentials'))
    .returning('id').executeTakeFirst();
  if (!deleted) throw notFound('Credential');
}
