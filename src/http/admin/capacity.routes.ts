/**
 * The operator sets a partner's capacity pools (vobiz-api.md 1.8 leaves this to the platform):
 * GET/PUT /api/v1/admin/partners/{auth_id}/capacity. Pools are absolute sizes; lowering one
 * below what the partner's customers hold is a 409.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import type { PartnerPools } from '../../domain/capacity/capacity.queries';
import { getPartnerPools, setPartnerPools } from '../../domain/capacity/pools';
import { CAPACITY_POOL_MAX } from '../../limits';
import { errorResponses, PartnerAuthId } from '../schemas/common';

const PoolSize = Type.Integer({ minimum: 0, maximum: CAPACITY_POOL_MAX });

const SetPoolsBody = Type.Object({
  concurrent_calls_pool: Type.Optional(PoolSize),
  cps_pool: Type.Optional(PoolSize),
}, { minProperties: 1 });

const PoolsBody = Type.Object({
  partner_auth_id: Type.String(),
  concurrent_calls_pool: Type.Integer(),
  concurrent_calls_allocated: Type.Integer(),
  concurrent_calls_available: Type.Integer(),
  cps_pool: Type.Integer(),
  cps_allocated: Type.Integer(),
  cps_available: Type.Integer(),
});

const PartnerParams = Type.Object({ auth_id: PartnerAuthId });

function toWirePools(pools: PartnerPools) {
  return {
    ...pools,
    concurrent_calls_available: pools.concurrent_calls_pool - pools.concurrent_calls_allocated,
    cps_available: pools.cps_pool - pools.cps_allocated,
  };
}

export const adminCapacityRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get('/partners/:auth_id/capacity', {
    schema: {
      tags: ['admin'],
      summary: "A partner's concurrent-call and CPS pools and what its customers hold",
      params: PartnerParams,
      response: { 200: PoolsBody, ...errorResponses(401, 404, 422) },
    },
  }, async (request) => toWirePools(await getPartnerPools(db, request.params.auth_id)));

  app.put('/partners/:auth_id/capacity', {
    schema: {
      tags: ['admin'],
      summary: "Set a partner's pool sizes (absolute; not below what is allocated)",
      params: PartnerParams,
      body: SetPoolsBody,
      response: { 200: PoolsBody, ...errorResponses(401, 404, 409, 422) },
    },
  }, async (request) =>
    toWirePools(await setPartnerPools(db, request.params.auth_id, request.body)));
};
