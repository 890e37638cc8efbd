/**
 * The partner integration guide as one story against a running dialtone: operator, partner,
 * customer, money, KYC through the widget with a signed webhook, a number and a trunk,
 * simulated traffic, and the partner's view of it all.
 */
import { buildDemoInventory } from '../../domain/numbers/demo-inventory';
import { SANDBOX_DIGILOCKER_OTP } from '../../domain/kyc/identity-providers';
import { apiClient, type ApiClient } from '../api-client';
import { credentialClient, type Story } from './story';
import { startWebhookReceiver } from '../webhook-receiver';
import { widgetBrowser } from './widget-browser';

/** How long the demo waits for the kyc.completed webhook (delivery is a background job). */
const WEBHOOK_WAIT_MS = 30_000;
const REDIRECT_URL = 'https://partner.example/kyc-complete';
const SIMULATED_CALLS = 500;

export async function runLifecycle(story: Story, baseUrl: string, adminToken: string): Promise<void> {
  const operator = apiClient(baseUrl, { authorization: `Bearer ${adminToken}` });
  // Unique names (e-mails, the SIP username) let the demo run again on the same server.
  const suffix = Date.now().toString(36);

  story.step('The operator creates a partner and recharges its master wallet');
  const partner = await story.call(operator, 'POST', '/api/v1/admin/partners',
    { name: 'Demo Telecom', email: `ops-${suffix}@demo-telecom.test` },
    (p) => ({ auth_id: p.auth_id, currency: p.currency }));
  await story.call(operator, 'POST', `/api/v1/admin/partners/${partner.auth_id}/credit`,
    '{"amount": 50000.00, "description": "Opening balance"}', (r) => ({ balance_after: r.balance_after }));
  const asPartner = credentialClient(baseUrl, partner.auth_id, partner.auth_token);

  story.step('The partner creates a customer account (guide step 1)');
  const customer = await story.call(asPartner, 'POST', '/api/v1/partner/accounts', {
    name: 'John Doe', email: `john-${suffix}@example.com`, phone: '+919876543210',
    password: 'SecurePass123!', company: 'Acme Corp', country: 'IN',
  }, (c) => ({ auth_id: c.auth_id, status: c.status, kyc_status: c.kyc_status }));
  const asCustomer = credentialClient(baseUrl, customer.auth_id, customer.auth_token);

  story.step('The partner transfers 500.00 to the customer (guide step 2)');
  const moved = await story.call(asPartner, 'POST', `/api/v1/partner/accounts/${customer.auth_id}/transfer-balance`,
    '{"amount": 500.00, "currency": "INR", "description": "April recharge"}',
    (t) => ({ transaction_id: t.transaction_id, partner_balance_after: t.partner_balance_after, customer_balance_after: t.customer_balance_after }));
  story.expect(moved.customer_balance_after === 500, 'the customer wallet holds exactly 500.00');
  await story.call(asPartner, 'POST', `/api/v1/partner/accounts/${customer.auth_id}/transfer-balance`,
    '{"amount": 1500.00, "currency": "INR", "description": "Number and first calls"}',
    (t) => ({ customer_balance_after: t.customer_balance_after }));

  await verifyKyc(story, baseUrl, asPartner, customer.auth_id);
  await provisionTelephony(story, operator, asCustomer, customer.auth_id, suffix);

  story.step(`Calls happen: ${SIMULATED_CALLS} simulated CDRs over 7 days through the ingestion path`);
  story.progress('rating each answered call and charging the customer wallet through the ledger');
  await story.call(operator, 'POST', '/api/v1/admin/simulate',
    { account_id: customer.auth_id, calls: SIMULATED_CALLS, days: 7 }, (r) => ({ ...r }));

  story.step('The partner watches CDRs and the dashboard (guide: CDR monitoring)');
  const cdrs = await story.call(asPartner, 'GET', `/api/v1/partner/accounts/${customer.auth_id}/cdrs?per_page=5`,
    undefined, (r) => ({ summary: r.summary }));
  story.expect(cdrs.summary.totalCalls === SIMULATED_CALLS, `all ${SIMULATED_CALLS} calls are in the partner's CDR view`);
  await story.call(asPartner, 'GET', `/api/v1/partner/accounts/${customer.auth_id}/cdrs?status=failed&hangup_cause=NO_ANSWER&per_page=1`,
    undefined, (r) => ({ unanswered_no_answer_calls: r.pagination.total }));
  const dashboard = await story.call(asPartner, 'GET', '/api/v1/partner/dashboard', undefined,
    (d) => ({ accounts: { total: d.accounts.total }, calls: d.calls, total_balance: d.total_balance }));
  story.expect(dashboard.calls.total_calls === SIMULATED_CALLS, 'the dashboard counts the same calls');
  await story.call(asCustomer, 'GET', `/api/v1/Account/${customer.auth_id}/balance/INR`, undefined,
    (b) => ({ balance_after_calls_and_number: b.balance }));
}

