/**
 * Channel pricing and subscriptions (vobiz-sdk-surface.md §5), under the lower-case plural
 * /api/v1/accounts/{auth_id}: what channels cost, and buying them by the month.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import type { ChannelQuote } from '../../domain/capacity/channel-pricing';
import {
  createChannelSubscription,
  previewChannelPricing,
  type ChannelSubscriptionRow,
} from '../../domain/capacity/channel-subscriptions';
import { CHANNEL_SUBSCRIPTION_QUANTITY_MAX } from '../../limits';
import { CustomerPathParams, errorResponses, Nullable, Timestamp } from '../schemas/common';

const ResourceType = Type.Union([Type.Literal('concurrent_calls'), Type.Literal('cps')]);
const Quantity = Type.Integer({
  minimum: 1, maximum: CHANNEL_SUBSCRIPTION_QUANTITY_MAX,
  description: "Channels; a multiple of the pricing tier's block size", examples: [5],
});
const ChannelRequest = Type.Object({ resource_type: ResourceType, quantity: Quantity });
const DecimalText = Type.String({ examples: ['2500.00000'], description: 'Exact decimal' });

const PreviewBody = Type.Object({
  resource_type: ResourceType,
  quantity: Type.Integer(),
  monthly_cost: DecimalText,
  currency: Type.String(),
  breakdown: Type.Array(Type.Object({
    resource_type: ResourceType,
    quantity: Type.Integer(),
    unit_price: DecimalText,
    block_size: Type.Integer(),
    amount: DecimalText,
    pricing_tier_id: Type.String({ description: '"" when the platform price applies' }),
  })),
});

const SubscriptionBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  account_id: Type.Integer({ description: "The account's numeric id" }),
  resource_type: ResourceType,
  quantity: Type.Integer(),
  monthly_cost: DecimalText,
  currency: Type.String(),
  status: Type.String({ examples: ['active'] }),
  is_active: Type.Boolean(),
  last_billing_date: Timestamp,
  next_billing_date: Timestamp,
  purchased_at: Timestamp,
  created_at: Timestamp,
  updated_at: Timestamp,
  cancelled_at: Nullable(Timestamp),
  cancellation_reason: Nullable(Type.String()),
});

function toWirePreview(quote: ChannelQuote) {
  const { resource_type, quantity, monthly_cost, currency } = quote;
  return {
    resource_type, quantity, monthly_cost, currency,
    breakdown: [{
      resource_type, quantity, unit_price: quote.unit_price, block_size: quote.block_size,
      amount: monthly_cost, pricing_tier_id: quote.pricing_tier_id ?? '',
    }],
  };
}

function toWireSubscription(row: ChannelSubscriptionRow) {
  return {
    ...row,
    account_id: Number(row.account_id),
    is_active: row.status === 'active',
    last_billing_date: row.last_billing_date.toISOString(),
    next_billing_date: row.next_billing_date.toISOString(),
    purchased_at: row.purchased_at.toISOString(),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    cancelled_at: row.cancelled_at?.toISOString() ?? null,
  };
}

export const channelSubscriptionsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;

  // The operator may quote and buy for an account: the account's own wallet and ledger pay.
  app.get('/channel-pricing-preview', {
    config: { operator: true },
    schema: {
      tags: ['customer'],
      summary: 'What channels would cost a month (buys nothing)',
      params: CustomerPathParams,
      querystring: ChannelRequest,
      response: { 200: PreviewBody, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request) => {
    const { resource_type: resourceType, quantity } = request.query;
    const quote = await previewChannelPricing(db, request.account, { resourceType, quantity });
    return toWirePreview(quote);
  });

  app.post('/channel-subscriptions', {
    config: { idempotent: true, operator: true },
    schema: {
      tags: ['customer'],
      summary: 'Buy channels by the month: the first month is debited now, renewed every 30 days',
      params: CustomerPathParams,
      body: ChannelRequest,
      response: { 201: SubscriptionBody, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request, reply) => {
    const { resource_type: resourceType, quantity } = request.body;
    const subscription = await createChannelSubscription(
      db, request.account, { resourceType, quantity }, clock(),
    );
    reply.code(201);
    return toWireSubscription(subscription);
  });
};
