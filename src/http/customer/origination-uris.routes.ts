/**
 * Origination URIs (vobiz-api.md 2.2): sip:/sips: destinations for inbound calls, tried by
 * priority (lower first) and weight.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import {
  createOriginationUri,
  deleteOriginationUri,
  listOriginationUris,
  updateOriginationUri,
  type OriginationUriRow,
  URI_RANK_RANGE,
} from '../../domain/trunks/origination-uris';
import { SIP_URI_LENGTH_MAX } from '../../domain/trunks/sip-uris';
import { DESCRIPTION_LENGTH_MAX, NAME_LENGTH_MAX } from '../../limits';
import {
  AccountOrSubAccountAuthId,
  SharedCustomerPathParams,
  errorResponses,
  Nullable,
  Timestamp,
} from '../schemas/common';
import {
  ListQuery,
  listBody,
  NoContent,
  ResourceId,
  SipTransport,
  toWireList,
} from './trunks.schemas';

const Name = Type.String({ minLength: 1, maxLength: NAME_LENGTH_MAX, examples: ['Primary PBX'] });
const SipUri = Type.String({
  minLength: 1, maxLength: SIP_URI_LENGTH_MAX, examples: ['sip:pbx.example.com:5060;transport=tcp'],
});
const fields = {
  priority: Type.Optional(Type.Integer({
    ...URI_RANK_RANGE, description: 'Lower is tried first; default 1',
  })),
  weight: Type.Optional(Type.Integer({
    ...URI_RANK_RANGE, description: 'Share of calls within a priority; default 1',
  })),
  transport: Type.Optional(SipTransport),
  enabled: Type.Optional(Type.Boolean()),
  description: Type.Optional(Nullable(Type.String({ maxLength: DESCRIPTION_LENGTH_MAX }))),
};

const CreateUriBody = Type.Object({ name: Name, sip_uri: SipUri, ...fields });
const UpdateUriBody = Type.Object(
  { name: Type.Optional(Name), sip_uri: Type.Optional(SipUri), ...fields },
  { minProperties: 1 },
);

const UriBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  account_id: Type.String(),
  name: Type.String(),
  uri: Type.String(),
  priority: Type.Integer(),
  weight: Type.Integer(),
  enabled: Type.Boolean(),
  transport: Type.String(),
  description: Type.String({
    description: 'The description, else the name (Vobiz echoes no name)',
  }),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const UriParams = Type.Object({ auth_id: AccountOrSubAccountAuthId, id: ResourceId });

function toWireUri(row: OriginationUriRow) {
  return {
    id: row.id,
    account_id: row.account_auth_id,
    name: row.name,
    uri: row.uri,
    priority: row.priority,
    weight: row.weight,
    enabled: row.enabled,
    transport: row.transport,
    description: row.description ?? row.name ?? '',
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export const originationUrisRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;
  // DIALTONE_ALLOW_PRIVATE_URLS also lets trunks name loopback peers (local edges and tests).
  const peerScope = deps.allowPrivateUrls ? 'local' : 'public';

  app.post('/origination-uris', {
    config: { idempotent: true, subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Add an origination URI',
      params: SharedCustomerPathParams,
      body: CreateUriBody,
      response: { 201: UriBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const uri = await createOriginationUri(request.db, request.account, request.body, peerScope);
    reply.code(201);
    return toWireUri(uri);
  });

  app.get('/trunks/origination-uris', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: "The account's origination URIs, in the order they are tried",
      params: SharedCustomerPathParams,
      querystring: ListQuery,
      response: { 200: listBody(UriBody), ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) =>
    toWireList(await listOriginationUris(db, request.account, request.query), toWireUri));

  app.put('/origination-uris/:id', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Change an origination URI (name, priority, weight, URI, transport, enabled)',
      params: UriParams,
      body: UpdateUriBody,
      response: { 200: UriBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const { id } = request.params;
    return toWireUri(
      await updateOriginationUri(db, request.account, id, request.body, clock(), peerScope));
  });

  app.delete('/origination-uris/:id', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Delete an origination URI; trunks using it lose the link',
      params: UriParams,
      response: { 204: NoContent, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await deleteOriginationUri(db, request.account, request.params.id);
    return reply.code(204).send(null);
  });
};
