/**
 * Webhook delivery end to end: a real receiver on 127.0.0.1, the real job runner for the first
 * attempt, and the injected clock for the retry schedule. Signatures are checked the way a
 * partner's receiver would check them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock';
import { verifyStandardWebhook, verifyVobizSignature } from '../../src/domain/webhooks/signatures';
import { deliverDueWebhooks, releaseLeasesOfDeadWorkers } from '../../src/domain/webhooks/webhook-sending';
import { JOB_WORKER_EXPIRY_MS } from '../../src/limits';
import { WEBHOOK_ATTEMPTS_MAX } from '../../src/domain/webhooks/retry-schedule';
import { useTestApp } from '../support/app';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../support/factories';
import { createKycSession, runJobsOnce, workerDepsOf } from '../support/kyc';
import { type Answer, type HttpReceiver, startHttpReceiver } from '../support/receivers';

const clock = manualClock(new Date());
const t = useTestApp({ clock });
const receivers: HttpReceiver[] = [];
const SECOND_MS = 1000;
const HOUR_MS = 3600 * SECOND_MS;

afterEach(async () => {
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  // The sweep is global: settle what a test left pending so the next test's sweep sees only its own.
  await t.current.database.handle.db.updateTable('webhook_deliveries')
    .set({ status: 'failed', next_attempt_at: null }).where('status', '=', 'pending').execute();
});

/** Production jitters each delay by up to ±10 %. */
function expectDelay(delivery: Record<string, unknown> | undefined, baseMs: number) {
  const delayMs = new Date(delivery!.next_attempt_at as string).getTime() -
    new Date(delivery!.last_attempt_at as string).getTime();
  expect(delayMs).toBeGreaterThanOrEqual(baseMs * 0.9);
  expect(delayMs).toBeLessThanOrEqual(baseMs * 1.1);
}

async function receiver(answers: Answer[] | ((index: number) => Answer)) {
  const started = await startHttpReceiver((_request, index) =>
    (typeof answers === 'function' ? answers(index) : answers[index] ?? { status: 200 }));
  receivers.push(started);
  return started;
}

function sendingDeps(overrides: { allowPrivateUrls?: boolean } = {}) {
  return { db: t.current.deps.db, sealer: t.current.deps.sealer, clock, allowPrivateUrls: true, random: () => 0.5, ...overrides };
}

/** A revoked session whose kyc.session_revoked goes to `url`: the simplest event to make. */
async function revokedSession(partner: Credentials, url: string) {
  const customer = await createCustomer(t.current.app, partner);
  const session = await createKycSession(t.current.app, partner, customer, { webhook_url: url, metadata: { crm: 'c-9' } });
  const revoked = await t.current.app.inject({
    method: 'DELETE', url: `/api/v1/partner/kyc-sessions/${session.session_id}`, headers: authHeaders(partner),
  });
  expect(revoked.statusCode).toBe(200);
  return session.session_id;
}

