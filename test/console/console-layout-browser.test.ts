/**
 * The console at phone width and by keyboard, in real Chromium: no page type scrolls sideways
 * at 375 CSS pixels (wide tables scroll inside their own box), the skip link comes first and
 * every control of a form is reached with Tab and shows a visible focus ring, and a form is
 * sent with Enter alone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useTestApp } from '../support/app';
import {
  hasChromium, newRecordingPage, useListeningBrowser, warnWithoutChromium,
} from '../support/chromium';
import { authHeaders, createCustomer, createPartner } from '../support/factories';

warnWithoutChromium('the console layout browser tests');

const t = useTestApp();
const browser = useListeningBrowser(t);

async function signIn(page: Page, kind: string, identifier: string, secret: string) {
  await browser.context.clearCookies();
  await page.goto(`${browser.origin}/console/login`);
  await page.check(`input[name="kind"][value="${kind}"]`);
  await page.fill('#identifier', identifier);
  await page.fill('#secret', secret);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.endsWith('/login')),
    page.click('button[type=submit]'),
  ]);
}

/** The customer, its auth id made all W (same length), the widest its letters can be. */
async function withWidestAuthId<T extends { authId: string }>(customer: T): Promise<T> {
  const authId = `MA_${'W'.repeat(customer.authId.length - 3)}`;
  await t.current.deps.db.updateTable('accounts').set({ auth_id: authId })
    .where('auth_id', '=', customer.authId).execute();
  return { ...customer, authId };
}

/** How far the page reaches past the viewport's right edge, in CSS pixels. */
async function sidewaysOverflow(page: Page, path: string): Promise<number> {
  const answer = await page.goto(`${browser.origin}${path}`);
  expect(answer?.status(), path).toBe(200);
  return page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
}

/** What has the focus now: its name (or text) and whether a focus ring is drawn around it. */
// Page scripts are text: the tests compile without the DOM's types.
function focused(page: Page) {
  return page.evaluate<{ tag: string; name: string; ring: boolean }>(`(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    const name = element.getAttribute('name') ?? element.textContent?.trim() ?? '';
    return { tag: element.tagName.toLowerCase(), name, ring };
  })()`);
}

describe.skipIf(!hasChromium)('the console at phone width and by keyboard', { timeout: 180_000 }, () => {
  it('fits every page type into a phone-wide viewport', async () => {
    const partner = await createPartner(t.current.app);
    // The widest glyphs an auth id can have: shown unbroken, a random one overflowed at times.
    const customer = await withWidestAuthId(await createCustomer(t.current.app, partner));
    const { page, errors } = await newRecordingPage(browser.context);
    await page.setViewportSize({ width: 375, height: 800 });
    const areas: [string, string, string, string[]][] = [
      ['partner', partner.authId, partner.token, [
        '/console/partner', '/console/partner/customers', '/console/partner/customers/new',
        `/console/partner/customers/${customer.authId}`,
        `/console/partner/customers/${customer.authId}/cdrs`, '/console/partner/transactions',
        '/console/partner/kyc-sessions', '/console/partner/webhook-deliveries',
        '/console/partner/pricing-tiers', '/console/partner/settings',
      ]],
      ['customer', customer.authId, customer.token, [
        '/console/account', '/console/account/numbers', '/console/account/trunks',
        '/console/account/trunks/trunk/new', '/console/account/trunks/uri/new',
        '/console/account/cdrs',
      ]],
      ['operator', '', ADMIN_TOKEN, [
        '/console/operator', '/console/operator/inventory', '/console/operator/health',
      ]],
    ];
    for (const [kind, identifier, secret, paths] of areas) {
      await signIn(page, kind, identifier, secret);
      for (const path of paths) expect(await sidewaysOverflow(page, path), path).toBe(0);
    }
    expect(await sidewaysOverflow(page, '/console/login')).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reaches every field of a form with Tab, rings the focus, and sends it with Enter', async () => {
    const partner = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, partner);
    const { page, errors } = await newRecordingPage(browser.context);
    await signIn(page, 'customer', customer.authId, customer.token);
    await page.goto(`${browser.origin}/console/account/trunks/uri/new`);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', name: 'Skip to content', ring: true });

    const controls = await page.$$eval(
      'main input:not([type=hidden]), main select, main button',
      (elements) => elements.map((element) => element.getAttribute('name') ?? element.textContent));
    const reached: string[] = [];
    for (let step = 0; step < 40 && reached.length < controls.length; step += 1) {
      await page.keyboard.press('Tab');
      const now = await focused(page);
      expect(now.ring, now.name).toBe(true);
      if (['input', 'select', 'button'].includes(now.tag) && controls.includes(now.name)) {
        reached.push(now.name);
      }
    }
    expect(reached).toEqual(controls);

    await page.focus('#name');
    await page.keyboard.type('Keyboard PBX');
    await page.focus('#sip_uri');
    await page.keyboard.type('sip:keyboard.example.net');
    await Promise.all([page.waitForURL(/notice=created/), page.keyboard.press('Enter')]);
    const uris = await t.current.app.inject({
      url: `/api/v1/Account/${customer.authId}/trunks/origination-uris`,
      headers: authHeaders(customer),
    });
    expect(uris.json().objects).toMatchObject([{ name: 'Keyboard PBX', priority: 1 }]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
