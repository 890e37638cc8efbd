/**
 * What survives: a Kamailio killed with SIGKILL mid-load, the dialtone process (a real child)
 * killed with SIGKILL mid-load, dialtone unreachable, and limits held by two edge instances at
 * once. Every call SIPp saw answered or refused is billed exactly once.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { ingestEndedEdgeCalls } from '../../src/domain/edge/edge-cdrs';
import { countLiveCalls } from '../../src/domain/calls/live-calls';
import { EDGE_INVITE_RETRANSMIT_SECONDS } from '../../src/limits';
import { findLedgerViolations, isLedgerSound } from '../../src/domain/ledger/invariants';
import { ADMIN_TOKEN, useTestApp } from '../support/app';
import {
  type ServerProcess,
  killHard,
  newDataDir,
  startServer,
} from '../support/server-process';
import {
  type TestEdge,
  describeWithSip,
  settledEdgeCalls,
  killKamailioHard,
  startTestEdge,
} from '../support/edge';
import {
  type Answerer,
  type SippStats,
  digestAuthorization,
  runCaller,
  sendInvite,
  startAnswerer,
  waitForOptions,
} from '../sip/sipp';
import { type SipCustomer, send, sipCustomer } from '../support/edge-customers';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });
let carrier: Answerer;
let apiPort: number;
const edges: TestEdge[] = [];
const servers: ServerProcess[] = [];

describeWithSip('edge durability and scale', () => {
  beforeAll(async () => {
    await t.current.app.listen({ port: 0, host: '127.0.0.1' });
    apiPort = (t.current.app.server.address() as AddressInfo).port;
    carrier = await startAnswerer('uas');
  });
  // Each test's edges stop with it: every Kamailio holds a PostgreSQL connection per worker,
  // and the server is shared (several left running exhausted its connections).
  afterEach(async () => {
    for (const edge of edges.splice(0)) await edge.stop();
  });
  afterAll(async () => {
    for (const server of servers) await killHard(server);
    carrier?.stop();
  });

  async function newEdge(host = '127.0.0.1', apiBaseUrl = `http://127.0.0.1:${apiPort}`) {
    const edge = await startTestEdge({
      db: t.current.deps.db, databaseUrl: t.current.database.url, host,
      apiBaseUrl, carriers: [carrier.uri],
    });
    edges.push(edge);
    return edge;
  }

  const call = (
    edge: TestEdge, customer: SipCustomer, calls: number, rate: number, holdMs: number,
  ) =>
    runCaller({
      edge, domain: customer.trunkDomain, service: '+919876543210',
      caller: customer.callerNumber, calls, rate, holdMs, tolerant: true,
      auth: { username: customer.username, password: customer.password },
      timeoutSeconds: 60,
    });

  const settledCalls = (customer: SipCustomer) =>
    settledEdgeCalls(t.current.deps.db, customer.accountId);

  /**
   * The durability invariant: one CDR per call SIPp saw answered or refused (by SIPp's own
   * counts; calls the edge failed closed while dialtone was unreachable never reached it, so
   * they have none), no uuid twice, each CDR charged once (the account's debits are exactly its
   * CDRs' charged costs), and every wallet equal to its ledger.
   */
  async function expectBilledOnce(customer: SipCustomer, stats: SippStats) {
    // Ingested as dialtone does once no PBX can retransmit an INVITE lost in a restart.
    const later = () => new Date(Date.now() + (EDGE_INVITE_RETRANSMIT_SECONDS + 1) * 1000);
    const ingested = await ingestEndedEdgeCalls(t.current.deps.db, later);
    const db = t.current.deps.db;
    const cdrs = await db.selectFrom('cdrs').select(['uuid', 'cost'])
      .where('account_id', '=', customer.accountId).execute();
    expect(new Set(cdrs.map((cdr) => cdr.uuid)).size).toBe(cdrs.length);
    // On a mismatch the message carries every attempt's row, to tell a lost CDR from a miscount.
    const attempts = await db.selectFrom('edge_calls')
      .select(['sip_call_id', 'is_admitted', 'final_code', 'final_reason', 'hangup_source',
        'answered_at'])
      .where('account_id', '=', customer.accountId).orderBy('sip_call_id').execute();
    expect(cdrs.length, JSON.stringify({ ...stats, setupMs: [], ingested, attempts }))
      .toBe(stats.answered + stats.refused);
    const { rows: [money] } = await sql<{ debits: string; charged: string }>`
      select
        (select coalesce(sum(e.amount), 0) from ledger_entries e
          join wallets w on w.id = e.wallet_id
          where w.account_id = ${customer.accountId} and e.amount < 0) as debits,
        (select coalesce(sum(cost - shortfall), 0) from cdrs
          where account_id = ${customer.accountId}) as charged`.execute(db);
    expect(money!.debits.replace(/^-/, '')).toBe(money!.charged);
    expect(Number(money!.charged)).toBeGreaterThan(0);
    const violations = await findLedgerViolations(db);
    expect(isLedgerSound(violations), JSON.stringify(violations)).toBe(true);
  }

  it('bills every call exactly once when Kamailio is killed with SIGKILL mid-load', async () => {
    const edge = await newEdge();
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00',
      { cps_limit: 20, concurrent_calls_limit: 30 }, { cps: 20, concurrent_calls: 20 });
    await edge.edge.reloadCaches();
    const load = call(edge, customer, 30, 15, 1_500);
    await liveCalls(customer, 3);
    killKamailioHard(edge);
    await waitForOptions(edge.host, edge.port);
    const stats = await load;
    const rows = await settledCalls(customer);
    expect(rows.every((row) => row.ended_at !== null)).toBe(true);
    // Calls live at the kill were closed by the restart, not lost.
    expect(rows.some((row) => row.hangup_source === 'edge_restart')).toBe(true);
    expect(stats.unavailable).toBe(0);
    expect(stats.answered).toBeGreaterThan(0);
    await expectBilledOnce(customer, stats);
    // An INVITE the dead edge had admitted comes back as a retransmission: one call, one CDR.
    const settled = await settledCalls(customer);
    const retried = settled.filter((row) => row.final_reason === 'Retried after edge restart');
    expect(settled.length - retried.length).toBe(stats.answered + stats.refused);
    expect(await countLiveCalls(t.current.deps.db, customer.accountId)).toBe(0);
  });

  it('decides an INVITE authenticated before a Kamailio restart once the PBX answers again',
    async () => {
      const edge = await newEdge();
      const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
      await edge.edge.reloadCaches();
      // Caller ID 'restart' is no number of the account: dialtone refuses (and records) it.
      const invite = { domain: customer.trunkDomain, caller: 'restart', callId: randomUUID() };
      const challenge = await sendInvite(edge, invite);
      expect(challenge?.code).toBe(407);
      killKamailioHard(edge);
      await waitForOptions(edge.host, edge.port);
      // The INVITE answering the dead Kamailio's challenge reaches the restarted one.
      const stale = await sendInvite(edge, { ...invite, cseq: 2,
        authorization: digestAuthorization(challenge!, customer, customer.trunkDomain) });
      expect(stale?.code).toBe(407);
      expect(stale?.text).toMatch(/stale=true/);
      expect(await settledCalls(customer)).toEqual([]);
      const decided = await sendInvite(edge, { ...invite, cseq: 3,
        authorization: digestAuthorization(stale!, customer, customer.trunkDomain) });
      expect(decided?.code).toBe(403);
      const rows = await settledCalls(customer);
      expect(rows.map((row) => [row.sip_call_id, row.final_code])).toEqual([[invite.callId, 403]]);
      await ingestEndedEdgeCalls(t.current.deps.db, () => new Date());
      const cdrs = await t.current.deps.db.selectFrom('cdrs').select('sip_call_id')
        .where('account_id', '=', customer.accountId).execute();
      expect(cdrs).toEqual([{ sip_call_id: invite.callId }]);
    });

  /**
   * An INVITE refused (and recorded) by Kamailio run 1, then sent again to run 2 as a PBX does
   * when the answer died with run 1: the same answer, one attempt, one CDR. `trunk` makes the
   * refusal Kamailio's own (from its cache) or dialtone's.
   */
  async function resendAfterRestart(trunk: 'cached' | 'policy') {
    const edge = await newEdge();
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '100.00');
    if (trunk === 'cached') {
      await send(t.current.app, customer, 'PUT', `/trunks/${customer.trunkId}`,
        { trunk_status: 'disabled' });
    }
    await edge.edge.reloadCaches();
    // Caller ID 'resent' is no number of the account: dialtone refuses that.
    const invite = { domain: customer.trunkDomain, caller: 'resent', callId: randomUUID() };
    const answerOf = async (cseq: number) => {
      const challenge = await sendInvite(edge, { ...invite, cseq });
      return sendInvite(edge, { ...invite, cseq: cseq + 1,
        authorization: digestAuthorization(challenge!, customer, customer.trunkDomain) });
    };
    const first = await answerOf(1);
    killKamailioHard(edge);
    await waitForOptions(edge.host, edge.port);
    const again = await answerOf(3);
    expect(first?.code).toBe(403);
    expect([again?.code, again?.reason]).toEqual([first!.code, first!.reason]);
    const rows = await settledCalls(customer);
    expect(rows.map((row) => row.sip_call_id)).toEqual([invite.callId]);
    await ingestEndedEdgeCalls(t.current.deps.db, () => new Date());
    const cdrs = await t.current.deps.db.selectFrom('cdrs').select('sip_call_id')
      .where('account_id', '=', customer.accountId).execute();
    expect(cdrs).toEqual([{ sip_call_id: invite.callId }]);
  }

  it('answers an INVITE dialtone refused before a Kamailio restart the same way after it, '
    + 'recorded once', () => resendAfterRestart('policy'));

  it('answers an INVITE Kamailio refused from its cache before a restart the same way after '
    + 'it, recorded once', () => resendAfterRestart('cached'));

  it('bills every call exactly once when dialtone is killed with SIGKILL mid-load', async () => {
    const options = {
      databaseUrl: t.current.database.url, dataDir: newDataDir(),
      env: { DIALTONE_ADMIN_TOKEN: ADMIN_TOKEN, DIALTONE_ALLOW_PRIVATE_URLS: 'true' },
    };
    const first = await startServer(options);
    servers.push(first);
    const edge = await newEdge('127.0.0.1', first.baseUrl);
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00',
      { cps_limit: 20, concurrent_calls_limit: 30 }, { cps: 20, concurrent_calls: 20 });
    await edge.edge.reloadCaches();
    const load = call(edge, customer, 30, 10, 2_500);
    await liveCalls(customer, 3);
    await killHard(first);
    const second = await startServer({ ...options, port: first.port });
    servers.push(second);
    const stats = await load;
    // Answered before the kill, and failed closed while dialtone was down: mid-load indeed.
    expect(stats.answered).toBeGreaterThan(0);
    expect(stats.unavailable).toBeGreaterThan(0);
    const rows = await settledCalls(customer);
    expect(rows.every((row) => row.ended_at !== null)).toBe(true);
    // The restarted dialtone's own worker bills what ended while it was down.
    expect(await ingestedBy(customer)).toBe(true);
    await expectBilledOnce(customer, stats);
    expect(await countLiveCalls(t.current.deps.db, customer.accountId)).toBe(0);
  }, 90_000);

  /** Waits (at most ~20 s, the machine may be loaded) until `count` calls are live. */
  async function liveCalls(customer: SipCustomer, count: number) {
    for (let poll = 0; poll < 200; poll += 1) {
      if (await countLiveCalls(t.current.deps.db, customer.accountId) >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Whether every ended call of the customer was ingested within ~20 s, by someone else. */
  async function ingestedBy(customer: SipCustomer) {
    for (let poll = 0; poll < 200; poll += 1) {
      const pending = await t.current.deps.db.selectFrom('edge_calls').select('call_uuid')
        .where('account_id', '=', customer.accountId).where('ingested_at', 'is', null)
        .execute();
      if (pending.length === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return false;
  }

  it('fails new calls closed while dialtone is down; calls in progress are billed', async () => {
    const edge = await newEdge();
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00');
    await edge.edge.reloadCaches();
    const running = call(edge, customer, 2, 10, 3_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await countLiveCalls(t.current.deps.db, customer.accountId)).toBe(2);
    const server = t.current.app.server;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    const refused = await call(edge, customer, 1, 10, 500);
    expect(refused).toMatchObject({ unavailable: 1, answered: 0, refused: 0 });
    const stats = await running;
    expect(stats).toMatchObject({ successful: 2, failed: 0, answered: 2 });
    await new Promise<void>((resolve) => server.listen(apiPort, '127.0.0.1', resolve));
    const rows = await settledCalls(customer);
    expect(rows.map((row) => row.final_code)).toEqual([200, 200]);
    await expectBilledOnce(customer, stats);
  });

  it('holds a trunk limit exactly across two edges sharing one dialtone', async () => {
    const [first, second] = [await newEdge('127.0.0.1'), await newEdge('127.0.0.2')];
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00',
      { concurrent_calls_limit: 4, cps_limit: 30 }, { cps: 30 });
    await Promise.all([first!.edge.reloadCaches(), second!.edge.reloadCaches()]);
    const stats = await Promise.all([
      call(first!, customer, 6, 50, 3_000), call(second!, customer, 6, 50, 3_000),
    ]);
    const rows = await settledCalls(customer);
    // A policy request that outlives its 1 s timeout on a loaded machine fails closed (503
    // Policy Unavailable, counted by SIPp) before dialtone records it: no row for those.
    const unavailable = stats.reduce((sum, { unavailable: count }) => sum + count, 0);
    expect(rows).toHaveLength(12 - unavailable);
    expect(rows.filter((row) => row.is_admitted)).toHaveLength(4);
    expect(new Set(rows.map((row) => row.edge_id)).size).toBe(2);
  });
});
