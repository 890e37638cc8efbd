/**
 * What a principal owns among an account's rows that a sub-account can own too (numbers,
 * trunks, SIP credentials, ACL entries, origination URIs; each has account_id and
 * sub_account_id): the account itself owns all of them, a sub-account (SA_ credentials) only
 * those with its sub_account_id.
 */
import { type Expression, type SqlBool, sql } from 'kysely';
import type { AccountPrincipal } from '../principals';

/** The condition on `table` (a table name or alias) for rows the principal may see and change. */
export function ownedBy(account: AccountPrincipal, table: string): Expression<SqlBool> {
  const accountMatches = sql<SqlBool>`${sql.ref(`${table}.account_id`)} = ${account.id}`;
  if (!account.subAccount) return accountMatches;
  return sql<SqlBool>`(${accountMatches} and ${sql.ref(`${table}.sub_account_id`)} = ${
    account.subAccount.id})`;
}

/** The sub_account_id a new row of the principal gets: its sub-account's, or null. */
export function ownerSubAccountId(account: AccountPrincipal): string | null {
  return account.subAccount?.id ?? null;
}
