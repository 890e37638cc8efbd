/**
 * GET /api/v1/partner/dashboard and /analytics (vobiz-api.md 1.2): the same body, read from the
 * daily call roll-ups. /analytics takes from_date and to_date; /dashboard accepts them too.
 * Both default to the last 30 days (UTC).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { getPartnerAnalytics, resolvePeriod } from '../../domain/analytics/partner-analytics';
import { errorResponses } from '../schemas/common';
import { AnalyticsBody, AnalyticsQuery, toWireAnalytics } from './dashboard.schemas';

export const dashboardRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, clock }) => {
  for (const path of ['/dashboard', '/analytics']) {
    app.get(path, {
      schema: {
        tags: ['partner'],
        summary: path === '/dashboard'
          ? 'Accounts, balances and calls at a glance'
          : 'Calls over a period',
        querystring: AnalyticsQuery,
        response: { 200: AnalyticsBody, ...errorResponses(401, 403, 422) },
      },
    }, async (request) => {
      const period = resolvePeriod(clock(), request.query.from_date, request.query.to_date);
      return toWireAnalytics(await getPartnerAnalytics(db, request.partner, period));
    });
  }
};