async function deliveries(partner: Credentials, query = '') {
  const response = await t.current.app.inject({ url: `/api/v1/partner/webhook-deliveries${query}`, headers: authHeaders(partner) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().deliveries as Record<string, unknown>[];
}

async function secretOf(partner: Credentials): Promise<string> {
  const response = await t.current.app.inject({ url: '/api/v1/partner/webhook-secret', headers: authHeaders(partner) });
  return response.json().secret;
}

describe('webhook delivery', () => {
  it('signs both ways, retries after two 500s on the schedule, and never repeats a delivered event', async () => {
    const partner = await createPartner(t.current.app);
    const hook = await receiver([{ status: 500, body: 'boom' }, { status: 500 }, { status: 204 }]);
    const sessionId = await revokedSession(partner, `${hook.origin}/kyc-webhook`);
    const secret = await secretOf(partner);

    await runJobsOnce(workerDepsOf(t.current));
    expect(hook.received).toHaveLength(1);
    expectDelay((await deliveries(partner))[0], 5 * SECOND_MS);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual([]);
    clock.advance(5.5 * SECOND_MS);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual(['retry_scheduled']);
    expect(hook.received).toHaveLength(2);
    clock.advance(5 * 60 * SECOND_MS - 1);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual([]);
    clock.advance(1);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual(['delivered']);
    clock.advance(24 * HOUR_MS);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual([]);
    await runJobsOnce(workerDepsOf(t.current));
    expect(hook.received).toHaveLength(3);
    // The job's first attempt (a 500) is counted by outcome in the process metrics.
    const metrics = await t.current.deps.metrics.registry.metrics();
    expect(metrics).toMatch(/dialtone_webhook_delivery_attempts_total\{outcome="retry_scheduled"\} [1-9]/);

    const ids = new Set(hook.received.map((request) => request.headers['webhook-id']));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^evt_[0-9a-f]{32}$/);
    for (const request of hook.received) {
      expect(request.method).toBe('POST');
      expect(request.url).toBe('/kyc-webhook');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.body).toBe(hook.received[0]!.body);
      const nowSeconds = Number(request.headers['webhook-timestamp']);
      expect(verifyStandardWebhook({ secret, headers: request.headers, body: request.body, nowSeconds })).toEqual({ ok: true });
      expect(verifyVobizSignature({
        secret, signature: request.headers['x-vobiz-signature'] as string, body: request.body,
      })).toEqual({ ok: true });
      expect(verifyVobizSignature({ secret: `${secret}x`, signature: request.headers['x-vobiz-signature'] as string, body: request.body }))
        .toMatchObject({ ok: false });
    }
    expect(JSON.parse(hook.received[0]!.body)).toMatchObject({
      event: 'kyc.session_revoked', session_id: sessionId, status: 'revoked', session_status: 'revoked',
      metadata: { crm: 'c-9' }, kyc_type: null, verified_data: null,
    });
    const [delivery] = await deliveries(partner);
    expect(delivery).toMatchObject({
      event: 'kyc.session_revoked', session_id: sessionId, url: `${hook.origin}/kyc-webhook`, status: 'delivered',
      attempts: 3, last_status_code: 204, last_error: null, next_attempt_at: null,
    });
  });

  it('records the attempt error while retrying (visible in the delivery list with the next attempt)', async () => {
    const partner = await createPartner(t.current.app);
    const hook = await receiver([{ status: 503, body: 'maintenance' }]);
    await revokedSession(partner, hook.origin);
    await runJobsOnce(workerDepsOf(t.current));
    const [delivery] = await deliveries(partner, '?status=pending');
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, last_status_code: 503, last_error: 'HTTP 503: maintenance' });
    expectDelay(delivery, 5 * SECOND_MS);
  });

  it('honours a Retry-After longer than the schedule', async () => {
    const partner = await createPartner(t.current.app);
    const hook = await receiver([{ status: 429, headers: { 'retry-after': '120' } }]);
    await revokedSession(partner, hook.origin);
    await runJobsOnce(workerDepsOf(t.current));
    const [delivery] = await deliveries(partner);
    expect(new Date(delivery!.next_attempt_at as string).getTime() - new Date(delivery!.last_attempt_at as string).getTime())
      .toBe(120 * SECOND_MS);
    clock.advance(119 * SECOND_MS);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual([]);
    clock.advance(SECOND_MS);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual(['delivered']);
  });

  it('gives up after the whole schedule (8 attempts) and marks the delivery failed', async () => {
    const partner = await createPartner(t.current.app);
    const hook = await receiver(() => ({ status: 500 }));
    await revokedSession(partner, hook.origin);
    await runJobsOnce(workerDepsOf(t.current));
    for (let attempt = 2; attempt <= WEBHOOK_ATTEMPTS_MAX; attempt += 1) {
      clock.advance(11 * HOUR_MS);
      await deliverDueWebhooks(sendingDeps());
    }
    clock.advance(11 * HOUR_MS);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual([]);
    expect(hook.received).toHaveLength(WEBHOOK_ATTEMPTS_MAX);
    const [delivery] = await deliveries(partner);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 8, next_attempt_at: null });
    expect(delivery!.last_error).toContain('gave up after 8 attempts');
  });

  it('stops at 410, disables the endpoint for later events, and a redelivery enables it again', async () => {
    const partner = await createPartner(t.current.app);
    const hook = await receiver([{ status: 410 }, { status: 200 }]);
    const url = `${hook.origin}/gone`;
    const laterCustomer = await createCustomer(t.current.app, partner);
    const later = await createKycSession(t.current.app, partner, laterCustomer, { webhook_url: url });
    await revokedSession(partner, url);
    await runJobsOnce(workerDepsOf(t.current));
    clock.advance(HOUR_MS);
    await deliverDueWebhooks(sendingDeps());
    expect(hook.received).toHaveLength(1);
    expect((await deliveries(partner))[0]).toMatchObject({ status: 'gone', attempts: 1, last_status_code: 410 });

    await t.current.app.inject({
      method: 'DELETE', url: `/api/v1/partner/kyc-sessions/${later.session_id}`, headers: authHeaders(partner),
    });
    await runJobsOnce(workerDepsOf(t.current));
    expect(hook.received).toHaveLength(1);
    const [skipped] = await deliveries(partner, `?session_id=${later.session_id}`);
    expect(skipped).toMatchObject({ status: 'gone', attempts: 0 });

    const redelivered = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/webhook-deliveries/${skipped!.id}/redeliver`, headers: authHeaders(partner),
    });
    expect(redelivered.statusCode, redelivered.body).toBe(202);
    expect(redelivered.json()).toMatchObject({ status: 'pending', attempts: 0, event_id: skipped!.event_id });
    const again = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/webhook-deliveries/${skipped!.id}/redeliver`, headers: authHeaders(partner),
    });
    expect(again.statusCode).toBe(409);
    await runJobsOnce(workerDepsOf(t.current));
    expect(hook.received).toHaveLength(2);
    expect(hook.received[1]!.headers['webhook-id']).toBe(skipped!.event_id);
    expect((await deliveries(partner, '?status=delivered'))).toHaveLength(1);
  });

  it('refuses, right before sending, a URL that resolves to a private address when that is not allowed', async () => {
    const partner = await createPartner(t.current.app);
    const hook = await receiver([]);
    await revokedSession(partner, hook.origin);
    await runJobsOnce(workerDepsOf(t.current, { allowPrivateUrls: false }));
    expect(hook.received).toHaveLength(0);
    const [delivery] = await deliveries(partner);
    expect(delivery).toMatchObject({ status: 'failed', attempts: 1, last_status_code: null });
    expect(delivery!.last_error).toContain('public addresses only');
  });

  it('makes one attempt when two senders race for the same due delivery', async () => {
    const partner = await createPartner(t.current.app);
    const hook = await receiver([{ status: 500 }, { status: 200 }]);
    await revokedSession(partner, hook.origin);
    await runJobsOnce(workerDepsOf(t.current));
    clock.advance(6 * SECOND_MS);
    const outcomes = (await Promise.all([1, 2, 3].map(() => deliverDueWebhooks(sendingDeps())))).flat();
    // A sender that saw the delivery due but lost the claim skips it.
    expect(outcomes.filter((outcome) => outcome === 'delivered')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'delivered' && outcome !== 'skipped')).toEqual([]);
    expect(hook.received).toHaveLength(2);
  });

  it('frees a lease early only when its holder stopped beating and the lease is older than that', async () => {
    const partner = await createPartner(t.current.app);
    const hook = await receiver([{ status: 200 }]);
    await revokedSession(partner, hook.origin);
    const db = t.current.database.handle.db;
    await db.insertInto('job_worker_heartbeats').values({ worker_id: 'live' }).execute();
    const lease = (holder: string, ageMs: number) => db.updateTable('webhook_deliveries')
      .set({ lease_holder: holder, lease_expires_at: new Date(clock().getTime() + 60 * SECOND_MS),
        updated_at: new Date(Date.now() - ageMs) })
      .where('partner_id', '=', partner.id).execute();
    const release = () => releaseLeasesOfDeadWorkers(db, JOB_WORKER_EXPIRY_MS);

    await lease('live', 2 * JOB_WORKER_EXPIRY_MS);
    expect(await release()).toBe(0);
    await lease('killed', JOB_WORKER_EXPIRY_MS / 2);
    expect(await release()).toBe(0);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual([]);
    await lease('killed', 2 * JOB_WORKER_EXPIRY_MS);
    expect(await release()).toBe(1);
    expect(await deliverDueWebhooks(sendingDeps())).toEqual(['delivered']);
    expect(hook.received).toHaveLength(1);
  });

  it('signs with both secrets during a rotation, so receivers on either keep verifying', async () => {
    const partner = await createPartner(t.current.app);
    const oldSecret = await secretOf(partner);
    const rotated = await t.current.app.inject({ method: 'POST', url: '/api/v1/partner/webhook-secret', headers: authHeaders(partner) });
    expect(rotated.statusCode).toBe(200);
    const newSecret = rotated.json().secret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(new Date(rotated.json().previous_secret_expires_at).getTime()).toBe(clock().getTime() + 24 * HOUR_MS);
    expect(await secretOf(partner)).toBe(newSecret);
    const hook = await receiver([]);
    await revokedSession(partner, hook.origin);
    await runJobsOnce(workerDepsOf(t.current));
    const [request] = hook.received;
    for (const secret of [oldSecret, newSecret]) {
      const nowSeconds = Number(request!.headers['webhook-timestamp']);
      expect(verifyStandardWebhook({ secret, headers: request!.headers, body: request!.body, nowSeconds })).toEqual({ ok: true });
      expect(verifyVobizSignature({ secret, signature: request!.headers['x-vobiz-signature'] as string, body: request!.body }))
        .toEqual({ ok: true });
    }
  });

  it("keeps deliveries and secrets per partner: another partner's delivery is 404", async () => {
    const partner = await createPartner(t.current.app);
    const stranger = await createPartner(t.current.app);
    const hook = await receiver([]);
    await revokedSession(partner, hook.origin);
    const [delivery] = await deliveries(partner);
    expect(await deliveries(stranger)).toEqual([]);
    const response = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/webhook-deliveries/${delivery!.id}/redeliver`, headers: authHeaders(stranger),
    });
    expect(response.statusCode).toBe(404);
    expect(await secretOf(stranger)).not.toBe(await secretOf(partner));
  });

  it('pauses an endpoint after 5 failures in a row, holds its deliveries, and resumes on success', async () => {
    const partner = await createPartner(t.current.app);
    let healthy = false;
    const hook = await receiver(() => ({ status: healthy ? 200 : 500 }));
    await revokedSession(partner, hook.origin);
    await runJobsOnce(workerDepsOf(t.current));
    for (let attempt = 2; attempt <= 5; attempt += 1) {
      clock.advance(3 * HOUR_MS);
      expect(await deliverDueWebhooks(sendingDeps())).toEqual(['retry_scheduled']);
    }
    const [failing] = await deliveries(partner);
    expect(failing).toMatchObject({ status: 'pending', attempts: 5 });
    const pausedUntil = new Date(failing!.endpoint_paused_until as string).getTime();
    expect(pausedUntil - clock().getTime()).toBe(60 * SECOND_MS);

    // A new event for the paused endpoint waits for the pause without spending an attempt.
    await revokedSession(partner, hook.origin);
    await runJobsOnce(workerDepsOf(t.current));
    expect(hook.received).toHaveLength(5);
    const waiting = (await deliveries(partner)).find((delivery) => delivery.attempts === 0);
    expect(new Date(waiting!.next_attempt_at as string).getTime()).toBe(pausedUntil);

    healthy = true;
    clock.set(new Date(pausedUntil));
    expect(await deliverDueWebhooks(sendingDeps())).toEqual(['delivered']);
    clock.advance(6 * HOUR_MS); // the first delivery's sixth attempt is due 5 h after its fifth
    expect(await deliverDueWebhooks(sendingDeps())).toEqual(['delivered']);
    const after = await deliveries(partner);
    expect(after.map((delivery) => [delivery.status, delivery.endpoint_paused_until]))
      .toEqual([['delivered', null], ['delivered', null]]);
  });
});
