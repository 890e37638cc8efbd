/**
 * KYC test helpers: sessions through the public API, the real job runner (graphile-worker's
 * runOnce over the test database, with the production task list), and small readers.
 */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { createMailboxMailer } from '../../src/domain/mail/mailer';
import { buildTaskList, type WorkerDeps } from '../../src/jobs/worker';
import type { TestApp } from './app';
import { authHeaders, type Credentials } from './factories';
import { runTasksOnce } from './jobs';

/** Worker dependencies matching the test app's (same database, sealer, clock, base URL). */
export function workerDepsOf(t: TestApp, overrides: Partial<WorkerDeps> = {}): WorkerDeps {
  return {
    db: t.deps.db,
    pool: t.database.handle.pool,
    clock: t.deps.clock,
    metrics: t.deps.metrics,
    sealer: t.deps.sealer,
    mailer: createMailboxMailer(),
    publicBaseUrl: t.deps.publicBaseUrl,
    allowPrivateUrls: t.deps.allowPrivateUrls,
    quiet: true,
    ...overrides,
  };
}

/** Passes of runOnce before runJobsOnce gives up on jobs that keep becoming due. */
const RUN_ONCE_PASSES_MAX = 10;

/**
 * Runs every job that is due now (and those they add that are due now), then returns. One
 * runOnce can stop early: a job whose queue (one per webhook endpoint) is still locked by the
 * job just run, while graphile-worker batches that job's completion, looks not ready yet.
 */
export async function runJobsOnce(deps: WorkerDeps): Promise<void> {
  for (let pass = 0; pass < RUN_ONCE_PASSES_MAX; pass += 1) {
    await runTasksOnce(deps.pool, buildTaskList(deps));
    const { rows } = await deps.pool.query<{ due: boolean }>(
      `select exists (select 1 from graphile_worker.jobs
         where run_at <= now() and locked_at is null and attempts < max_attempts) as due`,
    );
    if (!rows[0]!.due) return failedJobsAreBugs(deps);
  }
}

/** A job that failed in a test is a defect to report, not a retry to wait for. */
async function failedJobsAreBugs(deps: WorkerDeps): Promise<void> {
  const { rows } = await deps.pool.query<{ task_identifier: string; last_error: string }>(
    `select task_identifier, last_error from graphile_worker.jobs where last_error is not null`,
  );
  expect(rows).toEqual([]);
}

export function kycSessionFields(customer: Credentials, fields: Record<string, unknown> = {}) {
  return { account_auth_id: customer.authId, customer_email: 'customer@example.com', ...fields };
}

export async function postKycSession(app: FastifyInstance, partner: Credentials, payload: Record<string, unknown>) {
  return app.inject({ method: 'POST', url: '/api/v1/partner/kyc-sessions', headers: authHeaders(partner), payload });
}

/** A session that must be created (201); returns the create body. */
export async function createKycSession(
  app: FastifyInstance,
  partner: Credentials,
  customer: Credentials,
  fields: Record<string, unknown> = {},
) {
  const response = await postKycSession(app, partner, kycSessionFields(customer, fields));
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { session_id: string; widget_url: string | null; status: string; expires_at: string };
}

export async function getKycSession(app: FastifyInstance, partner: Credentials, sessionId: string) {
  const response = await app.inject({ url: `/api/v1/partner/kyc-sessions/${sessionId}`, headers: authHeaders(partner) });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

export function tokenOf(widgetUrl: string): string {
  const token = new URL(widgetUrl).searchParams.get('token');
  if (!token) throw new Error(`no token in ${widgetUrl}`);
  return token;
}

/** The widget URL on the test app's own origin (inject ignores the host anyway). */
export function widgetPath(widgetUrl: string): string {
  const url = new URL(widgetUrl);
  return `${url.pathname}${url.search}`;
}

