/** Headless sub-account KYC shapes (vobiz-sdk-surface.md 3, 4). */
import { Type } from 'typebox';
import {
  KYC_ACCESS_REQUEST_ID_LENGTH_MAX,
  KYC_COMPANY_CANDIDATES_MAX,
  KYC_COMPANY_NAME_LENGTH_MAX,
  KYC_REDIRECT_URL_LENGTH_MAX,
  KYC_TEST_INPUT_LENGTH_MAX,
} from '../../limits';
import { Nullable, SubAccountAuthId } from '../schemas/common';
import { KycModeSchema } from './sub-accounts.schemas';

export const SubAccountKycParams = Type.Object({ sub_auth_id: SubAccountAuthId });

/** Bounded, not exact: live checks the format (400); test mode takes longer magic inputs. */
const DocumentText = Type.String({ minLength: 1, maxLength: KYC_TEST_INPUT_LENGTH_MAX });

export const PanBody = Type.Object({ pan: { ...DocumentText, examples: ['ABCPD1234K'] } });
export const GstBody = Type.Object({ gstin: { ...DocumentText, examples: ['27AAACZ0000S1Z8'] } });
const CompanyName = Type.String({
  minLength: 1, maxLength: KYC_COMPANY_NAME_LENGTH_MAX, examples: ['Acme Technologies'],
});
export const CinSearchBody = Type.Object({ company_name: CompanyName });
export const CinConfirmBody = Type.Object({
  company_name: CompanyName,
  selected_cin: { ...DocumentText, examples: ['U72900KA2024PTC123456'] },
});
export const DigiLockerInitiateBody = Type.Object({
  redirect_url: Type.String({
    maxLength: KYC_REDIRECT_URL_LENGTH_MAX, pattern: '^https?://', format: 'uri',
    examples: ['https://app.example.com/kyc/return'],
  }),
  oauth_state: Type.Optional(Type.String({ maxLength: 256, description: 'Echoed on the redirect' })),
});
export const DigiLockerVerifyBody = Type.Object({
  access_request_id: Type.String({ minLength: 1, maxLength: KYC_ACCESS_REQUEST_ID_LENGTH_MAX }),
  linked_number: Type.Optional(Type.String({
    maxLength: 20, description: 'Accepted for compatibility; dialtone does not bind numbers to Aadhaar',
  })),
});

const VerificationType = Type.Union([
  Type.Literal('pan'), Type.Literal('gst'), Type.Literal('cin'), Type.Literal('aadhaar'),
]);
const VerificationStatus = Type.Union([
  Type.Literal('verified'), Type.Literal('failed'), Type.Literal('pending'),
]);
const OverallStatus = Type.Union([
  Type.Literal('not_started'), Type.Literal('pending'), Type.Literal('verified'), Type.Literal('failed'),
]);

export const FinalizePendingBody = Type.Object({
  verification_type: VerificationType,
  outcome: Type.Union([Type.Literal('verified'), Type.Literal('failed')]),
});

export const VerificationResultBody = Type.Object({
  verification_type: VerificationType,
  status: VerificationStatus,
  kyc_calls_blocked: Type.Boolean({ description: 'Recomputed after this step' }),
  overall_status: OverallStatus,
  failure_reason: Nullable(Type.String()),
  mock: Type.Optional(Type.Literal(true)),
});

export const DigiLockerStartBody = Type.Object({
  ...VerificationResultBody.properties,
  access_request_id: Type.String(),
  authorization_url: Type.String({ description: 'Send the user here; DigiLocker returns to redirect_url' }),
});

export const CompaniesBody = Type.Object({
  company_name: Type.String(),
  companies: Type.Array(Type.Object({
    cin: Type.String(), company_name: Type.String(), status: Type.String(),
  }), { maxItems: KYC_COMPANY_CANDIDATES_MAX }),
  mock: Type.Optional(Type.Literal(true)),
});

export const KycStatusBody = Type.Object({
  sub_account_id: Type.String(),
  kyc_mode: KycModeSchema,
  business_type: Type.Optional(Type.String({ description: 'Absent until one is set' })),
  overall_status: OverallStatus,
  kyc_calls_blocked: Type.Boolean(),
  verifications: Type.Record(Type.String(), OverallStatus),
});
