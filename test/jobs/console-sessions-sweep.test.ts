/**
 * console_sessions_sweep: the job deletes sessions past their idle or absolute limit and login
 * failures past the window, keeps everything still in use (a live session keeps working), and
 * deletes each row once when two sweeps race.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startConsoleSession } from '../../src/domain/console/console-sessions';
import {
  sweepExpiredConsoleSessions,
  sweepOldLoginFailures,
} from '../../src/domain/console/console-sweeps';
import {
  CONSOLE_LOGIN_WINDOW_MINUTES,
  CONSOLE_SESSION_IDLE_MINUTES,
  CONSOLE_SESSION_LIFETIME_HOURS,
  CONSOLE_SWEEP_BATCH_SIZE,
} from '../../src/limits';
import { useTestApp } from '../support/app';
import { ConsoleClient } from '../support/console';
import { createPartner } from '../support/factories';
import { runJobsOnce, workerDepsOf } from '../support/kyc';

const t = useTestApp();
const db = () => t.current.database.handle.db;

/** An operator session whose clocks are set back by these many minutes. */
async function sessionAged(minutes: { created: number; lastSeen: number }): Promise<string> {
  await startConsoleSession(db(), { kind: 'operator' });
  const row = await db().selectFrom('console_sessions').select('id')
    .orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirstOrThrow();
  await db().updateTable('console_sessions').set({
    created_at: sql<Date>`now() - make_interval(mins => ${minutes.created})`,
    last_seen_at: sql<Date>`now() - make_interval(mins => ${minutes.lastSeen})`,
  }).where('id', '=', row.id).execute();
  return row.id;
}

async function failuresAged(subject: string, minutes: number, count = 1): Promise<void> {
  await db().insertInto('console_login_failures').values(Array.from({ length: count }, () => ({
    subject, failed_at: sql<Date>`now() - make_interval(mins => ${minutes})`,
  }))).execute();
}

async function remaining(table: 'console_sessions' | 'console_login_failures', column: string) {
  const rows = await sql<{ key: string }>`select ${sql.ref(column)}::text as key
    from ${sql.table(table)}`.execute(db());
  return rows.rows.map((row) => row.key);
}

describe('console_sessions_sweep', () => {
  it('deletes idle and over-age sessions and old login failures, and keeps the rest', async () => {
    const idle = await sessionAged({ created: 60, lastSeen: CONSOLE_SESSION_IDLE_MINUTES + 1 });
    const overAge = await sessionAged(
      { created: CONSOLE_SESSION_LIFETIME_HOURS * 60 + 1, lastSeen: 1 });
    const live = await sessionAged({ created: 60, lastSeen: CONSOLE_SESSION_IDLE_MINUTES - 5 });
    await failuresAged('ip:192.0.2.1', CONSOLE_LOGIN_WINDOW_MINUTES + 1);
    await failuresAged('ip:192.0.2.2', CONSOLE_LOGIN_WINDOW_MINUTES - 5);

    await sql`select graphile_worker.add_job('console_sessions_sweep')`.execute(db());
    await runJobsOnce(workerDepsOf(t.current));

    const sessions = await remaining('console_sessions', 'id');
    expect(sessions).toContain(live);
    expect(sessions).not.toContain(idle);
    expect(sessions).not.toContain(overAge);
    expect(await remaining('console_login_failures', 'subject')).toEqual(['ip:192.0.2.2']);
    // The job ran to completion (a failed job would stay queued with its error).
    const jobs = await sql<{ n: string }>`select count(*)::text as n from graphile_worker.jobs`
      .execute(db());
    expect(jobs.rows[0]!.n).toBe('0');
  });

  it('leaves a signed-in browser signed in', async () => {
    const partner = await createPartner(t.current.app);
    const client = new ConsoleClient(t.current.app);
    await client.loginOk('partner', partner.authId, partner.token);
    await sweepExpiredConsoleSessions(db());
    expect((await client.get('/console/partner')).statusCode).toBe(200);
  });

  it('works off more than one batch, and racing sweeps delete each row once', async () => {
    const count = CONSOLE_SWEEP_BATCH_SIZE + 7;
    await failuresAged('login:partner:flood', CONSOLE_LOGIN_WINDOW_MINUTES + 2, count);
    const failureCount = async () => (await remaining('console_login_failures', 'subject')).length;
    const before = await failureCount();
    const deleted = await Promise.all([sweepOldLoginFailures(db()), sweepOldLoginFailures(db())]);
    expect(deleted[0] + deleted[1]).toBe(count);
    expect(await failureCount()).toBe(before - count);
    expect(await sweepOldLoginFailures(db())).toBe(0);
  });
});
