/**
 * The widget's steps. Each loads the live session, checks the input, asks the identity
 * provider, and records the result with a guarded update (status, widget step and expiry in the
 * WHERE clause): a post from a stale page, a double submit, or a revoke that happened during
 * the provider call finds nothing and the customer is shown where the session really is.
 * Bad input re-asks; a provider's "no" ends the session in kyc_failed.
 */
import type { KycWidgetStep } from '../../db/schema';
import { KYC_OTP_ATTEMPTS_MAX, NAME_LENGTH_MAX } from '../../limits';
import { gstinMatchesPan, maskPan, parseDateOfBirth, parseGstin, parsePan } from './identifiers';
import type { KycSessionRow } from './kyc-sessions.queries';
import {
  countOtpAttempt,
  type SessionChanges,
  transitionSession,
  updateSessionProgress,
} from './session-states';
import {
  finishedResult,
  type KycFailureReason,
  loadLiveSession,
  maskedPanOf,
  reloadResult,
  type WidgetContext,
  type WidgetPage,
  type WidgetResult,
  withRedirect,
} from './widget-sessions';

/** What the customer reads when a step re-asks. */
const MESSAGES = {
  pan: 'Enter your PAN as printed on the card: five letters, four digits, then one letter.',
  name: 'Enter your full name as on your PAN card.',
  invalid_date: 'Enter your date of birth as on your PAN card.',
  too_young: 'You must be 18 or older to verify here.',
  too_old: 'Check the year of your date of birth.',
  consent: 'Tick the box to agree before we contact DigiLocker.',
  otpFormat: 'Enter the 6-digit code from the text message.',
  otpWrong: 'That code is not right.',
  legalName: 'Enter the legal name of the company.',
  gstin: 'Enter a valid GSTIN: 15 characters, as on the GST certificate.',
  gstinPan: 'Characters 3 to 12 of the GSTIN must be the company PAN.',
} as const;

type StepHandler = (session: KycSessionRow) => Promise<WidgetResult>;

/** Runs `handler` on the live session if it is at `step`; otherwise shows where it is. */
async function atStep(
  context: WidgetContext,
  token: string,
  step: KycWidgetStep,
  handler: StepHandler,
): Promise<WidgetResult> {
  const live = await loadLiveSession(context, token);
  if ('result' in live) return live.result;
  if (live.session.widget_step !== step) return withRedirect(live.session, { kind: 'advance' });
  return handler(live.session);
}

function reask(session: KycSessionRow, page: WidgetPage): WidgetResult {
  return withRedirect(session, { kind: 'page', page, invalid: true });
}

interface StepScope {
  context: WidgetContext;
  token: string;
  session: KycSessionRow;
  fromStep: KycWidgetStep;
}

/** Saves progress within in_progress, then shows the next step (post/redirect/get). */
async function progress(scope: StepScope, changes: SessionChanges): Promise<WidgetResult> {
  const { context, session, fromStep } = scope;
  const now = context.clock();
  const saved = await context.db.transaction().execute((trx) =>
    updateSessionProgress(trx, { sessionId: session.id, now, fromStep }, changes));
  return saved ? withRedirect(session, { kind: 'advance' }) : reloadResult(context, scope.token);
}

/** Ends the session (kyc_completed or kyc_failed) with its webhook, in one transaction. */
async function finish(
  scope: StepScope,
  to: 'kyc_completed' | 'kyc_failed',
  changes: SessionChanges,
  shownReason?: KycFailureReason,
): Promise<WidgetResult> {
  const { context, session, fromStep } = scope;
  const guard = { sessionId: session.id, now: context.clock(), fromStep, expiry: 'live' as const };
  const ended = await context.db.transaction().execute((trx) =>
    transitionSession(trx, guard, to, changes));
  if (!ended.ok) return reloadResult(context, scope.token);
  return finishedResult(ended.session, shownReason);
}

