/**
 * The connection budget (DIALTONE_DB_CONNECTIONS): N API processes on one machine share it, so
 * N x pool never exceeds what the operator planned, nor (checked at start-up) what PostgreSQL
 * allows. Without it 4 processes x 20 plus the CLI and the edge could pass the server's
 * max_connections, and the process that asks last gets "too many clients" mid-request.
 */
import { sql } from 'kysely';
import type { Database } from './db/database';
import {
  DB_POOL_SIZE_MAX, DB_POOL_SIZE_MIN, EMBEDDED_POSTGRES_CONNECTIONS_HEADROOM,
  EMBEDDED_POSTGRES_CONNECTIONS_MIN,
} from './limits';
import { OperatorError } from './operator-error';

/** The two settings the budget depends on (Config's dbConnections and workers). */
export interface BudgetSettings {
  dbConnections: number;
  workers: number;
}

/** Each API process's pool: its share of the budget, at most DB_POOL_SIZE_MAX. */
export function poolSizeOf(config: BudgetSettings): number {
  return Math.min(DB_POOL_SIZE_MAX, Math.floor(config.dbConnections / config.workers));
}

/** What all API processes together may hold: N pools. */
export function connectionsUsed(config: BudgetSettings): number {
  return poolSizeOf(config) * config.workers;
}

/** Throws the operator's message when the budget cannot give every process a working pool. */
export function assertBudgetSuffices(config: BudgetSettings): void {
  if (poolSizeOf(config) >= DB_POOL_SIZE_MIN) return;
  throw new Error(`DIALTONE_DB_CONNECTIONS=${config.dbConnections} cannot give `
    + `${config.workers} API process(es) ${DB_POOL_SIZE_MIN} connections each; set it to at `
    + `least ${DB_POOL_SIZE_MIN * config.workers} or lower DIALTONE_WORKERS`);
}

/** max_connections of the embedded PostgreSQL: the pools plus headroom for everything else. */
export function embeddedMaxConnections(config: BudgetSettings): number {
  return Math.max(EMBEDDED_POSTGRES_CONNECTIONS_MIN,
    connectionsUsed(config) + EMBEDDED_POSTGRES_CONNECTIONS_HEADROOM);
}

/**
 * At start-up: the pools must fit in what the server lets ordinary sessions open
 * (max_connections less its reserved slots), or the last ones to connect would be refused.
 */
export async function assertServerFitsBudget(db: Database, config: BudgetSettings): Promise<void> {
  const { rows: [limits] } = await sql<{ max: number; reserved: number }>`
    select current_setting('max_connections')::int as max,
           current_setting('superuser_reserved_connections')::int
             + coalesce(current_setting('reserved_connections', true)::int, 0) as reserved`
    .execute(db);
  const usable = limits!.max - limits!.reserved;
  const used = connectionsUsed(config);
  if (used <= usable) return;
  throw new OperatorError(`${config.workers} API process(es) x ${poolSizeOf(config)} `
    + `connections = ${used}, but the database allows ${usable} (max_connections `
    + `${limits!.max} less ${limits!.reserved} reserved); lower DIALTONE_DB_CONNECTIONS or `
    + `DIALTONE_WORKERS, or raise the server's max_connections`);
}
