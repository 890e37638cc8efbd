/**
 * IP ACL entries (vobiz-api.md 2.2): IPv4 addresses or CIDR blocks; IPv6, RFC 5737
 * documentation ranges and invalid masks are 422.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import {
  createIpAcl,
  deleteIpAcl,
  listIpAcls,
  updateIpAcl,
  type IpAclRow,
} from '../../domain/trunks/ip-acls';
import { IP_ACL_ADDRESS_LENGTH_MAX } from '../../domain/trunks/ip-acl-rules';
import { DESCRIPTION_LENGTH_MAX, NAME_LENGTH_MAX } from '../../limits';
import {
  AccountOrSubAccountAuthId,
  SharedCustomerPathParams,
  errorResponses,
  Nullable,
  Timestamp,
} from '../schemas/common';
import { ListQuery, listBody, NoContent, ResourceId, toWireList } from './trunks.schemas';

const IpAddress = Type.String({
  minLength: 1, maxLength: IP_ACL_ADDRESS_LENGTH_MAX, examples: ['203.0.114.10', '45.64.12.0/24'],
});
const fields = {
  name: Type.Optional(Nullable(Type.String({
    maxLength: NAME_LENGTH_MAX, examples: ['Office PBX'],
  }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: DESCRIPTION_LENGTH_MAX }))),
  enabled: Type.Optional(Type.Boolean()),
};

const CreateIpAclBody = Type.Object({ ip_address: IpAddress, ...fields });
const UpdateIpAclBody = Type.Object(
  { ip_address: Type.Optional(IpAddress), ...fields },
  { minProperties: 1 },
);

const IpAclBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  account_id: Type.String(),
  name: Nullable(Type.String()),
  ip_address: Type.String(),
  description: Type.String({
    description: 'The description, else the name (Vobiz echoes no name)',
  }),
  enabled: Type.Boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const IpAclParams = Type.Object({ auth_id: AccountOrSubAccountAuthId, id: ResourceId });

function toWireIpAcl(row: IpAclRow) {
  return {
    id: row.id,
    account_id: row.account_auth_id,
    name: row.name,
    ip_address: row.ip_address,
    description: row.description ?? row.name ?? '',
    enabled: row.enabled,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export const ipAclsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;
  // DIALTONE_ALLOW_PRIVATE_URLS also lets trunks name loopback peers (local edges and tests).
  const peerScope = deps.allowPrivateUrls ? 'local' : 'public';

  app.post('/ip-acl', {
    config: { idempotent: true, subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Allow an IPv4 address or CIDR block',
      params: SharedCustomerPathParams,
      body: CreateIpAclBody,
      response: { 201: IpAclBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const entry = await createIpAcl(request.db, request.account, request.body, peerScope);
    reply.code(201);
    return toWireIpAcl(entry);
  });

  app.get('/trunks/ip-acl', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: "The account's IP ACL entries",
      params: SharedCustomerPathParams,
      querystring: ListQuery,
      response: { 200: listBody(IpAclBody), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) =>
    toWireList(await listIpAcls(db, request.account, request.query), toWireIpAcl));

  app.put('/ip-acl/:id', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Change an IP ACL entry',
      params: IpAclParams,
      body: UpdateIpAclBody,
      response: { 200: IpAclBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) =>
    toWireIpAcl(await updateIpAcl(
      db, request.account, request.params.id, request.body, clock(), peerScope)));

  app.delete('/ip-acl/:id', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Delete an IP ACL entry; trunks using it lose the link',
      params: IpAclParams,
      response: { 204: NoContent, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await deleteIpAcl(db, request.account, request.params.id);
    return reply.code(204).send(null);
  });
};
