/**
 * Cluster mode restarts a dead worker after a pause that doubles while it keeps dying: a worker
 * killed with -9 again and again, and one that cannot start because the database refuses it,
 * never make a hot loop of forks, and the cluster serves throughout and recovers afterwards.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WORKER_RESTART_FIRST_DELAY_MS } from '../../src/limits';
import { adminQuery, createTestDatabase, type TestDatabase } from '../support/database';
import { childPids } from '../support/processes';
import { newDataDir, startServer, type ServerProcess } from '../support/server-process';
import { waitFor } from '../support/wait';

let database: TestDatabase;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  for (const server of servers) server.child.kill('SIGKILL');
  await database?.handle.close();
});

async function startCluster(): Promise<ServerProcess> {
  const cluster = await startServer({
    databaseUrl: database.url, dataDir: newDataDir(), env: { DIALTONE_WORKERS: '2' },
  });
  servers.push(cluster);
  return cluster;
}

function workersOf(cluster: ServerProcess): number[] {
  return childPids(cluster.child.pid!, 'src/main.ts');
}

function bothWorkers(cluster: ServerProcess): Promise<number[]> {
  return waitFor('two workers', () => {
    const pids = workersOf(cluster);
    return pids.length === 2 ? pids : undefined;
  }, 30_000, 50);
}

/** Polls the cluster's workers; a new pid and a vanished one are timed when first seen. */
function watchWorkers(cluster: ServerProcess) {
  const seen = new Map<number, { bornAt: number; diedAt?: number }>();
  const look = () => {
    const alive = new Set(workersOf(cluster));
    const now = Date.now();
    for (const pid of alive) if (!seen.has(pid)) seen.set(pid, { bornAt: now });
    for (const [pid, life] of seen) if (!alive.has(pid) && life.diedAt === undefined) life.diedAt = now;
  };
  look();
  const timer = setInterval(look, 20);
  return {
    stop: () => clearInterval(timer),
    /** Workers in the order they were first seen. */
    lives: () => [...seen.entries()].map(([pid, life]) => ({ pid, ...life })),
  };
}

async function expectServing(cluster: ServerProcess): Promise<void> {
  for (let i = 0; i < 5; i += 1) {
    const response = await fetch(`${cluster.baseUrl}/health`, { signal: AbortSignal.timeout(5_000) });
    expect(response.status).toBe(200);
  }
}

it('spaces the restarts of a worker killed again and again, serving meanwhile', async () => {
  const cluster = await startCluster();
  const [first] = await bothWorkers(cluster);
  const known = new Set(workersOf(cluster));
  const pauses: number[] = [];
  let victim = first!;
  for (let death = 0; death < 4; death += 1) {
    process.kill(victim, 'SIGKILL');
    const killedAt = Date.now();
    // The other worker serves while this slot waits (8 s by the fourth death).
    if (death === 3) await expectServing(cluster);
    victim = await waitFor('the next worker', () =>
      workersOf(cluster).find((pid) => !known.has(pid)), 60_000, 20);
    pauses.push(Date.now() - killedAt);
    known.add(victim);
  }
  // Each death in a row doubles the pause (1 s, 2 s, 4 s, 8 s); at once would be milliseconds.
  pauses.forEach((pause, death) => {
    expect(pause).toBeGreaterThanOrEqual(WORKER_RESTART_FIRST_DELAY_MS * 2 ** death);
  });
  expect(cluster.output()).toMatch(/dialtone worker \d+ exited \(SIGKILL\) after [\d.]+ s; starting another in 1\.0 s/);
  await waitFor('the cluster to be ready', async () => {
    const ready = await fetch(`${cluster.baseUrl}/ready`, { signal: AbortSignal.timeout(5_000) });
    return ready.ok && workersOf(cluster).length === 2 ? true : undefined;
  }, 60_000);
  cluster.child.kill('SIGTERM');
  expect(await cluster.exited).toBe(0);
}, 180_000);

it('backs off a worker that cannot start while the database refuses it, then recovers', async () => {
  const cluster = await startCluster();
  const [victim] = await bothWorkers(cluster);
  const name = new URL(database.url).pathname.slice(1);
  // New connections are refused (existing ones, like the other worker's pool, stay open).
  await adminQuery(`alter database ${name} allow_connections false`);
  const watch = watchWorkers(cluster);
  try {
    process.kill(victim!, 'SIGKILL');
    // The victim, then three workers that die at start-up: four deaths in a row.
    await waitFor('three failed starts', () =>
      watch.lives().filter((life) => life.pid !== victim && life.diedAt).length >= 3
        ? true : undefined, 90_000, 100);
  } finally {
    await adminQuery(`alter database ${name} allow_connections true`);
  }
  watch.stop();
  const lives = watch.lives();
  const deaths = lives.filter((life) => life.diedAt !== undefined)
    .sort((a, b) => a.diedAt! - b.diedAt!);
  const births = lives.filter((life) => life.bornAt > deaths[0]!.diedAt!)
    .sort((a, b) => a.bornAt - b.bornAt);
  // Each fork waits after the previous death, twice as long each time (20 ms polling slack).
  for (let i = 0; i < 3; i += 1) {
    const pause = births[i]!.bornAt - deaths[i]!.diedAt!;
    expect(pause).toBeGreaterThanOrEqual(WORKER_RESTART_FIRST_DELAY_MS * 2 ** i - 100);
  }
  expect(cluster.output()).toMatch(/exited \(1\) after [\d.]+ s; starting another in/);
  // Once the database takes connections again, the slot's next fork stays up.
  await waitFor('a worker that stays up', async () => {
    const ready = await fetch(`${cluster.baseUrl}/ready`, { signal: AbortSignal.timeout(5_000) });
    return ready.ok && workersOf(cluster).length === 2 ? true : undefined;
  }, 60_000, 500);
  await expectServing(cluster);
  cluster.child.kill('SIGTERM');
  expect(await cluster.exited).toBe(0);
}, 240_000);
