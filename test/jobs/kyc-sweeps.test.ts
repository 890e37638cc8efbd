/**
 * Expiry and reminders, driven by the injected clock: each happens once, at its time, never
 * after the session ended, also when sweeps run concurrently or again after a restart.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DAY_MS, manualClock } from '../../src/domain/clock';
import { expireDueSessions, sendDueReminders } from '../../src/domain/kyc/kyc-sweeps';
import { useTestApp } from '../support/app';
import { authHeaders, createCustomer, createPartner } from '../support/factories';
import { createKycSession, getKycSession, runJobsOnce, workerDepsOf } from '../support/kyc';

const clock = manualClock(new Date());
const t = useTestApp({ clock });
const MINUTE_MS = 60_000;

function db() {
  return t.current.database.handle.db;
}

async function session(fields: Record<string, unknown>) {
  const partner = await createPartner(t.current.app);
  const customer = await createCustomer(t.current.app, partner);
  const created = await createKycSession(t.current.app, partner, customer, fields);
  return { partner, customer, sessionId: created.session_id };
}

async function emailKinds(sessionId: string) {
  const rows = await db().selectFrom('outbound_emails').select('kind').where('kyc_session_id', '=', sessionId)
    .orderBy('created_at').execute();
  return rows.map((row) => row.kind);
}

const reminders = (...days: number[]) => days.map((value) => ({ trigger: 'days_before_expiry', value }));

describe('reminders', () => {
  it('sends each reminder once at its time, also under concurrent and repeated sweeps', async () => {
    const { partner, sessionId } = await session({ expires_in_days: 3, reminder_schedule: reminders(2, 1) });
    clock.advance(DAY_MS - MINUTE_MS);
    await sendDueReminders(db(), clock);
    expect(await emailKinds(sessionId)).toEqual(['kyc_invite']);
    clock.advance(MINUTE_MS);
    await Promise.all([1, 2, 3].map(() => sendDueReminders(db(), clock)));
    await sendDueReminders(db(), clock);
    expect(await emailKinds(sessionId)).toEqual(['kyc_invite', 'kyc_reminder']);

    await runJobsOnce(workerDepsOf(t.current));
    const reminder = await db().selectFrom('outbound_emails').selectAll()
      .where('kyc_session_id', '=', sessionId).where('kind', '=', 'kyc_reminder').executeTakeFirstOrThrow();
    expect(reminder).toMatchObject({ status: 'stored' });
    expect(reminder.subject).toMatch(/^Reminder: verify your identity for /);
    expect(reminder.text_body).toMatch(/\/kyc\/verify\?token=kst_[0-9a-f]{64}/);

    // A reminder is a send: the resend cooldown starts again.
    const resend = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/kyc-sessions/${sessionId}/resend`, headers: authHeaders(partner),
    });
    expect(resend.statusCode).toBe(429);

    clock.advance(DAY_MS);
    await sendDueReminders(db(), clock);
    expect(await emailKinds(sessionId)).toEqual(['kyc_invite', 'kyc_reminder', 'kyc_reminder']);
    clock.advance(DAY_MS);
    await sendDueReminders(db(), clock);
    expect(await emailKinds(sessionId)).toHaveLength(3);
  });

  it('never reminds after the session ended', async () => {
    const { partner, sessionId } = await session({ expires_in_days: 5, reminder_schedule: reminders(4, 2) });
    await t.current.app.inject({
      method: 'DELETE', url: `/api/v1/partner/kyc-sessions/${sessionId}`, headers: authHeaders(partner),
    });
    clock.advance(4 * DAY_MS);
    await sendDueReminders(db(), clock);
    expect(await emailKinds(sessionId)).toEqual(['kyc_invite']);
  });

  it('sends one e-mail when several reminders fell due during downtime', async () => {
    const { sessionId } = await session({ expires_in_days: 10, reminder_schedule: reminders(9, 8, 7) });
    clock.advance(3 * DAY_MS + MINUTE_MS);
    await sendDueReminders(db(), clock);
    expect(await emailKinds(sessionId)).toEqual(['kyc_invite', 'kyc_reminder']);
    const unsent = await db().selectFrom('kyc_reminders').select('id')
      .where('kyc_session_id', '=', sessionId).where('sent_at', 'is', null).execute();
    expect(unsent).toEqual([]);
  });

  it('keeps a redirect-flow schedule unsent (there is no address)', async () => {
    const { partner, sessionId } = await session({
      flow_type: 'redirect', redirect_url: 'https://partner.example/back', expires_in_days: 3, reminder_schedule: reminders(1),
    });
    expect((await getKycSession(t.current.app, partner, sessionId)).reminder_schedule).toEqual(reminders(1));
    clock.advance(2 * DAY_MS + MINUTE_MS);
    await sendDueReminders(db(), clock);
    expect(await emailKinds(sessionId)).toEqual([]);
  });
});

describe('expiry', () => {
  it('expires a session at expires_at, once, with kyc.session_expired and its delivery', async () => {
    const { partner, sessionId } = await session({ expires_in_days: 2, webhook_url: 'https://partner.example/hook' });
    clock.advance(2 * DAY_MS - 1);
    await expireDueSessions(db(), clock);
    expect((await getKycSession(t.current.app, partner, sessionId)).status).toBe('email_sent');
    clock.advance(1);
    const counts = await Promise.all([1, 2, 3].map(() => expireDueSessions(db(), clock)));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(1);
    expect(await expireDueSessions(db(), clock)).toBe(0);
    expect((await getKycSession(t.current.app, partner, sessionId)).status).toBe('expired');
    const events = await db().selectFrom('webhook_events').select(['id', 'type', 'payload'])
      .where('kyc_session_id', '=', sessionId).execute();
    expect(events.map((event) => event.type)).toEqual(['kyc.session_expired']);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ event: 'kyc.session_expired', status: 'expired' });
    const delivery = await db().selectFrom('webhook_deliveries').select('status').where('event_id', '=', events[0]!.id)
      .executeTakeFirstOrThrow();
    expect(delivery.status).toBe('pending');
    const resend = await t.current.app.inject({
      method: 'POST', url: `/api/v1/partner/kyc-sessions/${sessionId}/resend`, headers: authHeaders(partner),
    });
    expect(resend.statusCode).toBe(409);
  });

  it('runs as the kyc_sessions_expire job through graphile-worker', async () => {
    const { partner, sessionId } = await session({ expires_in_days: 1 });
    clock.advance(DAY_MS);
    await sql`select graphile_worker.add_job('kyc_sessions_expire')`.execute(db());
    await sql`select graphile_worker.add_job('kyc_reminders_send')`.execute(db());
    await runJobsOnce(workerDepsOf(t.current));
    expect((await getKycSession(t.current.app, partner, sessionId)).status).toBe('expired');
    const failedJobs = await sql<{ n: string }>`select count(*) as n from graphile_worker.jobs where last_error is not null`
      .execute(db());
    expect(failedJobs.rows[0]!.n).toBe('0');
  });

  it('leaves ended sessions alone', async () => {
    const { partner, sessionId } = await session({ expires_in_days: 1 });
    await t.current.app.inject({
      method: 'DELETE', url: `/api/v1/partner/kyc-sessions/${sessionId}`, headers: authHeaders(partner),
    });
    clock.advance(2 * DAY_MS);
    await expireDueSessions(db(), clock);
    expect((await getKycSession(t.current.app, partner, sessionId)).status).toBe('revoked');
  });
});
