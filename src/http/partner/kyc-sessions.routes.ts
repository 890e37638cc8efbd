/** KYC sessions of the authenticated partner (vobiz-api.md 1.9). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { maskEmail } from '../../domain/kyc/identifiers';
import {
  createKycSession,
  getKycSession,
  listKycSessions,
  resendKycEmail,
  revokeKycSession,
} from '../../domain/kyc/kyc-sessions';
import { errorResponses } from '../schemas/common';
import {
  CreatedKycSessionBody,
  CreateKycSessionBody,
  KycSessionBody,
  KycSessionParams,
  ListKycSessionsBody,
  ListKycSessionsQuery,
  ResentBody,
  RevokedBody,
  RevokeKycSessionBody,
  toWireCreatedKycSession,
  toWireKycSession,
} from './kyc-sessions.schemas';

export const kycSessionsRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;
  const context = {
    clock, publicBaseUrl: deps.publicBaseUrl, allowPrivateUrls: deps.allowPrivateUrls,
  };

  app.post('/kyc-sessions', {
    config: { idempotent: true },
    schema: {
      tags: ['partner'],
      summary: 'Start a KYC session: e-mail the customer a link, or get a widget_url',
      body: CreateKycSessionBody,
      response: { 201: CreatedKycSessionBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request, reply) => {
    const created = await createKycSession(request.db, context, request.partner, request.body);
    reply.code(201);
    return toWireCreatedKycSession(created.session, created.widgetUrl);
  });

  app.get('/kyc-sessions', {
    schema: {
      tags: ['partner'],
      summary: 'List KYC sessions, newest first',
      querystring: ListKycSessionsQuery,
      response: { 200: ListKycSessionsBody, ...errorResponses(401, 403, 422) },
    },
  }, async (request) => {
    const { page, size, status, account_auth_id: accountAuthId } = request.query;
    const query = { page, size, status, accountAuthId };
    const { rows, total } = await listKycSessions(db, request.partner, query);
    return { sessions: rows.map(toWireKycSession), total, page, size };
  });

  app.get('/kyc-sessions/:sid', {
    schema: {
      tags: ['partner'],
      summary: 'One KYC session with its verified data',
      params: KycSessionParams,
      response: { 200: KycSessionBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => {
    const session = await getKycSession(db, request.partner, request.params.sid);
    return toWireKycSession(session);
  });

  app.post('/kyc-sessions/:sid/resend', {
    schema: {
      tags: ['partner'],
      summary: 'E-mail the link again (email flow; once per 30 minutes since the last send)',
      params: KycSessionParams,
      response: { 200: ResentBody, ...errorResponses(400, 401, 403, 404, 409, 422, 429) },
    },
  }, async (request) => {
    const session = await resendKycEmail(db, clock, request.partner, request.params.sid);
    return {
      message: 'KYC email resent successfully',
      session_id: session.id,
      email_dispatched_to: maskEmail(session.customer_email ?? ''),
    };
  });

  app.delete('/kyc-sessions/:sid', {
    schema: {
      tags: ['partner'],
      summary: 'Revoke a session: its link stops working at once and kyc.session_revoked is sent',
      params: KycSessionParams,
      body: RevokeKycSessionBody,
      response: { 200: RevokedBody, ...errorResponses(401, 403, 404, 409, 422) },
    },
  }, async (request) => {
    const reason = request.body?.reason;
    const session = await revokeKycSession(db, clock, request.partner, request.params.sid, reason);
    return { message: 'Session revoked', session_id: session.id };
  });
};
