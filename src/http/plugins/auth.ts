/**
 * Authentication hooks, one per API scope. Each runs at onRequest, before the body is read,
 * and sets the principal the scope's routes use. Verified credentials are cached for
 * AUTH_CACHE_TTL_MS keyed by auth id and token digest, so the hot path (transfers) does not
 * pay a database round trip per request. A suspension, deactivation or new token made through
 * any process applies at once: the database announces it (migration 0073) and every process's
 * listener forgets the entry (credential-invalidation.ts; the cache is
 * domain/auth/credential-cache.ts, shared with the console). While no listener is connected the
 * cache is not used at all, so a missed announcement can never keep a revoked credential alive.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/database';
import { cachedLookup } from '../../domain/auth/credential-cache';
import {
  findAccountByAuthId,
  findAccountByCredentials,
  findPartnerByCredentials,
  findSubAccountByAuthId,
  findSubAccountByCredentials,
  findSubAccountParent,
} from '../../domain/auth/credentials';
import { DomainError } from '../../domain/errors';
import type { AccountPrincipal, PartnerPrincipal } from '../../domain/principals';
import { digestToken } from '../../domain/secrets';

declare module 'fastify' {
  interface FastifyRequest {
    partner: PartnerPrincipal;
    account: AccountPrincipal;
    /** The credential's id for idempotency keys and rate limits. */
    principalId: string;
  }
  interface FastifyContextConfig {
    /** The route scopes its data by `request.account.subAccount`, so SA_ credentials may use it. */
    subAccounts?: boolean;
    /**
     * The operator token may call the route for the account its path names (Vobiz: "admins may
     * act for other accounts"). On every other tenant route the operator token is refused (403).
     */
    operator?: boolean;
  }
}

function readCredentials(request: FastifyRequest): { authId: string; token: string } {
  const authId = request.headers['x-auth-id'];
  const token = request.headers['x-auth-token'];
  if (typeof authId !== 'string' || typeof token !== 'string' || !authId || !token) {
    throw new DomainError('unauthorized', 'Missing X-Auth-ID or X-Auth-Token header');
  }
  if (authId.length > 64 || token.length > 256) {
    throw new DomainError('unauthorized', 'Invalid credentials');
  }
  return { authId, token };
}

/** Partner API: PA_ credentials of an active partner. Customer credentials get 403. */
export function authenticatePartner(db: Database) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const { authId, token } = readCredentials(request);
    if (authId.startsWith('MA_')) {
      throw new DomainError('forbidden', 'Customer credentials cannot use the Partner API');
    }
    const partner = await cachedLookup(authId, token, () => findPartnerByCredentials(db, authId, token));
    if (!partner) throw new DomainError('unauthorized', 'Invalid credentials');
    if (!partner.isActive) throw new DomainError('forbidden', 'Partner account is inactive');
    request.partner = partner;
    request.principalId = partner.authId;
  };
}

/** Whether the request carries the operator token as `Authorization: Bearer`. */
function hasOperatorToken(request: FastifyRequest, adminTokenDigest: Buffer): boolean {
  const match = /^Bearer (\S{1,512})$/.exec(request.headers.authorization ?? '');
  return match !== null && timingSafeEqual(digestToken(match[1]!), adminTokenDigest);
}

type FindActedFor = (params: Record<string, string | undefined>) =>
  Promise<AccountPrincipal | undefined>;

/**
 * The operator on a tenant route: false when the request does not carry the operator token (the
 * tenant's own credentials decide then; an SDK's own Bearer token is never the operator's).
 * Otherwise the route must admit the operator (else 403) and the principal is the account the
 * path names, found by `find` (unknown or deleted: 404), admitted as its own credentials would
 * be. Each such request logs who was acted for (ids only); the request's completion line, with
 * the same reqId, carries the outcome.
 */
async function actsAsOperator(
  request: FastifyRequest,
  adminTokenDigest: Buffer,
  find: FindActedFor,
): Promise<boolean> {
  if (!hasOperatorToken(request, adminTokenDigest)) return false;
  if (request.routeOptions.config.operator !== true) {
    throw new DomainError('forbidden', 'The operator token cannot use this route');
  }
  const params = request.params as Record<string, string | undefined>;
  const account = await find(params);
  if (!account) throw new DomainError('not_found', 'Account not found');
  admitAccount(request, account);
  request.principalId = 'operator';
  request.log.info({
    operator_action: {
      method: request.method, route: request.routeOptions.url, account_auth_id: account.authId,
      ...(params.sub_auth_id === undefined ? {} : { sub_auth_id: params.sub_auth_id }),
    },
  }, 'operator acts for an account');
  return true;
}

