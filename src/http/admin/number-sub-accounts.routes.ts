/**
 * DELETE /api/v1/admin/accounts/{auth_id}/numbers/{e164}/assign-subaccount: the operator's side
 * of unassignDidFromSubaccount (vobiz-sdk-surface.md §6). Vobiz enforces "force is admin-only"
 * at its gateway; here the operator token is that gateway. force=true skips the cool-off and is
 * audited (did_assignment_audit).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import {
  accountIdByAuthId,
  unassignNumberFromSubAccount,
} from '../../domain/numbers/sub-account-assignment';
import { UnassignSubAccountQuery } from '../customer/number-sub-accounts.routes';
import {
  AssignResultBody,
  e164FromPath,
  NumberParams,
  toWireNumber,
} from '../customer/numbers.schemas';
import { errorResponses } from '../schemas/common';

export const adminNumberSubAccountsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (
  app, deps,
) => {
  const { db, clock } = deps;

  app.delete('/accounts/:auth_id/numbers/:e164/assign-subaccount', {
    schema: {
      tags: ['admin'],
      summary: "Take an account's number back from its sub-account; force=true skips the " +
        'cool-off (audited)',
      params: NumberParams,
      querystring: UnassignSubAccountQuery,
      response: { 200: AssignResultBody, ...errorResponses(401, 404, 409, 422) },
    },
  }, async (request) => {
    const accountId = await accountIdByAuthId(db, request.params.auth_id);
    const e164 = e164FromPath(request.params.e164);
    const number = await unassignNumberFromSubAccount(
      db, accountId, e164, { force: request.query.force }, clock(),
    );
    return { message: 'Number returned to the account', number: toWireNumber(number) };
  });
};
