/**
 * What survives: a Kamailio killed with SIGKILL mid-load, dialtone unreachable, and limits held
 * by two edge instances at once. Every call attempt is billed exactly once.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemClock } from '../../src/domain/clock';
import { ingestEndedEdgeCalls } from '../../src/domain/edge/edge-cdrs';
import { countLiveCalls } from '../../src/domain/calls/live-calls';
import { useTestApp } from '../support/app';
import {
  type TestEdge,
  describeWithSip,
  killKamailioHard,
  startTestEdge,
} from '../support/edge';
import {
  type Answerer,
  runCaller,
  startAnswerer,
  waitForOptions,
} from '../sip/sipp';
import { type SipCustomer, sipCustomer } from '../support/edge-customers';

const t = useTestApp({ sipDomain: 'sip.dialtone.test' });
let carrier: Answerer;
let apiPort: number;
const edges: TestEdge[] = [];

describeWithSip('edge durability and scale', () => {
  beforeAll(async () => {
    await t.current.app.listen({ port: 0, host: '127.0.0.1' });
    apiPort = (t.current.app.server.address() as AddressInfo).port;
    carrier = await startAnswerer('uas');
  });
  afterAll(async () => {
    for (const edge of edges) await edge.stop();
    carrier?.stop();
  });

  async function newEdge(host = '127.0.0.1') {
    const edge = await startTestEdge({
      db: t.current.deps.db, databaseUrl: t.current.database.url, host,
      apiBaseUrl: `http://127.0.0.1:${apiPort}`, carriers: [carrier.uri],
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

  async function settledCalls(customer: SipCustomer) {
    for (let attempt = 0; ; attempt += 1) {
      const rows = await t.current.deps.db.selectFrom('edge_calls').selectAll()
        .where('account_id', '=', customer.accountId).execute();
      if (rows.every((row) => row.ended_at !== null) || attempt === 150) return rows;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Every ended call billed once, and the wallet equal to its ledger. */
  async function expectBilledOnce(customer: SipCustomer, attempts: number) {
    await ingestEndedEdgeCalls(t.current.deps.db, systemClock);
    const db = t.current.deps.db;
    const cdrs = await db.selectFrom('cdrs').select(['uuid', 'sip_call_id'])
      .where('account_id', '=', customer.accountId).execute();
    expect(new Set(cdrs.map((cdr) => cdr.uuid)).size).toBe(cdrs.length);
    expect(new Set(cdrs.map((cdr) => cdr.sip_call_id)).size).toBe(attempts);
    const { rows: [money] } = await sql<{ balance: string; ledger: string; costs: string }>`
      select w.balance,
        (select coalesce(sum(amount), 0) from ledger_entries e where e.wallet_id = w.id) as ledger,
        (select coalesce(sum(cost - shortfall), 0) from cdrs c
          where c.account_id = w.account_id) as costs
      from wallets w where w.account_id = ${customer.accountId}`.execute(db);
    expect(money!.balance).toBe(money!.ledger);
    expect(Number(money!.costs)).toBeGreaterThan(0);
    return cdrs.length;
  }

  it('bills every call exactly once when Kamailio is killed with SIGKILL mid-load', async () => {
    const edge = await newEdge();
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00',
      { cps_limit: 10 }, { cps: 10 });
    await edge.edge.reloadCaches();
    const load = call(edge, customer, 20, 8, 1_500);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    killKamailioHard(edge);
    await waitForOptions(edge.host, edge.port);
    const stats = await load;
    const rows = await settledCalls(customer);
    expect(rows.every((row) => row.ended_at !== null)).toBe(true);
    // Calls live at the kill were closed by the restart, not lost.
    expect(rows.some((row) => row.hangup_source === 'edge_restart')).toBe(true);
    const billed = await expectBilledOnce(customer, stats.successful + stats.failed);
    expect(billed).toBe(rows.length);
    expect(await countLiveCalls(t.current.deps.db, customer.accountId)).toBe(0);
  });

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
    expect(refused.successful + refused.failed).toBe(1);
    expect(await running).toMatchObject({ successful: 2, failed: 0 });
    await new Promise<void>((resolve) => server.listen(apiPort, '127.0.0.1', resolve));
    const rows = await settledCalls(customer);
    expect(rows.map((row) => row.final_code)).toEqual([200, 200]);
    expect(await expectBilledOnce(customer, 2)).toBe(2);
  });

  it('holds a trunk limit exactly across two edges sharing one dialtone', async () => {
    const [first, second] = [await newEdge('127.0.0.1'), await newEdge('127.0.0.2')];
    const customer = await sipCustomer(t.current.app, t.current.deps.db, '1000.00',
      { concurrent_calls_limit: 4, cps_limit: 30 }, { cps: 30 });
    await Promise.all([first!.edge.reloadCaches(), second!.edge.reloadCaches()]);
    await Promise.all([
      call(first!, customer, 6, 50, 3_000), call(second!, customer, 6, 50, 3_000),
    ]);
    const rows = await settledCalls(customer);
    expect(rows).toHaveLength(12);
    expect(rows.filter((row) => row.is_admitted)).toHaveLength(4);
    expect(new Set(rows.map((row) => row.edge_id)).size).toBe(2);
  });
});
