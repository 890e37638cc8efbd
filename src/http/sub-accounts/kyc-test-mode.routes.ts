/**
 * Test mode of headless KYC (vobiz-sdk-surface.md 4): /api/v1/sub-accounts/test/{sub_auth_id}/
 * kyc/…, answered from magic inputs without the provider; rows are written all the same.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import {
  finalizePendingMock,
  mockCompleteDigiLocker,
  mockConfirmCin,
  mockSearchCompanies,
  mockStartDigiLocker,
  mockVerifyDocument,
} from '../../domain/kyc/sub-account-kyc-test-mode';
import { errorResponses } from '../schemas/common';
import {
  CinConfirmBody,
  CinSearchBody,
  CompaniesBody,
  DigiLockerInitiateBody,
  DigiLockerStartBody,
  DigiLockerVerifyBody,
  FinalizePendingBody,
  GstBody,
  PanBody,
  SubAccountKycParams,
  VerificationResultBody,
} from './kyc.schemas';

const tags = ['sub-account KYC test mode'];
const stepErrors = errorResponses(400, 401, 403, 404, 422);

export const subAccountKycTestModeRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, clock } = deps;

  for (const [suffix, type] of [['verify-pan', 'pan'], ['verify-gst', 'gst']] as const) {
    app.post(`/test/:sub_auth_id/kyc/${suffix}`, {
      config: { operator: true },
      schema: {
        tags,
        summary: `Mock ${type} check: TESTSUCCESS0001 verified, TESTFAIL0001 failed, ` +
          'TESTERROR0001 500 (nothing written), TESTPENDING001 / TESTPENDING_FAIL pending',
        params: SubAccountKycParams, body: type === 'pan' ? PanBody : GstBody,
        response: { 200: VerificationResultBody, ...errorResponses(400, 401, 403, 404, 422, 500) },
      },
    }, async (request) => {
      const body = request.body as { pan?: string; gstin?: string };
      return mockVerifyDocument(db, request.account, request.params.sub_auth_id, {
        type, document: body.pan ?? body.gstin ?? '', now: clock(),
      });
    });
  }

  app.post('/test/:sub_auth_id/kyc/cin/search', {
    config: { operator: true },
    schema: {
      tags, summary: 'Fixed fake company matches',
      params: SubAccountKycParams, body: CinSearchBody,
      response: { 200: CompaniesBody, ...stepErrors },
    },
  }, async (request) =>
    mockSearchCompanies(db, request.account, request.params.sub_auth_id, request.body.company_name));

  app.post('/test/:sub_auth_id/kyc/cin/confirm', {
    config: { operator: true },
    schema: {
      tags, summary: 'Verified when selected_cin starts with U72900KA2024PTC123456, else failed',
      params: SubAccountKycParams, body: CinConfirmBody,
      response: { 200: VerificationResultBody, ...stepErrors },
    },
  }, async (request) => mockConfirmCin(db, request.account, request.params.sub_auth_id, {
    cin: request.body.selected_cin, now: clock(),
  }));

  app.post('/test/:sub_auth_id/kyc/digilocker/initiate', {
    config: { operator: true },
    schema: {
      tags, summary: 'A pending mock aadhaar verification with access_request_id MOCK_AR_SUCCESS',
      params: SubAccountKycParams, body: DigiLockerInitiateBody,
      response: { 200: DigiLockerStartBody, ...stepErrors },
    },
  }, async (request) => mockStartDigiLocker(db, request.account, request.params.sub_auth_id, {
    redirectUrl: request.body.redirect_url, now: clock(),
  }));

  app.post('/test/:sub_auth_id/kyc/digilocker/verify', {
    config: { operator: true },
    schema: {
      tags, summary: 'MOCK_AR_SUCCESS verified, MOCK_AR_FAIL failed',
      params: SubAccountKycParams, body: DigiLockerVerifyBody,
      response: { 200: VerificationResultBody, ...stepErrors },
    },
  }, async (request) => mockCompleteDigiLocker(db, request.account, request.params.sub_auth_id, {
    accessRequestId: request.body.access_request_id, now: clock(),
  }));

  app.post('/test/:sub_auth_id/kyc/finalize-pending', {
    config: { operator: true },
    schema: {
      tags, summary: 'Move the most recent pending mock of a type to verified or failed',
      params: SubAccountKycParams, body: FinalizePendingBody,
      response: { 200: VerificationResultBody, ...stepErrors },
    },
  }, async (request) => finalizePendingMock(db, request.account, request.params.sub_auth_id, {
    type: request.body.verification_type, outcome: request.body.outcome, now: clock(),
  }));
};
