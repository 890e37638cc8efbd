/**
 * Identity providers verify what the KYC widget collects: PAN (+ name, DOB) for everyone, Aadhaar
 * through DigiLocker's government OTP for individuals, GSTIN for companies. The headless
 * sub-account API (domain/kyc/sub-account-kyc.ts) uses the same provider, plus company search
 * and CIN confirmation, and DigiLocker's consent (redirect) flow. Real providers (Cashfree,
 * Setu, Perfios, …) are network calls, so every method is async. A failed check is a result,
 * not an exception: exceptions mean the provider itself failed and the caller may retry.
 *
 * To plug in a real provider: implement IdentityProvider in a module of this folder, add its
 * name to PROVIDER_NAMES and a branch to createIdentityProvider, and select it with
 * KYC_PROVIDER. Keep documents out of logs and errors; return masked values only.
 *
 * The sandbox provider needs no account: every well-formed PAN passes except those listed in
 * SANDBOX_TEST_IDENTITIES, and the DigiLocker OTP is SANDBOX_DIGILOCKER_OTP.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { aadhaarLastFour, gstinMatchesPan, parseCin, parseGstin, parsePan } from './identifiers';
import type { PanHolderType } from './identifiers';

export type PanVerification =
  | { ok: true; nameOnPan: string; panType: PanHolderType }
  | { ok: false; reason: 'name_mismatch' | 'invalid_document' };

export interface DigiLockerStart {
  /** The provider's id for this OTP exchange; pass it back to completeDigiLocker. */
  requestId: string;
  /** The Aadhaar-linked mobile the OTP went to, masked by the provider ("XXXXXX7890"). */
  maskedMobile: string;
}

export type DigiLockerCompletion =
  | { ok: true; aadhaarLastFour: string; name: string }
  | { ok: false; reason: 'otp_invalid' };

export type GstStatus = 'Active' | 'Cancelled' | 'Suspended';

export type GstinVerification =
  | { ok: true; legalName: string; gstStatus: GstStatus }
  | { ok: false; reason: 'invalid_document' | 'name_mismatch' };

export interface CompanyCandidate {
  cin: string;
  company_name: string;
  /** The registrar's status, e.g. "Active". */
  status: string;
}

export type CinVerification =
  | { ok: true; companyName: string }
  | { ok: false; reason: 'invalid_document' | 'name_mismatch' };

export interface DigiLockerConsentStart {
  /** The provider's id for this consent; the caller passes it back to completeDigiLockerConsent. */
  accessRequestId: string;
  /** Where to send the user's browser; DigiLocker returns it to `redirectUrl` with `state`. */
  authUrl: string;
}

export type DigiLockerConsentCompletion =
  | { ok: true; aadhaarLastFour: string; name: string }
  | { ok: false; reason: 'consent_denied' | 'consent_pending' };

export interface IdentityProvider {
  readonly name: string;
  /** `dateOfBirth` is YYYY-MM-DD; providers that match it treat a mismatch as name_mismatch. */
  verifyPan(input: { pan: string; name: string; dateOfBirth?: string }): Promise<PanVerification>;
  /** Sends the OTP to the Aadhaar-linked mobile of the PAN holder. */
  startDigiLocker(input: { sessionId: string; pan: string }): Promise<DigiLockerStart>;
  completeDigiLocker(input: { requestId: string; otp: string }): Promise<DigiLockerCompletion>;
  verifyGstin(input: { gstin: string; pan: string; legalName: string }): Promise<GstinVerification>;
  /** Companies registered under names like `name` (MCA search), at most `limit`. */
  searchCompanies(input: { name: string; limit: number }): Promise<CompanyCandidate[]>;
  /** Confirms that `cin` is a registered company named like `companyName`. */
  verifyCin(input: { cin: string; companyName: string }): Promise<CinVerification>;
  /** Starts DigiLocker's consent flow for an Aadhaar pull (headless KYC). */
  startDigiLockerConsent(input: {
    redirectUrl: string;
    state?: string | undefined;
  }): Promise<DigiLockerConsentStart>;
  /** Reads the outcome of a consent started by startDigiLockerConsent. */
  completeDigiLockerConsent(input: { accessRequestId: string }): Promise<DigiLockerConsentCompletion>;
}

export type SandboxOutcome =
  | 'verified'
  | 'pan_name_mismatch'
  | 'pan_invalid_document'
  | 'gstin_invalid_document'
  | 'gstin_name_mismatch';

