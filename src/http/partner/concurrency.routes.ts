/**
 * Partner capacity (vobiz-api.md 1.8): transfer concurrent-call or CPS slots from the partner's
 * pool to a customer, reclaim them, read both sides, and list the history.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { reclaimCapacity, transferCapacity } from '../../domain/capacity/capacity';
import {
  getConcurrency,
  listCapacityTransfers,
  type CapacityMove,
} from '../../domain/capacity/capacity.queries';
import {
  CAPACITY_SLOTS_MAX,
  CAPACITY_TRANSFERS_PAGE_SIZE_DEFAULT,
  CAPACITY_TRANSFERS_PAGE_SIZE_MAX,
  DESCRIPTION_LENGTH_MAX,
} from '../../limits';
import { Defaulted, errorResponses, Nullable, Timestamp } from '../schemas/common';
import { AccountParams } from './accounts.schemas';

const CapacityBody = Type.Object({
  resource: Defaulted(Type.Union(
    [Type.Literal('concurrent_calls'), Type.Literal('cps')],
    { default: 'concurrent_calls' },
  )),
  slots: Type.Integer({ minimum: 1, maximum: CAPACITY_SLOTS_MAX, examples: [5] }),
  description: Type.Optional(Type.String({ maxLength: DESCRIPTION_LENGTH_MAX })),
});

const MoveResultBody = Type.Object({
  success: Type.Boolean(),
  slots: Type.Integer(),
  resource: Type.String(),
  from_account: Type.String(),
  to_account: Type.String(),
  transfer_reference: Type.String(),
  partner_remaining: Type.Integer(),
  customer_effective: Type.Integer(),
  message: Type.String(),
});

const ConcurrencyBody = Type.Object({
  partner_auth_id: Type.String(),
  customer_auth_id: Type.String(),
  partner_concurrent_calls_limit: Type.Integer(),
  customer_concurrent_calls_limit: Type.Integer(),
  net_concurrent_calls_allocated: Type.Integer(),
  partner_cps_limit: Type.Integer(),
  customer_cps_limit: Type.Integer(),
  net_cps_allocated: Type.Integer(),
  customer_live_calls: Type.Integer({
    description: 'Beyond Vobiz: calls the SIP edge carries for the customer right now',
  }),
});

const TransferItemBody = Type.Object({
  transfer_reference: Type.String(),
  type: Type.String({ examples: ['transfer', 'reclaim'] }),
  resource: Type.String(),
  slots: Type.Integer(),
  from_account: Type.String(),
  to_account: Type.String(),
  description: Nullable(Type.String()),
  partner_remaining: Type.Integer(),
  customer_effective: Type.Integer(),
  created_at: Timestamp,
});

const TransfersQuery = Type.Object({
  limit: Type.Integer({
    minimum: 1,
    maximum: CAPACITY_TRANSFERS_PAGE_SIZE_MAX,
    default: CAPACITY_TRANSFERS_PAGE_SIZE_DEFAULT,
  }),
  offset: Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 }),
});

const TransfersBody = Type.Object({
  transfers: Type.Array(TransferItemBody),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
});

function toWireMoveResult(move: CapacityMove) {
  const verb = move.kind === 'transfer' ? 'Transferred' : 'Reclaimed';
  return {
    success: true,
    slots: move.slots,
    resource: move.resource,
    from_account: move.from_account,
    to_account: move.to_account,
    transfer_reference: move.transfer_reference,
    partner_remaining: move.partner_remaining,
    customer_effective: move.customer_effective,
    message: `${verb} ${move.slots} ${move.resource} slots `
      + `from ${move.from_account} to ${move.to_account}`,
  };
}

function toWireTransferItem(move: CapacityMove) {
  const { kind, created_at: createdAt, ...rest } = move;
  return { ...rest, type: kind, created_at: createdAt.toISOString() };
}

export const concurrencyRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  const actions = [['transfer', transferCapacity], ['reclaim', reclaimCapacity]] as const;
  for (const [action, move] of actions) {
    app.post(`/accounts/:cid/concurrency/${action}`, {
      config: { idempotent: true },
      schema: {
        tags: ['partner'],
        summary: action === 'transfer'
          ? "Move slots from the partner's pool to the customer (adds to its limit)"
          : 'Take slots back from the customer (at most what it was net allocated)',
        params: AccountParams,
        body: CapacityBody,
        response: { 200: MoveResultBody, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    }, async (request) =>
      toWireMoveResult(await move(request.db, request.partner, request.params.cid, request.body)));
  }

  app.get('/accounts/:cid/concurrency', {
    schema: {
      tags: ['partner'],
      summary: "The partner's remaining pool and the customer's limits and net allocation",
      params: AccountParams,
      response: { 200: ConcurrencyBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => getConcurrency(db, request.partner, request.params.cid));

  app.get('/concurrency/transfers', {
    schema: {
      tags: ['partner'],
      summary: 'Capacity transfers and reclaims, newest first',
      querystring: TransfersQuery,
      response: { 200: TransfersBody, ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    const { rows, total } = await listCapacityTransfers(db, request.partner, request.query);
    const { limit, offset } = request.query;
    return { transfers: rows.map(toWireTransferItem), total, limit, offset };
  });
};
