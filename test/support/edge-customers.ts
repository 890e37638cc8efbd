/** Customers ready to call through the edge, built through the public API. */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Database } from '../../src/db/database';
import { authHeaders, operatorHeaders, type Credentials } from './factories';
import {
  type FundedCustomer,
  accountUrl,
  createTrunk,
  fundedCustomer,
  purchase,
  stockNumber,
} from './numbers';

export interface SipCustomer extends FundedCustomer {
  accountId: string;
  trunkId: string;
  trunkDomain: string;
  username: string;
  password: string;
  /** A number the account owns: a valid caller ID. */
  callerNumber: string;
}

export async function send(
  app: FastifyInstance,
  customer: Credentials,
  method: 'POST' | 'PUT' | 'DELETE',
  path: string,
  payload?: Record<string, unknown>,
) {
  const response = await app.inject({
    method, url: accountUrl(customer, path), headers: authHeaders(customer),
    ...(payload ? { payload } : {}),
  });
  expect(response.statusCode, response.body).toBeLessThan(300);
  return response.body === '' ? {} : response.json();
}

/**
 * A KYC-complete customer with `balance` INR, one owned number and one outbound trunk with a
 * digest credential (and the trunk fields in `trunk`).
 */
export async function sipCustomer(
  app: FastifyInstance,
  db: Database,
  balance: string,
  trunk: Record<string, unknown> = {},
  /** Slots moved from the partner's pool on top of the base limits (2 CPS, 10 calls). */
  extra: { cps?: number; concurrent_calls?: number } = {},
  /** The customer's partner; a new one when absent. */
  partner?: Credentials,
): Promise<SipCustomer> {
  const customer = await fundedCustomer(app, balance, partner);
  await raiseCapacity(app, customer, extra);
  const { id: accountId } = await db.updateTable('accounts').set({ kyc_status: 'completed' })
    .where('auth_id', '=', customer.authId).returning('id').executeTakeFirstOrThrow();
  const callerNumber = await stockNumber(app, { setup_fee: '0.00', monthly_fee: '0.00' });
  expect((await purchase(app, customer, callerNumber)).statusCode).toBe(200);
  const username = `pbx${randomBytes(4).toString('hex')}`;
  const password = `Secret-${randomBytes(6).toString('hex')}`;
  const credential = await send(app, customer, 'POST', '/credentials', { username, password });
  const created = await createTrunk(app, customer, {
    name: 'PBX', credential_uuid: credential.id, ...trunk,
  });
  return {
    ...customer, accountId, trunkId: created.trunk_id,
    trunkDomain: created.trunk_domain as string, username, password, callerNumber,
  };
}

/** The operator grants the partner a pool, the partner moves `extra` slots to the customer. */
async function raiseCapacity(
  app: FastifyInstance,
  customer: FundedCustomer,
  extra: { cps?: number; concurrent_calls?: number },
) {
  const entries = Object.entries(extra).filter(([, slots]) => slots !== undefined && slots > 0);
  if (entries.length === 0) return;
  const pools = Object.fromEntries(entries.map(([resource, slots]) => [`${resource}_pool`, slots]));
  const granted = await app.inject({
    method: 'PUT', url: `/api/v1/admin/partners/${customer.partner.authId}/capacity`,
    headers: operatorHeaders, payload: pools,
  });
  expect(granted.statusCode, granted.body).toBe(200);
  for (const [resource, slots] of entries) {
    const moved = await app.inject({
      method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/concurrency/transfer`,
      headers: authHeaders(customer.partner), payload: { resource, slots },
    });
    expect(moved.statusCode, moved.body).toBe(200);
  }
}
