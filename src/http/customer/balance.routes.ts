/** GET /Account/{auth_id}/balance/{currency} (vobiz-api.md 2.3): the customer's own wallet. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { getAccountWallet } from '../../domain/accounts/wallets';
import type { AppDeps } from '../../app';
import { AccountOrSubAccountAuthId, MoneyNumber, errorResponses, Timestamp } from '../schemas/common';

const BalanceBody = Type.Object({
  id: Type.String(),
  account_id: Type.String(),
  currency: Type.String(),
  balance: MoneyNumber,
  reserved_funds: MoneyNumber,
  promotional_balance: MoneyNumber,
  promotional_reserved_balance: MoneyNumber,
  available_balance: MoneyNumber,
  credit_limit: MoneyNumber,
  is_postpaid: Type.Boolean(),
  credit_limit_type: Type.String(),
  low_balance_threshold: MoneyNumber,
  status: Type.String(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

const ZERO = '0.00000';

export const balanceRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, { db }) => {
  // A sub-account reads its parent's wallet: the one that pays for its usage.
  app.get('/balance/:currency', {
    config: { subAccounts: true },
    schema: {
      tags: ['customer'],
      summary: "The customer's wallet in one currency",
      params: Type.Object({ auth_id: AccountOrSubAccountAuthId, currency: Type.String({ minLength: 3, maxLength: 3 }) }),
      response: { 200: BalanceBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const wallet = await getAccountWallet(db, request.account, request.params.currency.toUpperCase());
    return {
      id: wallet.balance_id,
      account_id: request.account.authId,
      currency: wallet.currency,
      balance: wallet.balance,
      reserved_funds: ZERO,
      promotional_balance: ZERO,
      promotional_reserved_balance: ZERO,
      available_balance: wallet.balance,
      credit_limit: ZERO,
      is_postpaid: false,
      credit_limit_type: 'none',
      low_balance_threshold: ZERO,
      status: 'active',
      created_at: wallet.created_at.toISOString(),
      updated_at: wallet.updated_at.toISOString(),
    };
  });
};