export interface SandboxTestIdentity {
  pan: string;
  holderType: 'individual' | 'company';
  /** A GSTIN issued to this PAN (valid check character) to type in the company step. */
  gstin?: string;
  outcome: SandboxOutcome;
  description: string;
}

/**
 * PANs with a fixed sandbox outcome, for partners to test each branch of their integration.
 * Any other well-formed PAN verifies. Each GSTIN here is valid and belongs to its PAN, so the
 * failure comes from the provider, not from our own format check.
 */
export const SANDBOX_TEST_IDENTITIES: readonly SandboxTestIdentity[] = [
  {
    pan: 'AAAPZ0000S',
    holderType: 'individual',
    outcome: 'verified',
    description: 'Individual: PAN verifies with any name; DigiLocker OTP 123456 completes KYC.',
  },
  {
    pan: 'AAAPZ1111N',
    holderType: 'individual',
    outcome: 'pan_name_mismatch',
    description: 'Individual: PAN verification fails because the name does not match the PAN.',
  },
  {
    pan: 'AAAPZ2222I',
    holderType: 'individual',
    outcome: 'pan_invalid_document',
    description: 'Individual: PAN verification fails because the PAN is not on record.',
  },
  {
    pan: 'AAACZ0000S',
    holderType: 'company',
    gstin: '27AAACZ0000S1Z8',
    outcome: 'verified',
    description: 'Company: PAN and GSTIN verify with any legal entity name.',
  },
  {
    pan: 'AAACZ4444I',
    holderType: 'company',
    outcome: 'pan_invalid_document',
    description: 'Company: PAN verification fails because the PAN is not on record.',
  },
  {
    pan: 'AAACZ5555G',
    holderType: 'company',
    gstin: '27AAACZ5555G1Z3',
    outcome: 'gstin_invalid_document',
    description: 'Company: PAN verifies, GSTIN verification fails (registration cancelled).',
  },
  {
    pan: 'AAACZ6666N',
    holderType: 'company',
    gstin: '27AAACZ6666N1ZI',
    outcome: 'gstin_name_mismatch',
    description: 'Company: PAN verifies, GSTIN verification fails (legal name does not match).',
  },
];

/** The one OTP the sandbox DigiLocker accepts. */
export const SANDBOX_DIGILOCKER_OTP = '123456';
export const SANDBOX_MASKED_MOBILE = 'XXXXXX7890';
/** UIDAI's published sample Aadhaar number (valid Verhoeff digit); only its last 4 are used. */
const SANDBOX_AADHAAR = '999941057058';
/**
 * The sandbox cannot know a holder's Aadhaar name (startDigiLocker gets only the PAN), so it
 * returns this fixed one.
 */
export const SANDBOX_AADHAAR_NAME = 'SANDBOX AADHAAR HOLDER';
const SANDBOX_REQUEST_PREFIX = 'sandbox_dl_';
/** DigiLocker consents the sandbox issued; any other access request id is denied. */
const SANDBOX_CONSENT_PREFIX = 'sandbox_ar_';
/** Sandbox CINs starting with this (a struck-off company's) fail confirmation. */
export const SANDBOX_STRUCK_OFF_CIN_PREFIX = 'U00000';

const PROVIDER_NAMES = ['sandbox'] as const;

/** The provider configured by name; throws for a name dialtone does not know. */
export function createIdentityProvider(name: string): IdentityProvider {
  if (name === 'sandbox') return createSandboxProvider();
  throw new Error(
    `unknown KYC identity provider "${name}"; known providers: ${PROVIDER_NAMES.join(', ')}`,
  );
}

