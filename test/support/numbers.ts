/**
 * Builders for number and trunk tests, through the public API. Inventory rows come from the
 * demo inventory (valid Indian numbers), handed out once each per test file.
 */
import type { FastifyInstance } from 'fastify';
import { type LosslessNumber, parse } from 'lossless-json';
import { expect } from 'vitest';
import { buildDemoInventory } from '../../src/domain/numbers/demo-inventory';
import {
  INVENTORY_CSV_COLUMNS, type InventoryRow,
} from '../../src/domain/numbers/inventory-imports';
import {
  authHeaders,
  createCustomer,
  createPartner,
  creditPartner,
  operatorHeaders,
  transfer,
  type Credentials,
} from './factories';

const demoRows = buildDemoInventory();
let nextDemoRow = 0;

/** Fresh inventory rows (never handed out before in this file), with optional changes. */
export function takeInventoryRows(count: number, changes: Partial<InventoryRow> = {}): InventoryRow[] {
  const rows = demoRows.slice(nextDemoRow, nextDemoRow + count).map((row) => ({ ...row, ...changes }));
  nextDemoRow += count;
  expect(rows.length, 'the demo inventory has enough numbers for this file').toBe(count);
  return rows;
}

/** The rows as an inventory CSV file: header line, then one line per row (voice and SMS). */
export function inventoryCsv(rows: InventoryRow[]): string {
  return [
    INVENTORY_CSV_COLUMNS.join(','),
    ...rows.map((row) => [row.e164, row.country, row.region, 'true', 'true', 'false', 'false',
      row.setup_fee, row.monthly_fee, row.currency].join(',')),
  ].join('\n');
}

export async function importRows(app: FastifyInstance, rows: InventoryRow[]) {
  const response = await app.inject({
    method: 'POST', url: '/api/v1/admin/inventory/numbers', headers: operatorHeaders, payload: rows,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { imported: number; skipped: number; total: number };
}

/** One number in inventory with these fees; returns its e164. */
export async function stockNumber(
  app: FastifyInstance,
  fees: { setup_fee: string; monthly_fee: string } = { setup_fee: '499.00', monthly_fee: '299.00' },
): Promise<string> {
  const [row] = takeInventoryRows(1, fees);
  await importRows(app, [row!]);
  return row!.e164;
}

export interface FundedCustomer extends Credentials {
  partner: Credentials;
}

/** A partner and one customer whose wallet holds `balance` INR. */
export async function fundedCustomer(
  app: FastifyInstance,
  balance: string | number,
  partner?: Credentials,
): Promise<FundedCustomer> {
  const owner = partner ?? await createPartner(app);
  const customer = await createCustomer(app, owner);
  if (Number(balance) > 0) {
    await creditPartner(app, owner, balance);
    const moved = await transfer(app, owner, customer, balance);
    expect(moved.statusCode, moved.body).toBe(200);
  }
  return { ...customer, partner: owner };
}

/** A Customer API URL of `customer`. */
export function accountUrl(customer: Credentials, path: string): string {
  return `/api/v1/Account/${customer.authId}${path}`;
}

export function numberPath(e164: string): string {
  return encodeURIComponent(e164);
}

export async function purchase(app: FastifyInstance, customer: Credentials, e164: string) {
  return app.inject({
    method: 'POST',
    url: accountUrl(customer, '/numbers/purchase-from-inventory'),
    headers: authHeaders(customer),
    payload: { e164 },
  });
}

export async function walletBalance(app: FastifyInstance, customer: Credentials): Promise<string> {
  const response = await app.inject({
    url: accountUrl(customer, '/balance/INR'), headers: authHeaders(customer),
  });
  expect(response.statusCode, response.body).toBe(200);
  // A JSON number written from the stored decimal: read its exact text, not a float.
  const body = parse(response.body) as { balance: LosslessNumber };
  return body.balance.value;
}

export async function createTrunk(
  app: FastifyInstance,
  customer: Credentials,
  payload: Record<string, unknown> = { name: 'PBX trunk' },
) {
  const response = await app.inject({
    method: 'POST', url: accountUrl(customer, '/trunks'), headers: authHeaders(customer), payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { trunk_id: string; [field: string]: unknown };
}

/** A funded customer owning `count` numbers bought from fresh inventory (1.00 fees each). */
export async function customerWithNumbers(
  app: FastifyInstance,
  count: number,
): Promise<{ customer: FundedCustomer; numbers: string[] }> {
  const customer = await fundedCustomer(app, String(count * 2));
  const rows = takeInventoryRows(count, { setup_fee: '1.00', monthly_fee: '1.00' });
  await importRows(app, rows);
  for (const row of rows) {
    const bought = await purchase(app, customer, row.e164);
    expect(bought.statusCode, bought.body).toBeLessThan(300);
  }
  return { customer, numbers: rows.map((row) => row.e164) };
}
