/** GET /console/partner: the overview, over the dashboard API's own domain function. */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { getPartnerAnalytics, resolvePeriod } from '../../domain/analytics/partner-analytics';
import { getPartnerOverviewCounts } from '../../domain/analytics/partner-overview';
import type { ConsoleDeps } from '../console-deps';
import { attempt, sendHtml } from '../console-http';
import { frameOf, partnerOf } from '../console-scopes';
import { overviewPage } from '../views/overview-pages';

const DAY = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const OverviewQuery = Type.Object({
  from_date: Type.Optional(Type.Union([DAY, Type.Literal('')])),
  to_date: Type.Optional(Type.Union([DAY, Type.Literal('')])),
});

export async function overviewRoutes(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  app.get<{ Querystring: Static<typeof OverviewQuery> }>('/',
    { schema: { querystring: OverviewQuery } },
    async (request, reply) => {
      const { partner } = partnerOf(request);
      const asked = await attempt(async () => resolvePeriod(deps.clock(),
        request.query.from_date || undefined, request.query.to_date || undefined));
      const period = asked.ok ? asked.value : resolvePeriod(deps.clock());
      const [analytics, counts] = await Promise.all([
        getPartnerAnalytics(deps.db, partner, period),
        getPartnerOverviewCounts(deps.db, partner, period),
      ]);
      const k = counts.kycByStatus;
      return sendHtml(reply, asked.ok ? 200 : 422, overviewPage(frameOf(request), {
        period,
        currency: analytics.currency,
        balance: analytics.profile.balance,
        customers: analytics.accounts,
        calls: analytics.calls,
        days: analytics.time_series,
        kyc: {
          pending: (k.email_sent ?? 0) + (k.link_ready ?? 0),
          opened: (k.opened ?? 0) + (k.in_progress ?? 0),
          completed: k.kyc_completed ?? 0,
          failed: k.kyc_failed ?? 0,
          expired: (k.expired ?? 0) + (k.revoked ?? 0),
        },
        numbers: counts.numbers,
        trunks: counts.trunks,
        topCustomers: counts.topCustomers,
        ...(asked.ok ? {} : { errors: asked.failure.fields }),
      }));
    });
}
