/**
 * A cluster holds the connection budget: DIALTONE_WORKERS=2 with DIALTONE_DB_CONNECTIONS=12
 * gives each worker a pool of 6 (listeners and job runners included), and under 48 concurrent
 * transfers the database never sees more than 12 of dialtone's connections, while every
 * transfer still settles (a bounded pool wait may answer 503; the retry of the key settles it).
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import {
  newDataDir, sendTransfer, setUpTransfers, startServer, type ServerProcess,
} from '../support/server-process';

let database: TestDatabase;
let cluster: ServerProcess | undefined;
let observer: pg.Client;

beforeAll(async () => {
  database = await createTestDatabase();
  observer = new pg.Client({ connectionString: inject('adminDatabaseUrl') });
  await observer.connect();
}, 60_000);

afterAll(async () => {
  cluster?.child.kill('SIGKILL');
  await observer?.end();
  await database?.handle.close();
});

/** dialtone's sessions on the test database, as PostgreSQL counts them. */
async function dialtoneSessions(): Promise<number> {
  const { rows } = await observer.query<{ n: number }>(`select count(*)::int as n
    from pg_stat_activity where datname = $1 and application_name = 'dialtone'`,
  [new URL(database.url).pathname.slice(1)]);
  return rows[0]!.n;
}

it('never opens more connections than the budget, however many requests wait', async () => {
  cluster = await startServer({
    databaseUrl: database.url, dataDir: newDataDir(),
    env: { DIALTONE_WORKERS: '2', DIALTONE_DB_CONNECTIONS: '12' },
  });
  const target = await setUpTransfers(cluster.baseUrl);
  let peak = 0;
  let watching = true;
  const watch = (async () => {
    while (watching) {
      peak = Math.max(peak, await dialtoneSessions());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  let pending = Array.from({ length: 48 }, (_, i) => `budget-${i}`);
  try {
    for (let round = 0; round < 5 && pending.length > 0; round += 1) {
      const answers = await Promise.all(pending.map(async (key) => {
        const response = await sendTransfer(cluster!.baseUrl, target, key);
        await response.arrayBuffer();
        return { key, status: response.status };
      }));
      expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
      pending = answers.filter((a) => a.status === 503).map((a) => a.key);
    }
  } finally {
    watching = false;
    await watch;
  }
  expect(pending).toEqual([]);
  // Both pools filled (each holds 3 listeners), and together they stayed within 12.
  expect(peak).toBeGreaterThan(6);
  expect(peak).toBeLessThanOrEqual(12);
  const balance = await fetch(
    `${cluster.baseUrl}/api/v1/Account/${target.authId}/balance/${target.currency}`,
    { headers: target.customerHeaders },
  ).then((r) => r.json() as Promise<{ balance: string | number }>);
  expect(Number(balance.balance)).toBe(48);
}, 180_000);
