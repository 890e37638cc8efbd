/** GET /api/v1/partner/me: the partner's own profile, capability flags and balance. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getPartnerProfile } from '../../domain/partners/partners';
import type { AppDeps } from '../../app';
import { errorResponses } from '../schemas/common';
import { PartnerProfileBody, toWirePartnerProfile } from './partner-profile.schemas';

export const meRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  app.get('/me', {
    schema: {
      tags: ['partner'],
      summary: 'The authenticated partner',
      response: { 200: PartnerProfileBody, ...errorResponses(401, 403) },
    },
  }, async (request) => toWirePartnerProfile(await getPartnerProfile(db, request.partner.id)));
};
