/**
 * The partner's other pages over inject: pricing tiers (create, edit, assign, the API's rules as
 * field errors), secrets revealed only in a POST answer and only to owners, API token rotation
 * (the old token stops, the new one works), webhook deliveries with a redeliver, and a
 * customer's numbers a page at a time.
 */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../support/app';
import { ConsoleClient } from '../support/console';
import { authHeaders, createCustomer, createPartner } from '../support/factories';
import { createKycSession } from '../support/kyc';
import { customerWithNumbers } from '../support/numbers';
import { CONSOLE_PAGE_SIZE } from '../../src/limits';

const t = useTestApp();

async function signedInPartner() {
  const partner = await createPartner(t.current.app);
  const client = new ConsoleClient(t.current.app);
  await client.loginOk('partner', partner.authId, partner.token);
  return { partner, client };
}

describe('pricing tiers', () => {
  it('creates, edits and assigns a tier, and shows a bad field next to it', async () => {
    const { partner, client } = await signedInPartner();
    const customer = await createCustomer(t.current.app, partner);
    await client.get('/console/partner/pricing-tiers');
    const bad = await client.post('/console/partner/pricing-tiers', {
      name: 'Gold', rate_per_minute: '0.40', billing_increment_seconds: 'six', minimum_duration_seconds: '60',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('billing_increment_seconds must be a whole number of seconds');
    const made = await client.post('/console/partner/pricing-tiers', {
      name: 'Gold', rate_per_minute: '0.40', billing_increment_seconds: '6', minimum_duration_seconds: '6',
    });
    expect(made.statusCode, made.body).toBe(303);
    const list = await client.get('/console/partner/pricing-tiers');
    const tierId = /pricing-tiers\/([0-9a-f-]{36})/.exec(list.body)![1]!;
    expect(list.body).toContain('0.40000 INR');
    await client.get(`/console/partner/pricing-tiers/${tierId}`);
    const saved = await client.post(`/console/partner/pricing-tiers/${tierId}`, {
      name: 'Gold', rate_per_minute: '0.35', billing_increment_seconds: '6', minimum_duration_seconds: '6',
    });
    expect(saved.statusCode).toBe(303);
    await client.get(`/console/partner/customers/${customer.authId}`);
    const assigned = await client.post(`/console/partner/customers/${customer.authId}/pricing-tier`, { pricing_tier_id: tierId });
    expect(assigned.statusCode).toBe(303);
    const account = await t.current.app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}`, headers: authHeaders(partner),
    });
    expect(account.json().pricing_tier).toMatchObject({ id: tierId, rate_per_minute: 0.35 });
    const other = await signedInPartner();
    expect((await other.client.get(`/console/partner/pricing-tiers/${tierId}`)).statusCode).toBe(404);
  });
});

describe('settings', () => {
  it('reveals the webhook secret only in the answer to a POST, and rotates the API token', async () => {
    const { partner, client } = await signedInPartner();
    const page = await client.get('/console/partner/settings');
    expect(page.body).not.toContain('whsec_');
    const revealed = await client.post('/console/partner/settings/webhook-secret/reveal');
    expect(revealed.body).toMatch(/id="revealed-secret">whsec_/);
    const rotated = await client.post('/console/partner/settings/api-token/rotate');
    const token = /id="revealed-secret">([^<]+)</.exec(rotated.body)![1]!;
    const me = (credentials: { authId: string; token: string }) =>
      t.current.app.inject({ url: '/api/v1/partner/me', headers: authHeaders(credentials) });
    expect((await me(partner)).statusCode).toBe(401);
    expect((await me({ authId: partner.authId, token })).statusCode).toBe(200);
    // The console session does not hang on the token: the partner stays signed in.
    expect((await client.get('/console/partner/settings')).statusCode).toBe(200);
  });
});

describe('webhook deliveries', () => {
  it('lists deliveries and schedules a redelivery once the first has ended', async () => {
    const { partner, client } = await signedInPartner();
    const customer = await createCustomer(t.current.app, partner);
    await createKycSession(t.current.app, partner, customer, {
      flow_type: 'redirect', redirect_url: 'http://127.0.0.1:9/back', webhook_url: 'http://127.0.0.1:9/hook',
    });
    await createKycSession(t.current.app, partner, customer, {
      flow_type: 'redirect', redirect_url: 'http://127.0.0.1:9/back', webhook_url: 'http://127.0.0.1:9/hook',
    });
    const page = await client.get('/console/partner/webhook-deliveries');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('kyc.session_revoked');
    const id = /webhook-deliveries\/([0-9a-f-]{36})\/redeliver/.exec(page.body)![1]!;
    const pending = await client.post(`/console/partner/webhook-deliveries/${id}/redeliver`);
    expect(pending.statusCode).toBe(409);
    expect(pending.body).toContain('still pending');
  });
});

describe('a customer page', () => {
  it("pages through the customer's numbers, one page of rows at a time", async () => {
    const { customer, numbers } = await customerWithNumbers(t.current.app, CONSOLE_PAGE_SIZE + 1);
    const trunk = await t.current.app.inject({
      method: 'POST', url: `/api/v1/Account/${customer.authId}/trunks`,
      headers: authHeaders(customer), payload: { name: 'Main', cps_limit: 4 },
    });
    expect(trunk.statusCode, trunk.body).toBe(201);
    const client = new ConsoleClient(t.current.app);
    await client.loginOk('partner', customer.partner.authId, customer.partner.token);
    const listed = (body: string) => {
      const section = /id="customer-numbers">([\s\S]*?)<\/section>/.exec(body)![1]!;
      return numbers.filter((e164) => section.includes(`${e164} (`)).length;
    };
    const first = await client.get(`/console/partner/customers/${customer.authId}`);
    expect(listed(first.body)).toBe(CONSOLE_PAGE_SIZE);
    expect(first.body).toContain(`Page 1 of 2 (${CONSOLE_PAGE_SIZE + 1} in all)`);
    expect(first.body).toContain(`href="/console/partner/customers/${customer.authId}?page=2"`);
    const second = await client.get(`/console/partner/customers/${customer.authId}?page=2`);
    expect(listed(second.body)).toBe(1);
    expect(second.body).toContain('rel="prev"');
    // The trunks list is read-only, with each trunk's limits.
    expect(first.body).toMatch(/Main: [^<]+\(enabled; 10 concurrent calls, 4 calls\s+per second\)/);
    expect(first.body).not.toContain('/console/account/trunks');
  });
});
