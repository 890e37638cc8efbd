/**
 * POST/DELETE /account/{auth_id}/numbers/{e164}/assign-subaccount (vobiz-sdk-surface.md §6):
 * move a DID between the parent's pool and one of its sub-accounts. MA_ credentials only (an
 * SA_ credential gets 403). force=true is the operator's (403 here; see the admin route).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { DomainError } from '../../domain/errors';
import {
  assignNumberToSubAccount,
  unassignNumberFromSubAccount,
} from '../../domain/numbers/sub-account-assignment';
import { DID_COOL_OFF_DAYS } from '../../limits';
import { errorResponses, SubAccountAuthId } from '../schemas/common';
import { AssignResultBody, e164FromPath, NumberParams, toWireNumber } from './numbers.schemas';

const AssignSubAccountBody = Type.Object({ sub_account_id: SubAccountAuthId });

export const UnassignSubAccountQuery = Type.Object({
  force: Type.Boolean({
    default: false,
    description: `Skip the ${DID_COOL_OFF_DAYS}-day cool-off (operator only)`,
  }),
});

export const numberSubAccountsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;

  app.post('/numbers/:e164/assign-subaccount', {
    schema: {
      tags: ['customer'],
      summary: "Give one of the account's numbers to one of its sub-accounts",
      params: NumberParams,
      body: AssignSubAccountBody,
      response: { 200: AssignResultBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const e164 = e164FromPath(request.params.e164);
    const number = await assignNumberToSubAccount(
      db, request.account.id, e164, request.body.sub_account_id, clock(),
    );
    return { message: 'Number assigned to sub-account', number: toWireNumber(number) };
  });

  app.delete('/numbers/:e164/assign-subaccount', {
    schema: {
      tags: ['customer'],
      summary: `Take a number back from its sub-account (409 did_cool_off_in_effect while it ` +
        `had a call within ${DID_COOL_OFF_DAYS} days)`,
      params: NumberParams,
      querystring: UnassignSubAccountQuery,
      response: { 200: AssignResultBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    if (request.query.force) {
      throw new DomainError('forbidden', 'force is reserved to the operator');
    }
    const e164 = e164FromPath(request.params.e164);
    const number = await unassignNumberFromSubAccount(
      db, request.account.id, e164, { force: false }, clock(),
    );
    return { message: 'Number returned to the account', number: toWireNumber(number) };
  });
};