function fail(scope: StepScope, reason: KycFailureReason, verifiedData: Record<string, unknown>) {
  const changes = { failure_reason: reason, verified_data: verified(scope.session, verifiedData) };
  return finish(scope, 'kyc_failed', changes, reason);
}

function verified(session: KycSessionRow, added: Record<string, unknown>): Record<string, unknown> {
  return { ...session.verified_data, ...added };
}

function panOf(context: WidgetContext, session: KycSessionRow): string {
  if (session.pan_sealed === null) throw new Error('an in-progress session holds its sealed PAN');
  return context.sealer.unseal(session.pan_sealed);
}

/** Step 1: the PAN picks the path (P individual, C company); other holder types are refused. */
export function submitPan(
  context: WidgetContext,
  token: string,
  panText: string,
): Promise<WidgetResult> {
  return atStep(context, token, 'pan', async (session) => {
    const parsed = parsePan(panText.slice(0, 20));
    if (!parsed) {
      return reask(session, { step: 'pan', pan: panText.slice(0, 20), error: MESSAGES.pan });
    }
    if (parsed.holderType === 'unsupported') {
      const page = { step: 'unsupported_pan' as const, maskedPan: maskPan(parsed.pan) };
      return withRedirect(session, { kind: 'page', page });
    }
    const now = context.clock();
    const changes: SessionChanges = {
      kyc_type: parsed.holderType,
      widget_step: parsed.holderType === 'individual' ? 'individual_details' : 'company_details',
      pan_sealed: context.sealer.seal(parsed.pan),
      verified_data: {
        pan_type: parsed.holderType, pan_number: maskPan(parsed.pan), completed_steps: [],
      },
    };
    const started = await context.db.transaction().execute(async (trx) => {
      const guard = {
        sessionId: session.id, now, fromStep: 'pan' as const, expiry: 'live' as const,
      };
      // A first post without a page load still counts as opening the link.
      if (session.status !== 'opened') await transitionSession(trx, guard, 'opened');
      return transitionSession(trx, guard, 'in_progress', changes);
    });
    return started.ok ? withRedirect(session, { kind: 'advance' }) : reloadResult(context, token);
  });
}

/** Individual step 2: name and date of birth, checked against the PAN. */
export function submitIndividualDetails(
  context: WidgetContext,
  token: string,
  input: { name: string; dateOfBirth: string },
): Promise<WidgetResult> {
  return atStep(context, token, 'individual_details', async (session) => {
    const scope = { context, token, session, fromStep: 'individual_details' as const };
    const name = input.name.trim().slice(0, NAME_LENGTH_MAX);
    const values = { name, dateOfBirth: input.dateOfBirth.slice(0, 10) };
    const page = { step: 'individual_details' as const, maskedPan: maskedPanOf(session), values };
    if (name === '') return reask(session, { ...page, error: MESSAGES.name, errorField: 'name' });
    const birth = parseDateOfBirth(input.dateOfBirth, context.clock());
    if (!birth.ok) {
      return reask(session, { ...page, error: MESSAGES[birth.reason], errorField: 'dateOfBirth' });
    }
    const pan = panOf(context, session);
    const check = await context.provider.verifyPan({ pan, name, dateOfBirth: birth.dateOfBirth });
    if (!check.ok) return fail(scope, check.reason, { pan_name_match: false, pan_name: name });
    return progress(scope, {
      widget_step: 'digilocker_consent',
      verified_data: verified(session, {
        pan_name_match: true, pan_registered_name: check.nameOnPan, pan_name: name,
        completed_steps: ['pan'],
      }),
    });
  });
}

/** Individual step 3: consent, then DigiLocker sends the OTP. */
export function startDigiLocker(
  context: WidgetContext,
  token: string,
  consent: string,
): Promise<WidgetResult> {
  return atStep(context, token, 'digilocker_consent', async (session) => {
    if (consent !== 'yes') {
      return reask(session, { step: 'digilocker_consent', error: MESSAGES.consent });
    }
    const pan = panOf(context, session);
    const started = await context.provider.startDigiLocker({ sessionId: session.id, pan });
    return progress({ context, token, session, fromStep: 'digilocker_consent' }, {
      widget_step: 'otp',
      digilocker_request_id: started.requestId,
      digilocker_masked_mobile: started.maskedMobile,
    });
  });
}

