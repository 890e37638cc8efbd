/**
 * kill -9 of the real process under keyed transfer load: after a restart, every key whose
 * answer was lost ends in a replay of the committed transfer or a single fresh one, never in a
 * 409 that outlives the crash, and the ledger holds exactly one transfer per key.
 */
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { findLedgerViolations, isLedgerSound } from '../../src/domain/ledger/invariants';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  killHard, newDataDir, sendTransfer, setUpTransfers, startServer, type ServerProcess,
  type TransferTarget,
} from '../support/server-process';

const CLIENTS = 24;

let database: TestDatabase | undefined;
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) server.child.kill('SIGKILL');
  await database?.handle.close();
});

/** Keyed transfers from CLIENTS loops until `stop`; returns each key's transaction id, or
 *  undefined when its answer was lost. */
async function loadUntil(baseUrl: string, customer: TransferTarget, stop: Promise<void>) {
  const answers = new Map<string, string | undefined>();
  let stopped = false;
  void stop.then(() => { stopped = true; });
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    for (let n = 0; !stopped; n += 1) {
      const key = `crash-${client}-${n}`;
      answers.set(key, undefined);
      const response = await sendTransfer(baseUrl, customer, key).catch(() => undefined);
      if (!response) return;
      expect(response.status).toBe(200);
      answers.set(key, ((await response.json()) as { transaction_id: string }).transaction_id);
    }
  }));
  return answers;
}

it('ends every key in flight at a kill -9 in a replay or one fresh transfer', async () => {
  database = await createTestDatabase();
  const dataDir = newDataDir();
  const first = await startServer({ databaseUrl: database.url, dataDir });
  servers.push(first);
  const customer = await setUpTransfers(first.baseUrl);

  // Kill once the load is in full swing: enough answers committed to replay.
  const killed = new Promise<void>((resolve) => setTimeout(resolve, 2_500))
    .then(() => killHard(first));
  const answers = await loadUntil(first.baseUrl, customer, killed);
  await killed;
  const lost = [...answers].filter(([, id]) => id === undefined).map(([key]) => key);
  expect(lost.length).toBeGreaterThan(0);

  const second = await startServer({ databaseUrl: database.url, dataDir, port: first.port });
  servers.push(second);
  const startedAt = Date.now();
  for (const [key, before] of answers) {
    const response = await sendTransfer(second.baseUrl, customer, key);
    expect(response.status, `${key}: ${await response.clone().text()}`).toBe(200);
    const { transaction_id } = (await response.json()) as { transaction_id: string };
    if (before !== undefined) {
      expect(response.headers.get('idempotent-replayed')).toBe('true');
      expect(transaction_id).toBe(before);
    }
    answers.set(key, transaction_id);
  }
  expect(Date.now() - startedAt).toBeLessThan(60_000);

  // Exactly one transfer per key, and it is the one each key answers with.
  const { rows } = await sql<{ transaction_id: string }>`
    select t.transaction_id from ledger_transactions t
    where t.type = 'transfer'`.execute(database.handle.db);
  expect(rows.map((row) => row.transaction_id).sort()).toEqual([...answers.values()].sort());
  expect(isLedgerSound(await findLedgerViolations(database.handle.db))).toBe(true);
  const stuck = await sql<{ n: string }>`
    select count(*) as n from idempotency_keys where response_status is null`.execute(database.handle.db);
  expect(stuck.rows[0]!.n).toBe('0');
}, 120_000);
