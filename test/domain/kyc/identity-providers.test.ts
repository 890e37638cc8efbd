import { describe, expect, it } from 'vitest';
import { isValidGstin, gstinMatchesPan, parsePan } from '../../../src/domain/kyc/identifiers';
import {
  createIdentityProvider,
  createSandboxProvider,
  SANDBOX_AADHAAR_NAME,
  SANDBOX_DIGILOCKER_OTP,
  SANDBOX_MASKED_MOBILE,
  SANDBOX_TEST_IDENTITIES,
} from '../../../src/domain/kyc/identity-providers';
import type { SandboxOutcome } from '../../../src/domain/kyc/identity-providers';

const provider = createSandboxProvider();

function identity(outcome: SandboxOutcome, holderType: 'individual' | 'company') {
  const found = SANDBOX_TEST_IDENTITIES.find(
    (candidate) => candidate.outcome === outcome && candidate.holderType === holderType,
  );
  if (!found) throw new Error(`no sandbox identity for ${outcome} ${holderType}`);
  return found;
}

describe('SANDBOX_TEST_IDENTITIES', () => {
  it('lists well-formed PANs of the holder type each claims, each once', () => {
    const pans = SANDBOX_TEST_IDENTITIES.map((entry) => entry.pan);
    expect(new Set(pans).size).toBe(pans.length);
    for (const entry of SANDBOX_TEST_IDENTITIES) {
      expect(parsePan(entry.pan)).toEqual({ pan: entry.pan, holderType: entry.holderType });
      expect(entry.description.length).toBeGreaterThan(20);
    }
  });

  it('gives each company a valid GSTIN issued to its own PAN', () => {
    const companies = SANDBOX_TEST_IDENTITIES.filter((entry) => entry.gstin !== undefined);
    expect(companies.length).toBeGreaterThanOrEqual(3);
    for (const entry of companies) {
      expect(entry.holderType).toBe('company');
      expect(isValidGstin(entry.gstin!)).toBe(true);
      expect(gstinMatchesPan(entry.gstin!, entry.pan)).toBe(true);
    }
  });

  it('covers every failure a partner must handle', () => {
    const outcomes = new Set(SANDBOX_TEST_IDENTITIES.map((entry) => entry.outcome));
    expect(outcomes).toEqual(
      new Set([
        'verified',
        'pan_name_mismatch',
        'pan_invalid_document',
        'gstin_invalid_document',
        'gstin_name_mismatch',
      ]),
    );
  });
});

describe('sandbox verifyPan', () => {
  it('verifies a well-formed PAN not in the table, echoing the name as on PAN', async () => {
    const input = { pan: 'gtbpd1234k', name: '  Priya   Sharma ', dateOfBirth: '1990-01-31' };
    await expect(provider.verifyPan(input)).resolves.toEqual({
      ok: true,
      nameOnPan: 'PRIYA SHARMA',
      panType: 'individual',
    });
    await expect(provider.verifyPan({ pan: 'ABCCD1234E', name: 'Acme Pvt Ltd' })).resolves.toEqual({
      ok: true,
      nameOnPan: 'ACME PVT LTD',
      panType: 'company',
    });
  });

  it('reports the holder type of PANs the widget does not support', async () => {
    await expect(provider.verifyPan({ pan: 'ABCHD1234E', name: 'Family' })).resolves.toMatchObject({
      ok: true,
      panType: 'unsupported',
    });
  });

  it('fails the name-mismatch PAN whatever the name', async () => {
    const { pan } = identity('pan_name_mismatch', 'individual');
    await expect(provider.verifyPan({ pan, name: 'Anyone' })).resolves.toEqual({
      ok: false,
      reason: 'name_mismatch',
    });
  });

  it('fails the invalid-document PANs, individual and company', async () => {
    for (const holderType of ['individual', 'company'] as const) {
      const { pan } = identity('pan_invalid_document', holderType);
      await expect(provider.verifyPan({ pan, name: 'Anyone' })).resolves.toEqual({
        ok: false,
        reason: 'invalid_document',
      });
    }
  });

  it('fails a malformed PAN as an invalid document', async () => {
    await expect(provider.verifyPan({ pan: 'ABC', name: 'Anyone' })).resolves.toEqual({
      ok: false,
      reason: 'invalid_document',
    });
  });

  it('fails a blank name as a mismatch', async () => {
    await expect(provider.verifyPan({ pan: 'GTBPD1234K', name: '   ' })).resolves.toEqual({
      ok: false,
      reason: 'name_mismatch',
    });
  });
});