/** MA_ or SA_ credentials of an account (active or not); partner credentials get 403. */
async function verifiedAccount(db: Database, request: FastifyRequest): Promise<AccountPrincipal> {
  const { authId, token } = readCredentials(request);
  if (authId.startsWith('PA_')) {
    throw new DomainError('forbidden', 'Partner credentials cannot operate customer resources');
  }
  const lookup = authId.startsWith('SA_')
    ? () => findSubAccountByCredentials(db, authId, token)
    : () => findAccountByCredentials(db, authId, token);
  const account = await cachedLookup(authId, token, lookup);
  if (!account) throw new DomainError('unauthorized', 'Invalid credentials');
  return account;
}

/**
 * The principal for a route, whoever authenticated: a suspended account is 403, and a
 * sub-account only on routes marked `config.subAccounts` (they scope their data by it).
 */
function admitAccount(request: FastifyRequest, account: AccountPrincipal): void {
  if (!account.isActive) throw new DomainError('forbidden', 'Account is suspended');
  if (account.subAccount && request.routeOptions.config.subAccounts !== true) {
    throw new DomainError('forbidden', 'Sub-account credentials cannot use this route');
  }
  request.account = account;
  request.principalId = account.authId;
}

/** The account or live sub-account an `auth_id` path parameter names. */
function accountInPath(db: Database): FindActedFor {
  return async ({ auth_id: authId }) => {
    if (authId === undefined) return undefined;
    return authId.startsWith('SA_')
      ? findSubAccountByAuthId(db, authId)
      : findAccountByAuthId(db, authId);
  };
}

/**
 * Customer API: the customer's own MA_ credentials, for its own /Account/{auth_id}. Partner
 * credentials get 403 (a partner cannot operate a customer's voice resources); another
 * customer's auth id in the path is 404, never revealing that it exists. A sub-account's SA_
 * credentials work, on its own SA_ path, only on routes marked `config.subAccounts` (they scope
 * their data by the sub-account); elsewhere 403. The operator token works on routes marked
 * `config.operator`, for the account in the path.
 */
export function authenticateAccount(db: Database, adminTokenDigest: Buffer) {
  const findInPath = accountInPath(db);
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (await actsAsOperator(request, adminTokenDigest, findInPath)) return;
    const account = await verifiedAccount(db, request);
    const pathAuthId = (request.params as { auth_id?: string }).auth_id;
    if (pathAuthId !== account.authId) throw new DomainError('not_found', 'Account not found');
    admitAccount(request, account);
  };
}

/**
 * The account's own credentials, for routes without an account in the path (/auth/me): the
 * operator token is refused here (403), there being no account to act for.
 */
export function authenticateOwnAccount(db: Database, adminTokenDigest: Buffer) {
  const noAccount: FindActedFor = async () => undefined;
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (await actsAsOperator(request, adminTokenDigest, noAccount)) return;
    admitAccount(request, await verifiedAccount(db, request));
  };
}

/**
 * Sub-account management (/accounts/{auth_id}/sub-accounts, /sub-accounts/{sub_auth_id}/…):
 * the parent's own MA_ credentials; a sub-account cannot manage sub-accounts (403). A path
 * auth id other than the caller's is 404. The operator token works on routes marked
 * `config.operator` (headless KYC), for the parent of the live sub-account in the path.
 */
export function authenticateParentAccount(db: Database, adminTokenDigest: Buffer) {
  const findParent: FindActedFor = async ({ sub_auth_id: subAuthId }) =>
    subAuthId === undefined ? undefined : findSubAccountParent(db, subAuthId);
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (await actsAsOperator(request, adminTokenDigest, findParent)) return;
    const account = await verifiedAccount(db, request);
    const pathAuthId = (request.params as { auth_id?: string }).auth_id;
    if (pathAuthId !== undefined && pathAuthId !== account.authId) {
      throw new DomainError('not_found', 'Account not found');
    }
    if (account.subAccount) {
      throw new DomainError('forbidden', 'Sub-account credentials cannot manage sub-accounts');
    }
    admitAccount(request, account);
  };
}

/** Operator API: Authorization: Bearer <DIALTONE_ADMIN_TOKEN>. */
export function authenticateOperator(adminTokenDigest: Buffer) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (!hasOperatorToken(request, adminTokenDigest)) {
      throw new DomainError('unauthorized', 'Missing or invalid operator token');
    }
    request.principalId = 'operator';
  };
}
