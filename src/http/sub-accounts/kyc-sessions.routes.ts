/**
 * Hosted KYC for a sub-account, started by its parent (vobiz-sdk-surface.md 3,
 * createSubaccountKycSession): POST /api/v1/sub-accounts/{sub_auth_id}/kyc-sessions. The body
 * and answer are the partner's /kyc-sessions ones, with the sub-account as account_auth_id.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { AppDeps } from '../../app';
import { createSubAccountKycSession } from '../../domain/kyc/sub-account-kyc-sessions';
import { errorResponses, SubAccountAuthId } from '../schemas/common';
import {
  CreatedKycSessionBody,
  CreateKycSessionBody,
  toWireCreatedKycSession,
} from '../partner/kyc-sessions.schemas';
import { SubAccountKycParams } from './kyc.schemas';

const CreateSubAccountKycSessionBody = Type.Object({
  ...CreateKycSessionBody.properties,
  account_auth_id: SubAccountAuthId,
});

export const subAccountKycSessionsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;
  const context = {
    clock, publicBaseUrl: deps.publicBaseUrl, allowPrivateUrls: deps.allowPrivateUrls,
  };

  app.post('/:sub_auth_id/kyc-sessions', {
    config: { idempotent: true, operator: true },
    schema: {
      tags: ['sub-account KYC'],
      summary: 'Hosted KYC for a sub-account: e-mail a widget link or get a widget_url; ' +
        'webhooks kyc.initiated … kyc.completed signed with the parent\'s auth token',
      params: SubAccountKycParams,
      body: CreateSubAccountKycSessionBody,
      response: { 201: CreatedKycSessionBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const created = await createSubAccountKycSession(
      db, context, request.account, request.params.sub_auth_id, request.body);
    reply.code(201);
    return toWireCreatedKycSession(created.session, created.widgetUrl);
  });
};
