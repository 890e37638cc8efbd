/**
 * POST /api/v1/admin/simulate: the operator twin of `dialtone simulate`. Generates realistic
 * calls for one customer and ingests them through the same path a switch's CDRs take (rated,
 * charged to the wallet, rolled up for the dashboard).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { simulateTraffic } from '../../domain/cdrs/simulations';
import { SIMULATED_CALLS_MAX, SIMULATED_DAYS_MAX } from '../../domain/cdrs/simulator';
import { AccountAuthId, Defaulted, errorResponses } from '../schemas/common';

const SimulateBody = Type.Object({
  account_id: AccountAuthId,
  calls: Type.Integer({ minimum: 1, maximum: SIMULATED_CALLS_MAX, examples: [500] }),
  days: Defaulted(Type.Integer({
    minimum: 1, maximum: SIMULATED_DAYS_MAX, default: 30,
    description: 'Spread over the last N days',
  })),
  seed: Type.Optional(Type.Integer({
    minimum: 0, maximum: 2 ** 31 - 1,
    description: 'Same seed, same calls (a rerun adds nothing); random by default',
  })),
});

const SimulateResult = Type.Object({
  account_id: Type.String(),
  seed: Type.Integer(),
  calls: Type.Integer(),
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Integer(),
  total_charged: Type.String({ description: 'Debited from the wallet (exact decimal)' }),
  total_shortfall: Type.String({ description: 'What the wallet could not pay' }),
  currency: Type.String(),
});

export const adminSimulateRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock, metrics } = deps;
  app.post('/simulate', {
    schema: {
      tags: ['admin'],
      summary: "Generate a customer's traffic through CDR ingestion",
      body: SimulateBody,
      response: { 200: SimulateResult, ...errorResponses(401, 404, 422) },
    },
  }, async (request) => {
    const { account_id: accountAuthId, calls, days, seed } = request.body;
    const result = await simulateTraffic(db, clock, { accountAuthId, calls, days, seed });
    for (const charge of result.charges) {
      if (charge.transaction_id !== null) metrics.recordLedger('debit', charge.amount);
    }
    return result;
  });
};
