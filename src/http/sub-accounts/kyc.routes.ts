/**
 * Headless KYC of a sub-account, called by its parent (vobiz-sdk-surface.md 3):
 * /api/v1/sub-accounts/{sub_auth_id}/kyc/…, answered by the configured identity provider.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app';
import { getSubAccountKycStatus } from '../../domain/kyc/kyc-verifications';
import {
  completeSubAccountDigiLocker,
  confirmSubAccountCin,
  searchSubAccountCompanies,
  startSubAccountDigiLocker,
  verifySubAccountGst,
  verifySubAccountPan,
} from '../../domain/kyc/sub-account-kyc';
import { errorResponses } from '../schemas/common';
import {
  CinConfirmBody,
  CinSearchBody,
  CompaniesBody,
  DigiLockerInitiateBody,
  DigiLockerStartBody,
  DigiLockerVerifyBody,
  GstBody,
  KycStatusBody,
  PanBody,
  SubAccountKycParams,
  VerificationResultBody,
} from './kyc.schemas';

const tags = ['sub-account KYC'];
/** A step's answers: 400 bad document, 500 the provider failed (nothing written; retry). */
const stepErrors = errorResponses(400, 401, 403, 404, 422, 500);

export const subAccountKycRoutes: FastifyPluginAsyncTypebox<AppDeps> = async (app, deps) => {
  const { db, identityProvider: provider, clock } = deps;
  const context = () => ({ db, provider, now: clock() });

  app.get('/:sub_auth_id/kyc/status', {
    config: { operator: true },
    schema: {
      tags, summary: 'Aggregate KYC status and each verification type\'s latest result',
      params: SubAccountKycParams,
      response: { 200: KycStatusBody, ...errorResponses(401, 403, 404, 422) },
    },
  }, async (request) => getSubAccountKycStatus(db, request.account, request.params.sub_auth_id));

  app.post('/:sub_auth_id/kyc/verify-pan', {
    config: { operator: true },
    schema: {
      tags, summary: 'Verify a PAN (10 characters) against the sub-account\'s name',
      params: SubAccountKycParams, body: PanBody,
      response: { 200: VerificationResultBody, ...stepErrors },
    },
  }, async (request) =>
    verifySubAccountPan(context(), request.account, request.params.sub_auth_id, request.body.pan));

  app.post('/:sub_auth_id/kyc/verify-gst', {
    config: { operator: true },
    schema: {
      tags, summary: 'Verify a GSTIN (15 characters, valid check character)',
      params: SubAccountKycParams, body: GstBody,
      response: { 200: VerificationResultBody, ...stepErrors },
    },
  }, async (request) =>
    verifySubAccountGst(context(), request.account, request.params.sub_auth_id, request.body.gstin));

  app.post('/:sub_auth_id/kyc/cin/search', {
    config: { operator: true },
    schema: {
      tags, summary: 'Companies registered under a name (writes no verification)',
      params: SubAccountKycParams, body: CinSearchBody,
      response: { 200: CompaniesBody, ...stepErrors },
    },
  }, async (request) => searchSubAccountCompanies(
    { db, provider }, request.account, request.params.sub_auth_id, request.body.company_name));

  app.post('/:sub_auth_id/kyc/cin/confirm', {
    config: { operator: true },
    schema: {
      tags, summary: 'Confirm the company by its CIN',
      params: SubAccountKycParams, body: CinConfirmBody,
      response: { 200: VerificationResultBody, ...stepErrors },
    },
  }, async (request) => confirmSubAccountCin(context(), request.account, request.params.sub_auth_id, {
    companyName: request.body.company_name, cin: request.body.selected_cin,
  }));

  app.post('/:sub_auth_id/kyc/digilocker/initiate', {
    config: { operator: true },
    schema: {
      tags, summary: 'Start DigiLocker consent: a pending aadhaar verification and the link',
      params: SubAccountKycParams, body: DigiLockerInitiateBody,
      response: { 200: DigiLockerStartBody, ...stepErrors },
    },
  }, async (request) => startSubAccountDigiLocker(context(), request.account, request.params.sub_auth_id, {
    redirectUrl: request.body.redirect_url, state: request.body.oauth_state,
  }));

  app.post('/:sub_auth_id/kyc/digilocker/verify', {
    config: { operator: true },
    schema: {
      tags, summary: 'Finish the DigiLocker consent started with this access_request_id',
      params: SubAccountKycParams, body: DigiLockerVerifyBody,
      response: { 200: VerificationResultBody, ...stepErrors },
    },
  }, async (request) => completeSubAccountDigiLocker(
    context(), request.account, request.params.sub_auth_id, request.body.access_request_id));
};
