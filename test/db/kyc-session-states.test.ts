/**
 * The KYC status machine: the transition table, the conditional UPDATE that enforces it, and the
 * database trigger that holds it a second time against any other writer.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { KycSessionStatus } from '../../src/db/schema';
import {
  canTransition,
  KYC_SESSION_STATUSES,
  TERMINAL_KYC_STATUSES,
  transitionSession,
} from '../../src/domain/kyc/session-states';
import { useTestApp } from '../support/app';
import { createCustomer, createPartner } from '../support/factories';
import { createKycSession } from '../support/kyc';

const t = useTestApp();

const LEGAL: [KycSessionStatus, KycSessionStatus][] = [
  ['email_sent', 'opened'], ['link_ready', 'opened'], ['opened', 'in_progress'],
  ['in_progress', 'kyc_completed'], ['in_progress', 'kyc_failed'],
  ...(['email_sent', 'link_ready', 'opened', 'in_progress'] as const).flatMap((from) => [
    [from, 'revoked'] as [KycSessionStatus, KycSessionStatus],
    [from, 'expired'] as [KycSessionStatus, KycSessionStatus],
  ]),
];

describe('the transition table', () => {
  it('allows exactly the documented transitions', () => {
    for (const from of KYC_SESSION_STATUSES) {
      for (const to of KYC_SESSION_STATUSES) {
        const legal = LEGAL.some(([a, b]) => a === from && b === to);
        expect(canTransition(from, to), `${from} -> ${to}`).toBe(legal);
      }
    }
  });

  it('has no way out of a terminal status', () => {
    for (const from of TERMINAL_KYC_STATUSES) {
      expect(KYC_SESSION_STATUSES.filter((to) => canTransition(from, to))).toEqual([]);
    }
  });
});

describe('transitionSession', () => {
  async function newSession() {
    const partner = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, partner);
    return (await createKycSession(t.current.app, partner, customer)).session_id;
  }

  it('refuses an illegal transition and reports the current status, changing nothing', async () => {
    const sessionId = await newSession();
    const db = t.current.database.handle.db;
    const result = await db.transaction().execute((trx) =>
      transitionSession(trx, { sessionId, now: new Date() }, 'kyc_completed'));
    expect(result).toEqual({ ok: false, current: 'email_sent' });
    const missing = await db.transaction().execute((trx) =>
      transitionSession(trx, { sessionId: '00000000-0000-4000-8000-000000000000', now: new Date() }, 'revoked'));
    expect(missing).toEqual({ ok: false, current: undefined });
    const row = await db.selectFrom('kyc_sessions').select(['status', 'ended_at']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'email_sent', ended_at: null });
  });

  it('refuses an entry status as a target (a programming error)', async () => {
    const sessionId = await newSession();
    await expect(t.current.database.handle.db.transaction().execute((trx) =>
      transitionSession(trx, { sessionId, now: new Date() }, 'link_ready'))).rejects.toThrow('entry status');
  });

  it('is also enforced by the database: a direct UPDATE out of a terminal status fails', async () => {
    const sessionId = await newSession();
    const db = t.current.database.handle.db;
    await db.transaction().execute((trx) => transitionSession(trx, { sessionId, now: new Date() }, 'revoked'));
    await expect(sql`update kyc_sessions set status = 'opened' where id = ${sessionId}`.execute(db))
      .rejects.toMatchObject({ code: 'DT409' });
    await expect(sql`update kyc_sessions set status = 'kyc_completed', ended_at = now() where id = ${sessionId}`.execute(db))
      .rejects.toMatchObject({ code: 'DT409' });
  });

  it('ends a session with ended_at set, the sealed PAN erased and one event', async () => {
    const sessionId = await newSession();
    const db = t.current.database.handle.db;
    await db.updateTable('kyc_sessions').set({ pan_sealed: 'v1.x.y.z' }).where('id', '=', sessionId).execute();
    const now = new Date('2030-01-01T00:00:00Z');
    const result = await db.transaction().execute((trx) => transitionSession(trx, { sessionId, now }, 'expired'));
    expect(result.ok).toBe(true);
    const row = await db.selectFrom('kyc_sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'expired', ended_at: now, pan_sealed: null, widget_step: 'finished' });
    const events = await db.selectFrom('webhook_events').select('type').where('kyc_session_id', '=', sessionId).execute();
    expect(events).toEqual([{ type: 'kyc.session_expired' }]);
  });
});
