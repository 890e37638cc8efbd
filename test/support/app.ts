/** The real app over a test database, with a known operator token. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildApp, type AppDeps } from '../../src/app';
import { systemClock } from '../../src/domain/clock';
import { createMetrics } from '../../src/metrics';
import { createSealer, digestToken } from '../../src/domain/secrets';
import { recordConformance } from './conformance';
import { useTestDatabase, type TestDatabase } from './database';
import { createSandboxProvider } from '../../src/domain/kyc/identity-providers';

export const ADMIN_TOKEN = 'test-operator-token';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  deps: AppDeps;
}

export function testDeps(database: TestDatabase, overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    db: database.handle.db,
    sealer: createSealer(randomBytes(32)),
    adminTokenDigest: digestToken(ADMIN_TOKEN),
    publicBaseUrl: 'http://localhost:8080',
    sipDomain: 'sip.localhost',
    clock: systemClock,
    metrics: createMetrics(database.handle),
    metricsPublic: false,
    rateLimitPerMinute: 0,
    isWorkerRunning: () => false,
    identityProvider: createSandboxProvider(),
    // Tests deliver webhooks to receivers on 127.0.0.1; the SSRF guard has its own tests.
    allowPrivateUrls: true,
    devMailbox: true,
    ...overrides,
  };
}

/** A database and an app for this test file; read `.current` inside tests. */
export function useTestApp(overrides: Partial<AppDeps> = {}): { current: TestApp } {
  const database = useTestDatabase();
  const holder = {} as { current: TestApp };
  let conformance: { violations: string[] } | undefined;
  beforeAll(async () => {
    const deps = testDeps(database.current, overrides);
    // DIALTONE_TEST_LOG_LEVEL=error shows the server's own logs while debugging a test.
    const app = await buildApp(deps, { logLevel: process.env.DIALTONE_TEST_LOG_LEVEL ?? 'silent' });
    conformance = recordConformance(app);
    await app.ready();
    holder.current = { app, database: database.current, deps };
  });
  afterAll(async () => {
    await holder.current?.app.close();
    // Every answer this file provoked matched the OpenAPI document (test/support/conformance.ts).
    expect([...new Set(conformance?.violations ?? [])]).toEqual([]);
  });
  return holder;
}
