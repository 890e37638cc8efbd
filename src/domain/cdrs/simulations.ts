/**
 * The traffic simulator behind `dialtone simulate` and POST /api/v1/admin/simulate: realistic
 * CDRs (simulator.ts) for one customer, using its own trunks and numbers when it has some, sent
 * through the very ingestion path a switch uses (rated, charged, rolled up), in batches of
 * CDR_SIMULATION_BATCH_ROWS. Each batch is its own transaction, like a switch's requests.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { Database } from '../../db/database';
import { CDR_INGEST_ROWS_MAX, CDR_SIMULATION_BATCH_ROWS } from '../../limits';
import type { Clock } from '../clock';
import { notFound } from '../errors';
import { formatMoney, parseMoney } from '../money';
import { type AccountCharge, ingestCdrs } from './cdr-ingestion';
import { generateCdrs } from './simulator';

assert.ok(CDR_SIMULATION_BATCH_ROWS <= CDR_INGEST_ROWS_MAX,
  'a simulated batch is an ingestible batch');

export interface SimulationRequest {
  accountAuthId: string;
  calls: number;
  days: number;
  /** Same seed, same calls (a rerun is all duplicates); random when absent. */
  seed?: number | undefined;
}

export interface SimulationResult {
  account_id: string;
  seed: number;
  calls: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  total_charged: string;
  total_shortfall: string;
  currency: string;
  charges: AccountCharge[];
}

/** Errors: not_found (no such account). Bounds on calls and days are the route's. */
export async function simulateTraffic(db: Database, clock: Clock, request: SimulationRequest) {
  const account = await db.selectFrom('accounts').select(['id', 'auth_id', 'currency'])
    .where('auth_id', '=', request.accountAuthId).executeTakeFirst();
  if (!account) throw notFound('Account');
  const [trunks, numbers] = await Promise.all([
    db.selectFrom('trunks').select('id').where('account_id', '=', account.id).execute(),
    db.selectFrom('phone_numbers').select('e164').where('account_id', '=', account.id).execute(),
  ]);
  const seed = request.seed ?? randomInt(2 ** 31);
  const cdrs = generateCdrs({
    accountAuthId: account.auth_id,
    trunkIds: trunks.map((trunk) => trunk.id),
    numbers: numbers.map((number) => number.e164),
    calls: request.calls,
    days: request.days,
    now: clock(),
    seed,
  });
  const result: SimulationResult = {
    account_id: account.auth_id, seed, calls: request.calls, accepted: 0, duplicates: 0,
    rejected: 0, total_charged: '0', total_shortfall: '0', currency: account.currency, charges: [],
  };
  let charged = 0n;
  let shortfall = 0n;
  for (let start = 0; start < cdrs.length; start += CDR_SIMULATION_BATCH_ROWS) {
    const batch = await ingestCdrs(db, clock, cdrs.slice(start, start + CDR_SIMULATION_BATCH_ROWS));
    result.accepted += batch.accepted;
    result.duplicates += batch.duplicates;
    result.rejected += batch.rejected;
    result.charges.push(...batch.charges);
    for (const charge of batch.charges) {
      charged += parseMoney(charge.amount)!;
      shortfall += parseMoney(charge.shortfall)!;
    }
  }
  // The simulator only makes valid calls; a rejection here is a bug in one of the two.
  assert.equal(result.rejected, 0, 'simulated calls are all ingestible');
  return {
    ...result, total_charged: formatMoney(charged), total_shortfall: formatMoney(shortfall),
  };
}
