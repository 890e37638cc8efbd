/**
 * Pricing tiers of the authenticated partner (CRUD, one default) and their assignment to a
 * customer (beyond Vobiz's documented routes; the account object shows pricing_tier_id).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { getAccount } from '../../domain/accounts/accounts';
import { assignPricingTier } from '../../domain/pricing/pricing-tier-assignments';
import {
  type NewPricingTier,
  type PricingTierChanges,
  createPricingTier,
  deletePricingTier,
  getPricingTier,
  listPricingTiers,
  updatePricingTier,
} from '../../domain/pricing/pricing-tiers';
import { errorResponses } from '../schemas/common';
import { AccountParams, AccountWithTokenBody, toWireAccount } from './accounts.schemas';
import {
  AssignPricingTierBody,
  CreatePricingTierBody,
  DeletedPricingTierBody,
  ListPricingTiersBody,
  ListPricingTiersQuery,
  PricingTierBody,
  PricingTierParams,
  UpdatePricingTierBody,
  toWirePricingTier,
  withMoneyAsText,
} from './pricing-tiers.schemas';

export const pricingTiersRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, sealer } = deps;
  const tags = ['partner'];

  app.post('/pricing-tiers', {
    config: { idempotent: true },
    schema: {
      tags, summary: 'Create a pricing tier', body: CreatePricingTierBody,
      response: { 201: PricingTierBody, ...errorResponses(401, 403, 409, 422) },
    },
  }, async (request, reply) => {
    const input = withMoneyAsText<NewPricingTier>(request.body);
    const tier = await createPricingTier(request.db, request.partner, input);
    reply.code(201);
    return toWirePricingTier(tier);
  });

  app.get('/pricing-tiers', {
    schema: {
      tags, summary: "The partner's pricing tiers, newest first",
      querystring: ListPricingTiersQuery,
      response: { 200: ListPricingTiersBody, ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    const { page, per_page: perPage } = request.query;
    const { rows, total } = await listPricingTiers(db, request.partner, { page, perPage });
    return { pricing_tiers: rows.map(toWirePricingTier), total, page, per_page: perPage };
  });

  app.get('/pricing-tiers/:tier_id', {
    schema: {
      tags, summary: 'One pricing tier', params: PricingTierParams,
      response: { 200: PricingTierBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const tier = await getPricingTier(db, request.partner, request.params.tier_id);
    return toWirePricingTier(tier);
  });

  app.patch('/pricing-tiers/:tier_id', {
    schema: {
      tags, summary: 'Change a pricing tier (applies to calls ingested afterwards)',
      params: PricingTierParams, body: UpdatePricingTierBody,
      response: { 200: PricingTierBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const changes = withMoneyAsText<PricingTierChanges>(request.body);
    const tier = await updatePricingTier(db, request.partner, request.params.tier_id, changes);
    return toWirePricingTier(tier);
  });

  app.delete('/pricing-tiers/:tier_id', {
    schema: {
      tags, summary: 'Delete a pricing tier that is neither the default nor assigned',
      params: PricingTierParams,
      response: { 200: DeletedPricingTierBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    await deletePricingTier(db, request.partner, request.params.tier_id);
    return { id: request.params.tier_id, deleted: true };
  });

  app.post('/accounts/:cid/pricing-tier', {
    schema: {
      tags, summary: "Assign a pricing tier to a customer (null: the partner's default)",
      params: AccountParams, body: AssignPricingTierBody,
      response: { 200: AccountWithTokenBody, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (request) => {
    const tierId = request.body.pricing_tier_id;
    await assignPricingTier(db, request.partner, request.params.cid, tierId);
    const account = await getAccount(db, sealer, request.partner, request.params.cid);
    return { ...toWireAccount(account), auth_token: account.auth_token };
  });
};
