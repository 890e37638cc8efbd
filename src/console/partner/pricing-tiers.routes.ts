/**
 * Pricing tiers: list, create, edit, and (on the customer page) assign. Integer fields arrive as
 * text from the form; anything but digits is a field error before the use case runs.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { assignPricingTier } from '../../domain/pricing/pricing-tier-assignments';
import {
  createPricingTier, getPricingTier, listPricingTiers, type PricingTierFields, updatePricingTier,
} from '../../domain/pricing/pricing-tiers';
import { invalidField } from '../../domain/errors';
import { UUID_PATTERN } from '../../domain/ids';
import { CONSOLE_PAGE_SIZE } from '../../limits';
import type { ConsoleDeps } from '../console-deps';
import { attempt, type FormFailure, seeOther, sendHtml } from '../console-http';
import { frameOf, partnerOf } from '../console-scopes';
import { customerPage } from '../views/customer-pages';
import { pricingTierPage, pricingTiersPage, tierValues } from '../views/pricing-pages';
import { customerPageInput } from './customers.routes';

const Text = (maxLength: number) => Type.String({ maxLength });
const TierBody = Type.Object({
  name: Text(100), rate_per_minute: Text(30), billing_increment_seconds: Text(10),
  minimum_duration_seconds: Text(10), is_default: Type.Optional(Text(3)),
});
const TierParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN }) });
const AssignParams = Type.Object({ authId: Text(20) });
const AssignBody = Type.Object({
  pricing_tier_id: Type.Union([Type.Literal(''), Type.String({ pattern: UUID_PATTERN })]),
});
const ListQuery = Type.Object({
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
  notice: Type.Optional(Text(30)),
});

type TierFormBody = Static<typeof TierBody>;

function wholeSeconds(name: string, text: string): number {
  if (!/^\d{1,9}$/.test(text)) {
    throw invalidField(['body', name], `${name} must be a whole number of seconds`, text);
  }
  return Number(text);
}

type TierFormFields = Pick<PricingTierFields, 'name' | 'rate_per_minute' | 'is_default'
  | 'billing_increment_seconds' | 'minimum_duration_seconds'>;

function changesOf(body: TierFormBody): TierFormFields {
  return {
    name: body.name,
    rate_per_minute: body.rate_per_minute,
    billing_increment_seconds:
      wholeSeconds('billing_increment_seconds', body.billing_increment_seconds),
    minimum_duration_seconds:
      wholeSeconds('minimum_duration_seconds', body.minimum_duration_seconds),
    is_default: body.is_default === 'on',
  };
}

function formOf(values: Record<string, string | undefined>, failure: FormFailure) {
  const typed = Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, value ?? '']));
  return { values: typed, errors: failure.fields, message: failure.message };
}

const NOTICES: Record<string, string> = {
  created: 'The pricing tier was created.',
  saved: 'The pricing tier was saved.',
};

export async function pricingTiersRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const renderList = async (request: Parameters<typeof partnerOf>[0], page: number,
    form: Parameters<typeof pricingTiersPage>[1]['form'], notice?: string) => {
    const { rows, total } = await listPricingTiers(deps.db, partnerOf(request).partner,
      { page, perPage: CONSOLE_PAGE_SIZE });
    return pricingTiersPage(frameOf(request),
      { rows, total, page, size: CONSOLE_PAGE_SIZE, form, notice });
  };

  app.get<{ Querystring: Static<typeof ListQuery> }>('/pricing-tiers',
    { schema: { querystring: ListQuery } },
    async (request, reply) => sendHtml(reply, 200, await renderList(request, request.query.page,
      { values: { billing_increment_seconds: '60', minimum_duration_seconds: '60' } },
      request.query.notice === undefined ? undefined : NOTICES[request.query.notice])));

  app.post<{ Body: TierFormBody }>('/pricing-tiers', { schema: { body: TierBody } },
    async (request, reply) => {
      const outcome = await attempt(() =>
        createPricingTier(deps.db, partnerOf(request).partner, changesOf(request.body)));
      if (outcome.ok) return seeOther(reply, '/console/partner/pricing-tiers?notice=created');
      const form = formOf(request.body, outcome.failure);
      return sendHtml(reply, 422, await renderList(request, 1, form));
    });

  app.get<{ Params: Static<typeof TierParams> }>('/pricing-tiers/:id',
    { schema: { params: TierParams } },
    async (request, reply) => {
      const tier = await getPricingTier(deps.db, partnerOf(request).partner, request.params.id);
      const form = { values: tierValues(tier) };
      return sendHtml(reply, 200, pricingTierPage(frameOf(request), { tier, form }));
    });

  app.post<{ Params: Static<typeof TierParams>; Body: TierFormBody }>('/pricing-tiers/:id',
    { schema: { params: TierParams, body: TierBody } },
    async (request, reply) => {
      const { partner } = partnerOf(request);
      const tier = await getPricingTier(deps.db, partner, request.params.id);
      const outcome = await attempt(() =>
        updatePricingTier(deps.db, partner, tier.id, changesOf(request.body)));
      if (outcome.ok) return seeOther(reply, '/console/partner/pricing-tiers?notice=saved');
      const form = formOf(request.body, outcome.failure);
      return sendHtml(reply, 422, pricingTierPage(frameOf(request), { tier, form }));
    });

  app.post<{ Params: Static<typeof AssignParams>; Body: Static<typeof AssignBody> }>(
    '/customers/:authId/pricing-tier', { schema: { params: AssignParams, body: AssignBody } },
    async (request, reply) => {
      const { authId } = request.params;
      const outcome = await attempt(() =>
        assignPricingTier(deps.db, partnerOf(request).partner, authId,
          request.body.pricing_tier_id || null));
      const back = `/console/partner/customers/${encodeURIComponent(authId)}`;
      if (outcome.ok) return seeOther(reply, `${back}?notice=tier_assigned`);
      const input = await customerPageInput(deps, request, authId);
      const page = customerPage(frameOf(request), { ...input, notice: outcome.failure.message });
      return sendHtml(reply, 422, page);
    });
}
