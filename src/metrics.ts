/**
 * Prometheus metrics (prom-client). One registry per process, built by createMetrics() so tests
 * can make their own. Request timing is recorded by the HTTP layer; ledger movements by the
 * routes and jobs that make them (the domain stays free of instrumentation); pool and queue
 * gauges are read when scraped.
 */
import client from 'prom-client';
import type pg from 'pg';
import { sql } from 'kysely';
import type { Database } from './db/database';
import { parseMoney } from './domain/money';

export interface Metrics {
  registry: client.Registry;
  httpDuration: client.Histogram<'method' | 'route' | 'status_code'>;
  /** Counts a ledger movement and its amount (in minor units, 1/100, so the counter stays exact). */
  recordLedger(type: string, amount: string): void;
  webhookDeliveries: client.Counter<'outcome'>;
}

const MONEY_UNITS_PER_MINOR = 1000n; // numeric(20,5) units per 1/100 of a currency unit

export function createMetrics(sources: { pool: pg.Pool; db: Database }): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'dialtone_process_' });
  const httpDuration = new client.Histogram({
    name: 'dialtone_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const ledgerTransfers = new client.Counter({
    name: 'dialtone_ledger_transactions_total',
    help: 'Ledger transactions posted, by type',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const ledgerAmount = new client.Counter({
    name: 'dialtone_ledger_amount_minor_units_total',
    help: 'Money moved by ledger transactions, in 1/100 currency units, by type',
    labelNames: ['type'] as const,
    registers: [registry],
  });
  const webhookDeliveries = new client.Counter({
    name: 'dialtone_webhook_delivery_attempts_total',
    help: 'Webhook delivery attempts by outcome (delivered, retry, gone, exhausted, blocked)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  registerPoolGauges(registry, sources.pool);
  registerJobGauges(registry, sources.db);
  return {
    registry,
    httpDuration,
    webhookDeliveries,
    recordLedger(type, amount) {
      ledgerTransfers.inc({ type });
      const units = parseMoney(amount);
      if (units !== undefined) ledgerAmount.inc({ type }, Number(units / MONEY_UNITS_PER_MINOR));
    },
  };
}

function registerPoolGauges(registry: client.Registry, pool: pg.Pool): void {
  new client.Gauge({
    name: 'dialtone_db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
}

function registerJobGauges(registry: client.Registry, db: Database): void {
  new client.Gauge({
    name: 'dialtone_jobs',
    help: 'Background jobs in the queue: queued (incl. retrying), failing (last attempt errored), locked (running)',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const { rows } = await sql<{ queued: string; failing: string; locked: string }>`
        select count(*) as queued,
               count(*) filter (where last_error is not null) as failing,
               count(*) filter (where locked_at is not null) as locked
        from graphile_worker.jobs`.execute(db);
      const row = rows[0];
      if (!row) return;
      this.set({ state: 'queued' }, Number(row.queued));
      this.set({ state: 'failing' }, Number(row.failing));
      this.set({ state: 'locked' }, Number(row.locked));
    },
  });
}