describe('sandbox DigiLocker', () => {
  it('completes with the sandbox OTP', async () => {
    const started = await provider.startDigiLocker({ sessionId: 'kst_1', pan: 'GTBPD1234K' });
    expect(started.maskedMobile).toBe(SANDBOX_MASKED_MOBILE);
    expect(started.requestId).toMatch(/^sandbox_dl_[0-9a-f]{24}$/);
    await expect(
      provider.completeDigiLocker({ requestId: started.requestId, otp: SANDBOX_DIGILOCKER_OTP }),
    ).resolves.toEqual({ ok: true, aadhaarLastFour: '7058', name: SANDBOX_AADHAAR_NAME });
  });

  it('documents 123456 as the OTP', () => {
    expect(SANDBOX_DIGILOCKER_OTP).toBe('123456');
  });

  it('gives each start its own request id', async () => {
    const first = await provider.startDigiLocker({ sessionId: 'kst_1', pan: 'GTBPD1234K' });
    const second = await provider.startDigiLocker({ sessionId: 'kst_1', pan: 'GTBPD1234K' });
    expect(first.requestId).not.toBe(second.requestId);
  });

  it.each(['654321', '12345', '1234567', '', '123 456'])('refuses OTP "%s"', async (otp) => {
    const { requestId } = await provider.startDigiLocker({ sessionId: 'kst_1', pan: 'GTBPD1234K' });
    await expect(provider.completeDigiLocker({ requestId, otp })).resolves.toEqual({
      ok: false,
      reason: 'otp_invalid',
    });
  });

  it('throws for a request id another provider issued (a programming error)', async () => {
    await expect(
      provider.completeDigiLocker({ requestId: 'cashfree_1', otp: SANDBOX_DIGILOCKER_OTP }),
    ).rejects.toThrow(/sandbox/);
  });

  it('throws when started without a PAN (a programming error)', async () => {
    await expect(provider.startDigiLocker({ sessionId: 'kst_1', pan: 'nope' })).rejects.toThrow();
  });
});

describe('sandbox verifyGstin', () => {
  const company = identity('verified', 'company');

  it('verifies a valid GSTIN of the PAN, echoing the legal name as registered', async () => {
    await expect(
      provider.verifyGstin({ gstin: company.gstin!, pan: company.pan, legalName: 'Acme  Pvt Ltd' }),
    ).resolves.toEqual({ ok: true, legalName: 'ACME PVT LTD', gstStatus: 'Active' });
  });

  it('fails the GSTIN-invalid company', async () => {
    const { gstin, pan } = identity('gstin_invalid_document', 'company');
    await expect(provider.verifyGstin({ gstin: gstin!, pan, legalName: 'Acme' })).resolves.toEqual({
      ok: false,
      reason: 'invalid_document',
    });
  });

  it('fails the GSTIN-name-mismatch company', async () => {
    const { gstin, pan } = identity('gstin_name_mismatch', 'company');
    await expect(provider.verifyGstin({ gstin: gstin!, pan, legalName: 'Acme' })).resolves.toEqual({
      ok: false,
      reason: 'name_mismatch',
    });
  });

  it('fails a GSTIN with a wrong check character', async () => {
    const wrong = `${company.gstin!.slice(0, 14)}0`;
    await expect(
      provider.verifyGstin({ gstin: wrong, pan: company.pan, legalName: 'Acme' }),
    ).resolves.toEqual({ ok: false, reason: 'invalid_document' });
  });

  it("fails another PAN's GSTIN", async () => {
    await expect(
      provider.verifyGstin({ gstin: '27ABQFM7569K1Z9', pan: company.pan, legalName: 'Acme' }),
    ).resolves.toEqual({ ok: false, reason: 'invalid_document' });
  });

  it('fails a blank legal name as a mismatch', async () => {
    await expect(
      provider.verifyGstin({ gstin: company.gstin!, pan: company.pan, legalName: ' ' }),
    ).resolves.toEqual({ ok: false, reason: 'name_mismatch' });
  });
});

describe('createIdentityProvider', () => {
  it('returns the sandbox by name', () => {
    expect(createIdentityProvider('sandbox').name).toBe('sandbox');
  });

  it('throws a clear error for an unknown name', () => {
    expect(() => createIdentityProvider('cashfree')).toThrow(
      'unknown KYC identity provider "cashfree"; known providers: sandbox',
    );
    expect(() => createIdentityProvider('')).toThrow(/unknown KYC identity provider/);
  });
});
