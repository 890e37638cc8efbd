/** Operator routes for partners: create, list, read, change, and recharge their wallet. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { rechargePartner } from '../../domain/ledger/postings';
import {
  createPartner,
  getPartnerProfileByAuthId,
  listPartnerProfiles,
  updatePartner,
} from '../../domain/partners/partners';
import { ACCENT_COLOR_PATTERN, checkBranding } from '../../domain/partners/partner-branding';
import { OUTBOUND_URL_LENGTH_MAX } from '../../domain/net/url-guard';
import type { AppDeps } from '../../app';
import { ACCOUNTS_PAGE_SIZE_MAX, DESCRIPTION_LENGTH_MAX, EMAIL_LENGTH_MAX, NAME_LENGTH_MAX } from '../../limits';
import { forgetCredentials } from '../../domain/auth/credential-cache';
import {
  errorResponses,
  MoneyInput,
  MoneyNumber,
  Nullable,
  Page,
  PartnerAuthId,
  PerPage,
  Timestamp,
} from '../schemas/common';
import { PartnerProfileBody, toWirePartnerProfile } from '../partner/partner-profile.schemas';

const Flags = {
  max_accounts: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  can_create_accounts: Type.Optional(Type.Boolean()),
  can_transfer_balance: Type.Optional(Type.Boolean()),
  can_view_cdrs: Type.Optional(Type.Boolean()),
};

const CreatePartnerBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: NAME_LENGTH_MAX, examples: ['Acme Telecom'] }),
  email: Type.String({ minLength: 3, maxLength: EMAIL_LENGTH_MAX, pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$' }),
  company: Type.Optional(Type.String({ maxLength: NAME_LENGTH_MAX })),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', default: 'INR' })),
  ...Flags,
});

const UpdatePartnerBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: NAME_LENGTH_MAX })),
  company: Type.Optional(Type.String({ maxLength: NAME_LENGTH_MAX })),
  phone: Type.Optional(Type.String({ maxLength: 20 })),
  can_create_pricing_tiers: Type.Optional(Type.Boolean()),
  is_active: Type.Optional(Type.Boolean()),
  logo_url: Type.Optional(Nullable(Type.String({ maxLength: OUTBOUND_URL_LENGTH_MAX }))),
  accent_color: Type.Optional(Nullable(Type.String({ pattern: ACCENT_COLOR_PATTERN }))),
  ...Flags,
}, { minProperties: 1 });

const CreditBody = Type.Object({
  amount: MoneyInput,
  description: Type.Optional(Type.String({ maxLength: DESCRIPTION_LENGTH_MAX })),
  reference: Type.Optional(Type.String({ maxLength: 255 })),
});

const CreditResult = Type.Object({
  transaction_id: Type.String(),
  partner_auth_id: Type.String(),
  amount: MoneyNumber,
  currency: Type.String(),
  balance_after: MoneyNumber,
  description: Nullable(Type.String()),
  reference: Nullable(Type.String()),
  created_at: Timestamp,
});

const PartnerParams = Type.Object({ auth_id: PartnerAuthId });

export const adminPartnersRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, sealer, metrics, allowPrivateUrls }) => {
  app.post('/partners', {
    config: { idempotent: true },
    schema: {
      tags: ['admin'],
      summary: 'Create a partner (its auth_token is shown only in this answer)',
      body: CreatePartnerBody,
      response: {
        201: Type.Object({ ...PartnerProfileBody.properties, auth_token: Type.String() }),
        ...errorResponses(401, 422),
      },
    },
  }, async (request, reply) => {
    const { profile, authToken } = await createPartner(request.db, sealer, request.body);
    reply.code(201);
    return { ...toWirePartnerProfile(profile), auth_token: authToken };
  });

  app.get('/partners', {
    schema: {
      tags: ['admin'],
      summary: 'List partners',
      querystring: Type.Object({ page: Page, per_page: PerPage(ACCOUNTS_PAGE_SIZE_MAX) }),
      response: {
        200: Type.Object({
          partners: Type.Array(PartnerProfileBody),
          total: Type.Integer(),
          page: Type.Integer(),
          size: Type.Integer(),
        }),
        ...errorResponses(401, 422),
      },
    },
  }, async (request) => {
    const { page, per_page: perPage } = request.query;
    const { rows, total } = await listPartnerProfiles(db, page, perPage);
    return { partners: rows.map(toWirePartnerProfile), total, page, size: perPage };
  });

  app.get('/partners/:auth_id', {
    schema: {
      tags: ['admin'],
      summary: 'One partner',
      params: PartnerParams,
      response: { 200: PartnerProfileBody, ...errorResponses(401, 404, 422) },
    },
  }, async (request) => toWirePartnerProfile(await getPartnerProfileByAuthId(db, request.params.auth_id)));

  app.patch('/partners/:auth_id', {
    schema: {
      tags: ['admin'],
      summary: "Change a partner's flags, limits, is_active or KYC widget branding",
      params: PartnerParams,
      body: UpdatePartnerBody,
      response: { 200: PartnerProfileBody, ...errorResponses(401, 404, 422) },
    },
  }, async (request) => {
    const changes = await checkBranding(request.body, { allowPrivateUrls });
    const profile = await updatePartner(db, request.params.auth_id, changes);
    forgetCredentials(profile.auth_id);
    return toWirePartnerProfile(profile);
  });

  app.post('/partners/:auth_id/credit', {
    config: { idempotent: true },
    schema: {
      tags: ['admin'],
      summary: "Recharge a partner's master wallet (a ledger recharge)",
      params: PartnerParams,
      body: CreditBody,
      response: { 200: CreditResult, ...errorResponses(400, 401, 404, 422) },
    },
  }, async (request) => {
    const { amount, description, reference } = request.body;
    const recharge = await rechargePartner(request.db, request.params.auth_id, {
      amount: String(amount), description, reference,
    });
    metrics.recordLedger('recharge', recharge.amount);
    return { ...recharge, created_at: recharge.created_at.toISOString() };
  });
};