/** Individual step 4: the OTP. KYC_OTP_ATTEMPTS_MAX wrong codes end the session in kyc_failed. */
export function submitOtp(
  context: WidgetContext,
  token: string,
  otp: string,
): Promise<WidgetResult> {
  return atStep(context, token, 'otp', async (session) => {
    const scope = { context, token, session, fromStep: 'otp' as const };
    const page = {
      step: 'otp' as const,
      maskedMobile: session.digilocker_masked_mobile ?? '',
      attemptsLeft: KYC_OTP_ATTEMPTS_MAX - session.otp_attempts,
    };
    const code = otp.trim();
    if (!/^[0-9]{6}$/.test(code)) return reask(session, { ...page, error: MESSAGES.otpFormat });
    const requestId = session.digilocker_request_id ?? '';
    const result = await context.provider.completeDigiLocker({ requestId, otp: code });
    if (result.ok) {
      return finish(scope, 'kyc_completed', {
        digilocker_masked_mobile: null,
        verified_data: verified(session, {
          aadhaar_name: result.name,
          masked_aadhaar: `XXXXXXXX${result.aadhaarLastFour}`,
          completed_steps: ['pan', 'aadhaar'],
        }),
      });
    }
    const attempts = await context.db.transaction().execute((trx) =>
      countOtpAttempt(trx, { sessionId: session.id, now: context.clock() }));
    if (attempts === undefined) return reloadResult(context, token);
    if (attempts >= KYC_OTP_ATTEMPTS_MAX) {
      return finish(scope, 'kyc_failed', { failure_reason: 'otp_invalid' }, 'too_many_attempts');
    }
    const attemptsLeft = KYC_OTP_ATTEMPTS_MAX - attempts;
    return reask(session, { ...page, attemptsLeft, error: MESSAGES.otpWrong });
  });
}

/** Company step 2: the legal name and the GSTIN issued to the company's PAN. */
export function submitCompanyDetails(
  context: WidgetContext,
  token: string,
  input: { legalName: string; gstin: string },
): Promise<WidgetResult> {
  return atStep(context, token, 'company_details', async (session) => {
    const scope = { context, token, session, fromStep: 'company_details' as const };
    const legalName = input.legalName.trim().slice(0, NAME_LENGTH_MAX);
    const values = { legalName, gstin: input.gstin.trim().slice(0, 15) };
    const page = { step: 'company_details' as const, maskedPan: maskedPanOf(session), values };
    if (legalName === '') {
      return reask(session, { ...page, error: MESSAGES.legalName, errorField: 'legalName' });
    }
    const pan = panOf(context, session);
    const gstin = parseGstin(input.gstin.slice(0, 20));
    if (!gstin) return reask(session, { ...page, errorField: 'gstin', error: MESSAGES.gstin });
    if (!gstinMatchesPan(gstin, pan)) {
      return reask(session, { ...page, errorField: 'gstin', error: MESSAGES.gstinPan });
    }
    const panCheck = await context.provider.verifyPan({ pan, name: legalName });
    if (!panCheck.ok) {
      return fail(scope, panCheck.reason, { pan_name_match: false, pan_name: legalName });
    }
    const panData = {
      pan_name_match: true, pan_registered_name: panCheck.nameOnPan, pan_name: legalName,
    };
    const gstCheck = await context.provider.verifyGstin({ gstin, pan, legalName });
    if (!gstCheck.ok) {
      return fail(scope, gstCheck.reason, { ...panData, gstin, completed_steps: ['pan'] });
    }
    return finish(scope, 'kyc_completed', {
      verified_data: verified(session, {
        ...panData, gstin, gst_legal_name: gstCheck.legalName, gst_status: gstCheck.gstStatus,
        completed_steps: ['pan', 'gst'],
      }),
    });
  });
}
