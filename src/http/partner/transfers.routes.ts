/** POST /accounts/{cid}/transfer-balance (vobiz-api.md 1.4). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { transferBalance } from '../../domain/ledger/transfers';
import type { AppDeps } from '../../app';
import { DESCRIPTION_LENGTH_MAX } from '../../limits';
import { errorResponses, MoneyInput, MoneyNumber, Nullable, Timestamp } from '../schemas/common';
import { AccountParams } from './accounts.schemas';

const TransferBody = Type.Object({
  amount: MoneyInput,
  currency: Type.String({ minLength: 3, maxLength: 3, examples: ['INR'] }),
  description: Type.Optional(Type.String({ maxLength: DESCRIPTION_LENGTH_MAX, examples: ['April recharge'] })),
});

const TransferResult = Type.Object({
  transaction_id: Type.String({ examples: ['txn_aabbccdd1234'] }),
  from_account: Type.String(),
  to_account: Type.String(),
  amount: MoneyNumber,
  currency: Type.String(),
  description: Nullable(Type.String()),
  status: Type.Literal('completed'),
  partner_balance_after: MoneyNumber,
  customer_balance_after: MoneyNumber,
  timestamp: Timestamp,
});

export const transfersRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db, metrics }) => {
  app.post('/accounts/:cid/transfer-balance', {
    config: { idempotent: true },
    schema: {
      tags: ['partner'],
      summary: "Move money from the partner's master wallet to a customer's wallet",
      description: 'Atomic and exact. Send an Idempotency-Key header to make retries safe.',
      params: AccountParams,
      body: TransferBody,
      response: { 200: TransferResult, ...errorResponses(400, 401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const { amount, currency, description } = request.body;
    const transfer = await transferBalance(request.db, request.partner, request.params.cid, {
      amount: String(amount),
      currency,
      description,
    });
    metrics.recordLedger('transfer', transfer.amount);
    return { ...transfer, timestamp: transfer.timestamp.toISOString() };
  });
};
