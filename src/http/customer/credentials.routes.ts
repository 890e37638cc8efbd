/**
 * SIP digest credentials (vobiz-api.md 2.2). The password goes in and never comes out: every
 * response shows it redacted, and HA1 is not part of any response schema.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import {
  createCredential,
  deleteCredential,
  listCredentials,
  updateCredential,
  type CredentialRow,
} from '../../domain/trunks/credentials';
import {
  AccountOrSubAccountAuthId, errorResponses, SharedCustomerPathParams, Timestamp,
} from '../schemas/common';
import { ListQuery, listBody, NoContent, ResourceId, toWireList } from './trunks.schemas';

/** What every response shows in place of the password. */
export const REDACTED_PASSWORD = '********' as const;

// Lengths are checked here loosely and by the domain's rules exactly (with Vobiz-style
// messages); a password is never echoed in a 422.
const Password = Type.String({ minLength: 1, maxLength: 128, examples: ['S3cure-Pass'] });

const CreateCredentialBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 64, examples: ['pbx-mumbai-01'] }),
  password: Password,
  enabled: Type.Optional(Type.Boolean()),
});

const UpdateCredentialBody = Type.Object({
  password: Type.Optional(Password),
  enabled: Type.Optional(Type.Boolean()),
}, { minProperties: 1 });

const CredentialBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  account_id: Type.String(),
  username: Type.String(),
  password: Type.Literal(REDACTED_PASSWORD),
  realm: Type.String(),
  enabled: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const CredentialParams = Type.Object({ auth_id: AccountOrSubAccountAuthId, id: ResourceId });

function toWireCredential(row: CredentialRow) {
  return {
    id: row.id,
    account_id: row.account_auth_id,
    username: row.username,
    password: REDACTED_PASSWORD,
    realm: row.realm,
    enabled: row.enabled,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export const credentialsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock, sipDomain } = deps;

  app.post('/credentials', {
    config: { idempotent: true, subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Create a SIP digest credential (stored as HA1 only)',
      params: SharedCustomerPathParams,
      body: CreateCredentialBody,
      response: { 201: CredentialBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const credential = await createCredential(request.db, request.account, request.body, sipDomain);
    reply.code(201);
    return toWireCredential(credential);
  });

  app.get('/trunks/credentials', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: "The account's SIP credentials (passwords redacted)",
      params: SharedCustomerPathParams,
      querystring: ListQuery,
      response: { 200: listBody(CredentialBody), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) =>
    toWireList(await listCredentials(db, request.account, request.query), toWireCredential));

  app.put('/credentials/:id', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Set a new password and/or enable or disable a credential',
      params: CredentialParams,
      body: UpdateCredentialBody,
      response: { 200: CredentialBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const { id } = request.params;
    return toWireCredential(await updateCredential(db, request.account, id, request.body, clock()));
  });

  app.delete('/credentials/:id', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Delete a credential; trunks using it lose the link',
      params: CredentialParams,
      response: { 204: NoContent, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await deleteCredential(db, request.account, request.params.id);
    return reply.code(204).send(null);
  });
};
