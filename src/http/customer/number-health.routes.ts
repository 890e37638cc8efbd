/**
 * GET /account/{auth_id}/numbers/{e164}/health (vobiz-sdk-surface.md §6): one number's calls
 * per day or hour over a window, with totals. Minutes and averages are of billed talk time.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { type HealthBucket, getNumberHealth } from '../../domain/numbers/number-health';
import { NUMBER_HEALTH_DAYS_DEFAULT, NUMBER_HEALTH_DAYS_MAX } from '../../limits';
import { errorResponses } from '../schemas/common';
import { e164FromPath, SharedNumberParams } from './numbers.schemas';

const HealthQuery = Type.Object({
  granularity: Type.Optional(Type.Union([Type.Literal('daily'), Type.Literal('hourly')], {
    description: 'Bucket size; daily when omitted',
  })),
  days: Type.Optional(Type.Integer({
    minimum: 1, maximum: NUMBER_HEALTH_DAYS_MAX,
    description: `Window in days; ${NUMBER_HEALTH_DAYS_DEFAULT} when omitted`,
  })),
});

const Figures = {
  total_calls: Type.Integer(),
  answered_calls: Type.Integer(),
  answer_rate: Type.Number({ description: 'Percent answered, 2 decimals' }),
  total_minutes: Type.Number({ description: 'Billed talk minutes, 2 decimals' }),
  avg_duration: Type.Number({ description: 'Mean billed seconds of an answered call' }),
};

const HealthBody = Type.Object({
  e164: Type.String(),
  status: Type.String({ examples: ['active'] }),
  usage_status: Type.String({ examples: ['active'], description: 'active, or unused in the window' }),
  is_spam: Type.Boolean(),
  granularity: Type.String(),
  summary: Type.Object({ period_days: Type.Integer(), ...Figures }),
  snapshots: Type.Array(Type.Object({
    id: Type.String(), ts: Type.String({ format: 'date-time' }), ...Figures,
    failed_calls: Type.Integer(), total_duration: Type.Integer({ description: 'Seconds' }),
  })),
});

const round2 = (value: number) => Math.round(value * 100) / 100;

function figures(bucket: Omit<HealthBucket, 'bucket_start'>) {
  return {
    total_calls: bucket.total_calls,
    answered_calls: bucket.answered_calls,
    answer_rate: bucket.total_calls === 0 ? 0 : round2((bucket.answered_calls / bucket.total_calls) * 100),
    total_minutes: round2(bucket.total_billsec / 60),
    avg_duration: bucket.answered_calls === 0 ? 0 : round2(bucket.total_billsec / bucket.answered_calls),
  };
}

export const numberHealthRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, clock }) => {
  app.get('/numbers/:e164/health', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: "A number's calls per day or hour, with totals",
      params: SharedNumberParams,
      querystring: HealthQuery,
      response: { 200: HealthBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const granularity = request.query.granularity ?? 'daily';
    const days = request.query.days ?? NUMBER_HEALTH_DAYS_DEFAULT;
    const e164 = e164FromPath(request.params.e164);
    const health = await getNumberHealth(db, request.account, e164, { granularity, days }, clock());
    const total = health.buckets.reduce((sum, bucket) => ({
      total_calls: sum.total_calls + bucket.total_calls,
      answered_calls: sum.answered_calls + bucket.answered_calls,
      total_duration: sum.total_duration + bucket.total_duration,
      total_billsec: sum.total_billsec + bucket.total_billsec,
    }), { total_calls: 0, answered_calls: 0, total_duration: 0, total_billsec: 0 });
    return {
      e164: health.e164,
      status: health.status,
      usage_status: total.total_calls === 0 ? 'unused' : 'active',
      is_spam: false,
      granularity,
      summary: { period_days: days, ...figures(total) },
      snapshots: health.buckets.map((bucket) => ({
        id: bucket.bucket_start.toISOString(),
        ts: bucket.bucket_start.toISOString(),
        ...figures(bucket),
        failed_calls: bucket.total_calls - bucket.answered_calls,
        total_duration: bucket.total_duration,
      })),
    };
  });
};
