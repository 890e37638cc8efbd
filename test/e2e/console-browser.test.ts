/**
 * The web console in real Chromium against the app on 127.0.0.1: a partner runs the customer
 * lifecycle (create, a double-clicked transfer that moves money once, suspend/activate, a KYC
 * session completed through the widget in the same browser), the overview chart draws the
 * simulated calls with the dashboard API's totals, a customer creates and edits a trunk (its
 * limits too), an origination URI (priority, weight) and an IP ACL entry (the API's message next
 * to the field), the operator uploads a CSV file with a bad row, and
 * axe-core finds no serious or critical violation on any page type. Screenshots land in
 * test-artifacts/console/ for reviewers.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock';
import { ADMIN_TOKEN, useTestApp } from '../support/app';
import { CDR_TEST_NOW, createTrunk } from '../support/cdrs';
import {
  hasChromium,
  launchChromium,
  newRecordingPage,
  warnWithoutChromium,
} from '../support/chromium';
import {
  authHeaders, createPartner, creditPartner, type Credentials, operatorHeaders,
} from '../support/factories';
import {
  fundedCustomer, inventoryCsv, stockNumber, takeInventoryRows,
} from '../support/numbers';

warnWithoutChromium('the console browser tests');

const ARTIFACTS = path.resolve('test-artifacts/console');
const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let origin: string;
let context: BrowserContext;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  if (!hasChromium) return;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await t.current.app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://127.0.0.1:${(t.current.app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
  context = browser.context;
});

afterAll(async () => {
  await browser?.close();
});

async function expectAccessible(page: Page, name: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  expect(serious.map((violation) => `${name}: ${violation.id} ${violation.help}`)).toEqual([]);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, kind: string, identifier: string, secret: string): Promise<void> {
  await context.clearCookies();
  await page.goto(`${origin}/console/login`);
  await page.check(`input[name="kind"][value="${kind}"]`);
  await page.fill('#identifier', identifier);
  await page.fill('#secret', secret);
  await Promise.all([page.waitForURL((url) => !url.pathname.endsWith('/login')), page.click('button[type=submit]')]);
}

async function submitForm(page: Page, fields: Record<string, string>, button: string) {
  for (const [name, value] of Object.entries(fields)) await page.fill(`[name="${name}"]`, value);
  await Promise.all([page.waitForLoadState('load'), page.click(button)]);
}

async function apiGet(partner: Credentials, url: string) {
  const response = await t.current.app.inject({ url, headers: authHeaders(partner) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe.skipIf(!hasChromium)('the console in Chromium', { timeout: 180_000 }, () => {
  it('a partner creates a customer, funds it once on a double click, suspends, and completes KYC', async () => {
    const partner = await createPartner(t.current.app);
    await creditPartner(t.current.app, partner, '10000');
    const { page, errors } = await newRecordingPage(context);
    await page.goto(`${origin}/console/login`);
    await expectAccessible(page, 'login');
    await signIn(page, 'partner', partner.authId, partner.token);
    expect(new URL(page.url()).pathname).toBe('/console/partner');

    await page.goto(`${origin}/console/partner/customers/new`);
    await expectAccessible(page, 'customer-new');
    await submitForm(page, {
      name: 'Asha Verma', email: `asha-${Date.now()}@example.com`, phone: '+919876543210', country: 'IN',
      password: 'SecurePass123!',
    }, 'button:has-text("Create customer")');
    expect(await page.textContent('.notice')).toContain('The customer was created.');
    const authId = new URL(page.url()).pathname.split('/').pop()!;

    await page.fill('#amount', '500.10');
    await page.dblclick('button:has-text("Transfer")');
    // The second submission aborts the first one's navigation: wait for the page that stays.
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/notice=transfer/);
    await page.waitForLoadState('load');
    // The second click's answer may come while the first is still running ("being processed").
    const balanceOf = async () => (await apiGet(partner, `/api/v1/partner/accounts/${authId}/balance`)).cash_credits;
    await expect.poll(balanceOf, { timeout: 10_000 }).toBe('500.10000');
    const ledger = await apiGet(partner, `/api/v1/partner/transactions?account=${authId}`);
    expect(ledger.transactions).toHaveLength(1);
    await page.goto(`${origin}/console/partner/customers/${authId}`);
    expect(await page.textContent('#customer-balance')).toBe('500.10000 INR');

    await Promise.all([page.waitForURL(/notice=suspended/), page.click('button:has-text("Suspend customer")')]);
    expect(await page.textContent('#customer-state')).toBe('suspended');
    await Promise.all([page.waitForURL(/notice=activated/), page.click('button:has-text("Activate customer")')]);
    expect(await page.textContent('#customer-state')).toBe('active');

    await page.fill('#redirect_url', `${origin}/console/partner/kyc-sessions`);
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Start KYC session")')]);
    const widgetUrl = new URL((await page.textContent('#widget-url'))!.trim());
    await expectAccessible(page, 'customer');
    const widget = await context.newPage();
    await widget.goto(`${origin}${widgetUrl.pathname}${widgetUrl.search}`);
    await submitForm(widget, { pan: 'abcpd1234e' }, 'button[type=submit]');
    await submitForm(widget, { name: 'Asha Verma', date_of_birth: '1990-04-12' }, 'button[type=submit]');
    await widget.check('#consent');
    await submitForm(widget, {}, 'button[type=submit]');
    await submitForm(widget, { otp: '123456' }, 'button[type=submit]');
    await widget.waitForURL((url) => url.pathname === '/console/partner/kyc-sessions');
    await widget.close();
    await page.goto(`${origin}/console/partner/customers/${authId}`);
    expect(await page.textContent('.kyc-status')).toBe('kyc_completed');
    expect(await page.textContent('#customer-kyc')).toBe('completed');

    for (const [name, url] of [['customers', '/console/partner/customers'], ['kyc-sessions', '/console/partner/kyc-sessions'],
      ['transactions', '/console/partner/transactions'], ['settings', '/console/partner/settings'],
      ['webhook-deliveries', '/console/partner/webhook-deliveries'], ['pricing-tiers', '/console/partner/pricing-tiers'],
      ['customer-cdrs', `/console/partner/customers/${authId}/cdrs`]]) {
      await page.goto(`${origin}${url!}`);
      await expectAccessible(page, name!);
    }
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the overview draws simulated calls, with the dashboard API's totals", async () => {
    const partner = await createPartner(t.current.app);
    await creditPartner(t.current.app, partner, '10000');
    const created = await t.current.app.inject({
      method: 'POST', url: '/api/v1/partner/accounts', headers: authHeaders(partner),
      payload: { name: 'Caller', email: `caller-${Date.now()}@example.com`, phone: '+919876543210',
        password: 'SecurePass123!', country: 'IN' },
    });
    const customer = { authId: created.json().auth_id, token: created.json().auth_token };
    await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/transfer-balance`,
      headers: authHeaders(partner), payload: { amount: '5000', currency: 'INR' },
    });
    await createTrunk(t.current.app, customer, 'Main');
    const simulated = await t.current.app.inject({
      method: 'POST', url: '/api/v1/admin/simulate', headers: operatorHeaders,
      payload: { account_id: customer.authId, calls: 300, days: 20, seed: 7 },
    });
    expect(simulated.statusCode, simulated.body).toBe(200);
    const dashboard = await apiGet(partner, '/api/v1/partner/dashboard');
    expect(dashboard.calls.total_calls).toBe(300);

    const { page, errors } = await newRecordingPage(context);
    await signIn(page, 'partner', partner.authId, partner.token);
    expect(Number(await page.textContent('#total-calls'))).toBe(dashboard.calls.total_calls);
    expect(Number(await page.textContent('#answered-calls'))).toBe(dashboard.calls.answered_calls);
    expect(await page.textContent('#total-revenue')).toBe(`${dashboard.calls.total_cost} INR`);
    // The chart drew something: some pixel of the canvas is not transparent.
    const painted = await page.evaluate(`(() => {
      const canvas = document.querySelector('#calls-chart');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((value, index) => index % 4 === 3 && value > 0);
    })()`);
    expect(painted).toBe(true);
    await expectAccessible(page, 'overview');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a customer and the operator see their own areas', async () => {
    const partner = await createPartner(t.current.app);
    const created = await t.current.app.inject({
      method: 'POST', url: '/api/v1/partner/accounts', headers: authHeaders(partner),
      payload: { name: 'Self', email: `self-${Date.now()}@example.com`, phone: '+919876543210',
        password: 'SecurePass123!', country: 'IN' },
    });
    const { page, errors } = await newRecordingPage(context);
    await signIn(page, 'customer', created.json().email, 'SecurePass123!');
    expect(new URL(page.url()).pathname).toBe('/console/account');
    await expectAccessible(page, 'account');
    await page.click('button:has-text("Log out")');
    await page.waitForURL(/login/);
    await signIn(page, 'operator', '', ADMIN_TOKEN);
    expect(new URL(page.url()).pathname).toBe('/console/operator');
    await expectAccessible(page, 'operator');
    await page.goto(`${origin}/console/operator/health`);
    await expectAccessible(page, 'operator-health');

    // A real file from disk, with one bad row: the per-row report, and nothing imported.
    const rows = takeInventoryRows(2);
    const csvPath = path.join(ARTIFACTS, 'inventory-upload.csv');
    fs.writeFileSync(csvPath, `${inventoryCsv(rows)}\n+91123,IN,KA,true,true,false,false,1,x,INR\n`);
    await page.goto(`${origin}/console/operator/inventory`);
    await expectAccessible(page, 'operator-inventory');
    await page.setInputFiles('#file', csvPath);
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Import")')]);
    expect(await page.textContent('#row-errors')).toMatch(/^line 4: /);
    await expectAccessible(page, 'operator-inventory-refused');
    fs.writeFileSync(csvPath, `${inventoryCsv(rows)}\n`);
    await page.setInputFiles('#file', csvPath);
    await Promise.all([page.waitForLoadState('load'), page.click('button:has-text("Import")')]);
    expect(await page.textContent('.notice')).toMatch(/^2 numbers\s+imported, 0 already known/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('a customer buys a number, releases it, and sets up a trunk with a credential and an IP ACL', async () => {
    const customer = await fundedCustomer(t.current.app, '2000');
    const e164 = await stockNumber(t.current.app, { setup_fee: '10.00', monthly_fee: '5.00' });
    const { page, errors } = await newRecordingPage(context);
    await signIn(page, 'customer', customer.authId, customer.token);
    await page.goto(`${origin}/console/account/numbers?search=${e164.slice(1)}`);
    await expectAccessible(page, 'numbers');
    await Promise.all([page.waitForURL(/notice=bought/), page.click(`button:has-text("Buy ${e164}")`)]);
    expect(await page.textContent('.number-status')).toBe('active');
    await Promise.all([page.waitForURL(/notice=released/), page.click(`button:has-text("Release ${e164}")`)]);
    expect(await page.textContent('.number-status')).toBe('pending_release');
    await Promise.all([page.waitForURL(/notice=kept/), page.click(`button:has-text("Cancel the release of ${e164}")`)]);
    expect(await page.textContent('.number-status')).toBe('active');

    await page.goto(`${origin}/console/account/trunks`);
    await page.click('a:has-text("New credential")');
    await submitForm(page, { username: 'pbx-office', password: 'Str0ng-Secret!' }, 'button:has-text("Create credential")');
    expect(await page.textContent('.notice')).toBe('Created.');
    await page.click('a:has-text("New IP ACL entry")');
    await submitForm(page, { name: 'Office', ip_address: '192.0.2.10' }, 'button:has-text("Create IP ACL entry")');
    expect(await page.getAttribute('#ip_address', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#ip_address-error')).toContain('documentation range 192.0.2.0/24');
    await submitForm(page, { ip_address: '10.20.30.40' }, 'button:has-text("Create IP ACL entry")');
    await page.click('a:has-text("New origination URI")');
    await submitForm(page, { name: 'PBX', sip_uri: 'sip:pbx.example.net', priority: '0', weight: '50' },
      'button:has-text("Create origination URI")');
    expect(await page.getAttribute('#priority', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#priority-error')).toBe('must be >= 1');
    await submitForm(page, { priority: '3' }, 'button:has-text("Create origination URI")');
    expect(await page.textContent('.notice')).toBe('Created.');

    await page.click('a:has-text("New trunk")');
    expect(await page.inputValue('#cps_limit')).toBe('2');
    await page.fill('#name', 'Main office');
    await page.selectOption('#credential_uuid', { label: 'pbx-office' });
    await page.selectOption('#ipacl_uuid', { label: '10.20.30.40' });
    await page.selectOption('#primary_uri_uuid', { label: 'sip:pbx.example.net' });
    await submitForm(page, { cps_limit: '10001', concurrent_calls_limit: '20' }, 'button:has-text("Create trunk")');
    expect(await page.getAttribute('#cps_limit', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#cps_limit-error')).toBe('must be <= 10000');
    expect(await page.inputValue('#name')).toBe('Main office');
    await expectAccessible(page, 'trunk-new-refused');
    await page.fill('#cps_limit', '5');
    await Promise.all([page.waitForURL(/notice=created/), page.click('button:has-text("Create trunk")')]);
    const trunks = await t.current.app.inject({
      url: `/api/v1/Account/${customer.authId}/trunks`, headers: authHeaders(customer),
    });
    expect(trunks.json().objects).toMatchObject([{ name: 'Main office', cps_limit: 5, concurrent_calls_limit: 20 }]);
    const uris = await t.current.app.inject({
      url: `/api/v1/Account/${customer.authId}/trunks/origination-uris`, headers: authHeaders(customer),
    });
    expect(uris.json().objects).toMatchObject([{ name: 'PBX', priority: 3, weight: 50 }]);
    await expectAccessible(page, 'trunks');

    await page.click('a:has-text("Edit trunk Main office")');
    await expectAccessible(page, 'trunk-edit');
    await page.fill('#name', 'Head office');
    await page.selectOption('#trunk_status', 'disabled');
    await page.fill('#concurrent_calls_limit', '30');
    await Promise.all([page.waitForURL(/notice=updated/), page.click('button:has-text("Save")')]);
    expect(await page.textContent('.notice')).toBe('Saved.');
    const edited = await t.current.app.inject({
      url: `/api/v1/Account/${customer.authId}/trunks`, headers: authHeaders(customer),
    });
    expect(edited.json().objects).toMatchObject([
      { name: 'Head office', trunk_status: 'disabled', concurrent_calls_limit: 30, cps_limit: 5 },
    ]);
    await page.click('a:has-text("Edit IP ACL 10.20.30.40")');
    await submitForm(page, { ip_address: '203.0.113.0/24' }, 'button:has-text("Save")');
    expect(await page.getAttribute('#ip_address', 'aria-invalid')).toBe('true');
    expect(await page.textContent('#ip_address-error')).toContain('documentation range 203.0.113');
    await expectAccessible(page, 'ip-acl-edit-refused');
    await page.fill('#ip_address', '10.20.0.0/16');
    await Promise.all([page.waitForURL(/notice=updated/), page.click('button:has-text("Save")')]);
    expect(await page.textContent('table >> text=10.20.0.0/16')).toBe('10.20.0.0/16');
    await page.goto(`${origin}/console/account/cdrs`);
    await expectAccessible(page, 'cdrs');
    expect(errors).toEqual([]);
    await page.close();
  });
});