async function verifyKyc(story: Story, baseUrl: string, asPartner: ApiClient, accountAuthId: string) {
  const receiver = await startWebhookReceiver();
  try {
    story.step('The partner reads its webhook signing secret');
    const secret = await story.call(asPartner, 'GET', '/api/v1/partner/webhook-secret', undefined,
      (s) => ({ secret: `${String(s.secret).slice(0, 10)}… (kept by the receiver)` }));
    receiver.setSecret(secret.secret);

    story.step('The partner opens a redirect-flow KYC session (guide step 3)');
    const session = await story.call(asPartner, 'POST', '/api/v1/partner/kyc-sessions', {
      account_auth_id: accountAuthId, flow_type: 'redirect', redirect_url: REDIRECT_URL,
      webhook_url: receiver.url, expires_in_days: 14, metadata: { signup_ref: 'demo' },
    }, (s) => ({ session_id: s.session_id, status: s.status, widget_url: s.widget_url }));

    story.step("The customer completes the hosted widget in the browser (guide step 4, individual path)");
    const token = new URL(session.widget_url).searchParams.get('token')!;
    const browser = widgetBrowser(baseUrl, token);
    await browser.open(session.widget_url);
    story.note('PAN AAAPZ0000S (4th character P: individual) ...');
    await browser.submit('pan', { pan: 'AAAPZ0000S' });
    story.note('name and date of birth ...');
    await browser.submit('individual', { name: 'John Doe', date_of_birth: '1990-04-01' });
    story.note('DigiLocker consent, then the government OTP ...');
    await browser.submit('digiLockerStart', { consent: 'yes' });
    const finish = await browser.submit('digiLockerOtp', { otp: SANDBOX_DIGILOCKER_OTP });
    story.expect('redirectedTo' in finish, 'the browser is sent back to the partner');
    const back = new URL('redirectedTo' in finish ? finish.redirectedTo : REDIRECT_URL);
    story.note(`redirect: ${back.toString()}`);
    story.expect(back.searchParams.get('status') === 'kyc_completed', 'the redirect says kyc_completed (a UI hint only)');

    story.step('The kyc.completed webhook arrives, signed');
    story.progress('waiting for the delivery job');
    const webhook = await receiver.waitFor('kyc.completed', WEBHOOK_WAIT_MS);
    story.expect(webhook.signaturesValid, 'both signatures verify (Standard Webhooks and X-Vobiz-Signature)');
    story.expect(webhook.body.session_id === session.session_id, 'the webhook names this session');

    story.step('The partner confirms server-side, as the guide says');
    const confirmed = await story.call(asPartner, 'GET', `/api/v1/partner/kyc-sessions/${session.session_id}`,
      undefined, (s) => ({ status: s.status, kyc_type: s.kyc_type }));
    story.expect(confirmed.status === 'kyc_completed', 'GET /kyc-sessions/{id} says kyc_completed');
  } finally {
    await receiver.close();
  }
}

async function provisionTelephony(
  story: Story, operator: ApiClient, asCustomer: ApiClient, authId: string, suffix: string,
) {
  story.step('The operator loads the demo inventory of Indian numbers');
  await story.call(operator, 'POST', '/api/v1/admin/inventory/numbers', buildDemoInventory(),
    (r) => ({ ...r }));

  story.step('The customer buys a Bengaluru number from inventory');
  const account = `/api/v1/Account/${authId}`;
  const available = await story.call(asCustomer, 'GET', `${account}/inventory/numbers?search=%2B9180&per_page=1`,
    undefined, (r) => ({ total: r.total, first: r.items[0]?.e164 }));
  const bought = await story.call(asCustomer, 'POST', `${account}/numbers/purchase-from-inventory`,
    { e164: available.items[0].e164 }, (r) => ({ message: r.message, e164: r.number.e164, monthly_fee: r.number.monthly_fee }));

  story.step('The customer creates a SIP trunk with a credential, an IP ACL and an origination URI');
  const trunk = await story.call(asCustomer, 'POST', `${account}/trunks`, { name: 'Office PBX', trunk_direction: 'outbound' },
    (t) => ({ trunk_id: t.trunk_id, trunk_domain: t.trunk_domain }));
  await story.call(asCustomer, 'POST', `${account}/credentials`, { username: `officepbx-${suffix}`, password: 'Str0ngSipPass' },
    (c) => ({ id: c.id, username: c.username, password: c.password }));
  await story.call(asCustomer, 'POST', `${account}/ip-acl`, { name: 'Office', ip_address: '49.36.12.0/24' },
    (a) => ({ id: a.id, ip_address: a.ip_address }));
  await story.call(asCustomer, 'POST', `${account}/origination-uris`, { name: 'PBX', sip_uri: 'sip:pbx.acme.example:5060', priority: 1 },
    (o) => ({ id: o.id, uri: o.uri }));
  await story.call(asCustomer, 'POST', `${account}/numbers/${encodeURIComponent(bought.number.e164)}/assign`,
    { trunk_group_id: trunk.trunk_id }, (r) => ({ message: r.message, trunk_group_id: r.number.trunk_group_id }));
}
