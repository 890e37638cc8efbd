/** SIP trunks of the customer (vobiz-api.md 2.2): create, list, read, update, delete. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import {
  createTrunk,
  deleteTrunk,
  getTrunk,
  listTrunks,
  updateTrunk,
} from '../../domain/trunks/trunks';
import { SharedCustomerPathParams, errorResponses } from '../schemas/common';
import {
  CreateTrunkBody,
  ListQuery,
  NoContent,
  toWireList,
  toWireTrunk,
  TrunkBody,
  TrunkListBody,
  TrunkParams,
  UpdateTrunkBody,
} from './trunks.schemas';

export const trunksRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock, sipDomain } = deps;

  app.post('/trunks', {
    config: { idempotent: true, subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Create a SIP trunk',
      description: 'Newest contract: only name is required. Older contract: name, trunk_type and '
        + 'max_concurrent_calls. Limits may not exceed the account\'s.',
      params: SharedCustomerPathParams,
      body: CreateTrunkBody,
      response: { 201: TrunkBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const trunk = await createTrunk(request.db, request.account, request.body, sipDomain, deps);
    reply.code(201);
    return toWireTrunk(trunk);
  });

  app.get('/trunks', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: "The account's trunks, oldest first",
      params: SharedCustomerPathParams,
      querystring: ListQuery,
      response: { 200: TrunkListBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) =>
    toWireList(await listTrunks(db, request.account, request.query), toWireTrunk));

  app.get('/trunks/:trunk_id', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'One trunk',
      params: TrunkParams,
      response: { 200: TrunkBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => toWireTrunk(await getTrunk(db, request.account, request.params.trunk_id)));

  app.put('/trunks/:trunk_id', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Change the fields the body names',
      params: TrunkParams,
      body: UpdateTrunkBody,
      response: { 200: TrunkBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const { trunk_id: trunkId } = request.params;
    const trunk = await updateTrunk(db, request.account, trunkId, request.body, clock(), deps);
    return toWireTrunk(trunk);
  });

  app.delete('/trunks/:trunk_id', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: 'Delete a trunk; its numbers are unassigned',
      params: TrunkParams,
      response: { 204: NoContent, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    await deleteTrunk(db, request.account, request.params.trunk_id);
    return reply.code(204).send(null);
  });
};
