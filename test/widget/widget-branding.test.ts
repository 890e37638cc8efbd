/**
 * The partner's branding in the widget banner: display name (escaped), logo (allowed by the CSP
 * for its origin only) and accent colour (a same-origin stylesheet, no inline style).
 */
import { describe, expect, it } from 'vitest';
import { WIDGET_PATHS } from '../../src/widget/views/paths';
import { useTestApp } from '../support/app';
import { createCustomer, createPartner, operatorHeaders } from '../support/factories';
import { createKycSession, tokenOf } from '../support/kyc';

const t = useTestApp();

async function brandedWidget(branding: Record<string, unknown>) {
  const partner = await createPartner(t.current.app, { company: 'Acme <b>&</b> Co' });
  const update = await t.current.app.inject({
    method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`,
    headers: operatorHeaders, payload: branding,
  });
  expect(update.statusCode, update.body).toBe(200);
  const customer = await createCustomer(t.current.app, partner);
  const created = await createKycSession(t.current.app, partner, customer, {
    flow_type: 'redirect', redirect_url: 'http://127.0.0.1:9/kyc-done',
  });
  const token = tokenOf(created.widget_url!);
  const page = await t.current.app.inject({ url: `${WIDGET_PATHS.entry}?token=${token}` });
  expect(page.statusCode).toBe(200);
  return { update: update.json(), page };
}

describe('KYC widget branding', () => {
  it('shows the partner name escaped, its logo and its accent stylesheet', async () => {
    const { update, page } = await brandedWidget({
      logo_url: 'http://127.0.0.1:9/logo.png', accent_color: '#1F6F43',
    });
    expect(update).toMatchObject({
      logo_url: 'http://127.0.0.1:9/logo.png', accent_color: '#1f6f43',
    });
    expect(page.body).toContain('<p class="brand">Acme &lt;b&gt;&amp;&lt;/b&gt; Co</p>');
    expect(page.body).toContain('<img class="logo" src="http://127.0.0.1:9/logo.png" alt="">');
    expect(page.body).toContain('<link rel="stylesheet" href="/kyc/assets/accent/1f6f43">');
    expect(page.body).not.toContain('style=');
    expect(page.headers['content-security-policy'])
      .toContain("img-src 'self' http://127.0.0.1:9; ");
    const css = await t.current.app.inject({ url: '/kyc/assets/accent/1f6f43' });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toBe('.banner { background: #1f6f43; color: #ffffff; }\n');
  });

  it('names only the partner without logo or accent; the CSP then allows only our images', async () => {
    const { page } = await brandedWidget({ logo_url: null, accent_color: null });
    expect(page.body).toContain('<p class="brand">Acme &lt;b&gt;&amp;&lt;/b&gt; Co</p>');
    expect(page.body).not.toContain('<img');
    expect(page.body).not.toContain('/kyc/assets/accent/');
    expect(page.headers['content-security-policy']).toContain("img-src 'self'; ");
  });

  it('picks dark banner text on a light accent and refuses a malformed colour path', async () => {
    const light = await t.current.app.inject({ url: '/kyc/assets/accent/ffee88' });
    expect(light.body).toContain('color: #1a1a1a;');
    for (const bad of ['xyz123', '1f6f4', '1F6F43', '1f6f43%3Bcolor']) {
      const response = await t.current.app.inject({ url: `/kyc/assets/accent/${bad}` });
      expect(response.statusCode, bad).toBe(400);
    }
  });

  it('refuses a colour that is not #RRGGBB with 422', async () => {
    const partner = await createPartner(t.current.app);
    for (const accent of ['red', '#fff', '#12345g', '#1234567', '1f6f43', '#1f6f43;}']) {
      const response = await t.current.app.inject({
        method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`,
        headers: operatorHeaders, payload: { accent_color: accent },
      });
      expect(response.statusCode, accent).toBe(422);
    }
  });
});
