/**
 * The hosted KYC widget in real Chromium (Debian's /usr/bin/chromium driven by playwright-core)
 * against the app listening on 127.0.0.1: the redirect flow's individual and company paths land
 * on the partner's redirect_url (a local server) with the right parameters, a name mismatch ends
 * in kyc_failed, and an expired link shows the expired page. CI installs Chromium (.ci/run);
 * without it locally these tests are skipped with a message.
 */
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, manualClock } from '../../src/domain/clock';
import { useTestApp } from '../support/app';
import {
  hasChromium,
  launchChromium,
  newRecordingPage,
  warnWithoutChromium,
} from '../support/chromium';
import { createCustomer, createPartner, type Credentials } from '../support/factories';
import { createKycSession, getKycSession, widgetPath } from '../support/kyc';
import { type HttpReceiver, startHttpReceiver } from '../support/receivers';

warnWithoutChromium('the KYC browser tests');

const clock = manualClock(new Date());
const t = useTestApp({ clock });
let origin: string;
let landing: HttpReceiver;
let context: BrowserContext;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  if (!hasChromium) return;
  await t.current.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(t.current.app.server.address() as AddressInfo).port}`;
  landing = await startHttpReceiver(() => ({
    status: 200, headers: { 'content-type': 'text/html' }, body: '<!doctype html><title>Partner</title><h1>Back at the partner</h1>',
  }));
  browser = await launchChromium();
  context = browser.context;
});

afterAll(async () => {
  await browser?.close();
  await landing?.close();
});

async function redirectSession(fields: Record<string, unknown> = {}) {
  const partner = await createPartner(t.current.app);
  const customer = await createCustomer(t.current.app, partner);
  const created = await createKycSession(t.current.app, partner, customer, {
    flow_type: 'redirect', redirect_url: `${landing.origin}/kyc-done`, ...fields,
  });
  return { partner, customer, sessionId: created.session_id, url: `${origin}${widgetPath(created.widget_url!)}` };
}

async function submit(page: Page, fields: Record<string, string>, button = 'button[type=submit]') {
  for (const [name, value] of Object.entries(fields)) await page.fill(`[name="${name}"]`, value);
  await Promise.all([page.waitForLoadState('load'), page.click(button)]);
}

async function expectLanded(page: Page, expected: { sessionId: string; status: string; customer: Credentials }) {
  await page.waitForURL((url) => url.origin === landing.origin, { timeout: 10_000 });
  const url = new URL(page.url());
  expect(url.pathname).toBe('/kyc-done');
  expect(Object.fromEntries(url.searchParams)).toEqual({
    session_id: expected.sessionId, status: expected.status, auth_id: expected.customer.authId,
  });
  await expect(page.textContent('h1')).resolves.toBe('Back at the partner');
}

describe.skipIf(!hasChromium)('the KYC widget in Chromium', () => {
  it('individual path: PAN, details, DigiLocker consent and OTP, then back to redirect_url', async () => {
    const { partner, customer, sessionId, url } = await redirectSession();
    const { page, errors } = await newRecordingPage(context);
    const first = await page.goto(url);
    expect(first?.status()).toBe(200);
    expect(await page.title()).toContain('Enter your PAN');
    // The stylesheet loaded under the CSP: the banner is styled.
    const banner = "getComputedStyle(document.querySelector('.banner')).backgroundColor";
    expect(await page.evaluate(banner)).toBe('rgb(31, 58, 95)');
    await submit(page, { pan: 'abcpd1234e' });
    expect(await page.textContent('h1')).toBe('Your details');
    await submit(page, { name: 'Asha Verma', date_of_birth: '1990-04-12' });
    expect(await page.textContent('h1')).toContain('DigiLocker');
    await page.check('#consent');
    await submit(page, {});
    expect(await page.textContent('h1')).toBe('Enter the one-time password');
    await submit(page, { otp: '123456' });
    await expectLanded(page, { sessionId, status: 'kyc_completed', customer });
    expect(landing.received.some((request) => request.url.startsWith('/kyc-done?session_id='))).toBe(true);
    expect((await getKycSession(t.current.app, partner, sessionId)).status).toBe('kyc_completed');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('company path: PAN, legal name and GSTIN, then back to redirect_url', async () => {
    const { partner, customer, sessionId, url } = await redirectSession();
    const { page, errors } = await newRecordingPage(context);
    await page.goto(url);
    await submit(page, { pan: 'AAACZ0000S' });
    expect(await page.textContent('h1')).toBe('Company details');
    await submit(page, { legal_name: 'Acme Private Limited', gstin: '27AAACZ0000S1Z8' });
    await expectLanded(page, { sessionId, status: 'kyc_completed', customer });
    expect(await getKycSession(t.current.app, partner, sessionId)).toMatchObject({
      status: 'kyc_completed', kyc_type: 'company', verified_data: { completed_steps: ['pan', 'gst'] },
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a name that does not match the PAN ends the session in kyc_failed', async () => {
    const { partner, customer, sessionId, url } = await redirectSession();
    const { page } = await newRecordingPage(context);
    await page.goto(url);
    await submit(page, { pan: 'AAAPZ1111N' });
    await submit(page, { name: 'Not The Holder', date_of_birth: '1988-08-08' });
    await expectLanded(page, { sessionId, status: 'kyc_failed', customer });
    expect((await getKycSession(t.current.app, partner, sessionId)).status).toBe('kyc_failed');
    const revisit = await page.goto(url);
    expect(revisit?.status()).toBe(410);
    await page.close();
  });

  it('an expired link shows the expired page with 410', async () => {
    const { partner, sessionId, url } = await redirectSession({ expires_in_days: 1 });
    clock.advance(DAY_MS);
    const { page } = await newRecordingPage(context);
    const response = await page.goto(url);
    expect(response?.status()).toBe(410);
    expect(await page.textContent('h1')).toBe('This link has expired');
    expect(await page.content()).not.toMatch(/stack|at .*\.ts/);
    expect((await getKycSession(t.current.app, partner, sessionId)).status).toBe('expired');
    await page.close();
  });
});