export function createSandboxProvider(): IdentityProvider {
  return {
    name: 'sandbox',
    verifyPan: async (input) => sandboxVerifyPan(input.pan, input.name),
    startDigiLocker: async ({ pan }) => {
      assert.ok(parsePan(pan), 'startDigiLocker takes a verified PAN');
      const requestId = `${SANDBOX_REQUEST_PREFIX}${randomBytes(12).toString('hex')}`;
      return { requestId, maskedMobile: SANDBOX_MASKED_MOBILE };
    },
    completeDigiLocker: async ({ requestId, otp }) => {
      assert.ok(requestId.startsWith(SANDBOX_REQUEST_PREFIX), 'not a sandbox DigiLocker request');
      if (otp.trim() !== SANDBOX_DIGILOCKER_OTP) return { ok: false, reason: 'otp_invalid' };
      const lastFour = aadhaarLastFour(SANDBOX_AADHAAR);
      return { ok: true, aadhaarLastFour: lastFour, name: SANDBOX_AADHAAR_NAME };
    },
    verifyGstin: async (input) => sandboxVerifyGstin(input.gstin, input.pan, input.legalName),
    searchCompanies: async ({ name, limit }) => sandboxCompanies(name).slice(0, limit),
    verifyCin: async ({ cin, companyName }) => sandboxVerifyCin(cin, companyName),
    startDigiLockerConsent: async ({ redirectUrl, state }) => {
      const accessRequestId = `${SANDBOX_CONSENT_PREFIX}${randomBytes(12).toString('hex')}`;
      // The sandbox consents at once: its "DigiLocker page" is the return to redirect_url.
      const authUrl = new URL(redirectUrl);
      authUrl.searchParams.set('access_request_id', accessRequestId);
      if (state !== undefined) authUrl.searchParams.set('state', state);
      return { accessRequestId, authUrl: authUrl.toString() };
    },
    completeDigiLockerConsent: async ({ accessRequestId }) => {
      if (!accessRequestId.startsWith(SANDBOX_CONSENT_PREFIX)) {
        return { ok: false, reason: 'consent_denied' };
      }
      const lastFour = aadhaarLastFour(SANDBOX_AADHAAR);
      return { ok: true, aadhaarLastFour: lastFour, name: SANDBOX_AADHAAR_NAME };
    },
  };
}

/**
 * Sandbox company search: two candidates derived from the name, so a search is repeatable. The
 * first is a private company, the second a public one; both confirm with their own name.
 */
function sandboxCompanies(name: string): CompanyCandidate[] {
  const base = registeredName(name);
  if (base === '') return [];
  const serial = String(createHash('sha256').update(base).digest().readUInt32BE(0) % 1_000_000)
    .padStart(6, '0');
  return [
    { cin: `U72900KA2024PTC${serial}`, company_name: `${base} PRIVATE LIMITED`, status: 'Active' },
    { cin: `L72900MH2010PLC${serial}`, company_name: `${base} LIMITED`, status: 'Active' },
  ];
}

/** Any well-formed CIN verifies with a non-empty name; SANDBOX_STRUCK_OFF_CIN_PREFIX fails. */
function sandboxVerifyCin(text: string, companyName: string): CinVerification {
  const cin = parseCin(text);
  if (!cin || cin.startsWith(SANDBOX_STRUCK_OFF_CIN_PREFIX)) {
    return { ok: false, reason: 'invalid_document' };
  }
  if (registeredName(companyName) === '') return { ok: false, reason: 'name_mismatch' };
  return { ok: true, companyName: registeredName(companyName) };
}

function sandboxOutcome(pan: string): SandboxOutcome {
  return SANDBOX_TEST_IDENTITIES.find((identity) => identity.pan === pan)?.outcome ?? 'verified';
}

/** Names on PAN and GST records are uppercase with single spaces. */
function registeredName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toUpperCase();
}

function sandboxVerifyPan(text: string, name: string): PanVerification {
  const parsed = parsePan(text);
  if (!parsed) return { ok: false, reason: 'invalid_document' };
  const outcome = sandboxOutcome(parsed.pan);
  if (outcome === 'pan_name_mismatch') return { ok: false, reason: 'name_mismatch' };
  if (outcome === 'pan_invalid_document') return { ok: false, reason: 'invalid_document' };
  if (registeredName(name) === '') return { ok: false, reason: 'name_mismatch' };
  return { ok: true, nameOnPan: registeredName(name), panType: parsed.holderType };
}

function sandboxVerifyGstin(text: string, pan: string, legalName: string): GstinVerification {
  const gstin = parseGstin(text);
  if (!gstin || !gstinMatchesPan(gstin, pan)) return { ok: false, reason: 'invalid_document' };
  const outcome = sandboxOutcome(gstin.slice(2, 12));
  if (outcome === 'gstin_invalid_document') return { ok: false, reason: 'invalid_document' };
  if (outcome === 'gstin_name_mismatch') return { ok: false, reason: 'name_mismatch' };
  if (registeredName(legalName) === '') return { ok: false, reason: 'name_mismatch' };
  return { ok: true, legalName: registeredName(legalName), gstStatus: 'Active' };
}
