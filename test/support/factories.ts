/**
 * Builders that go through the public API, as a partner's integration would. Each test makes
 * its own partners and customers; nothing is shared between tests.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { ADMIN_TOKEN } from './app';

export interface Credentials {
  authId: string;
  token: string;
}

export const operatorHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };

export function authHeaders(credentials: Credentials): Record<string, string> {
  return { 'x-auth-id': credentials.authId, 'x-auth-token': credentials.token };
}

const unique = () => randomBytes(4).toString('hex');

export async function createPartner(
  app: FastifyInstance,
  fields: Record<string, unknown> = {},
): Promise<Credentials & { id: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/admin/partners',
    headers: operatorHeaders,
    payload: { name: `Partner ${unique()}`, email: `ops-${unique()}@partner.test`, ...fields },
  });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json();
  return { authId: body.auth_id, token: body.auth_token, id: body.id };
}

export async function creditPartner(app: FastifyInstance, partner: Credentials, amount: number | string) {
  const response = await app.inject({
    method: 'POST',
    url: `/api/v1/admin/partners/${partner.authId}/credit`,
    headers: operatorHeaders,
    payload: { amount },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

export function newAccountFields(fields: Record<string, unknown> = {}) {
  return {
    name: 'John Doe',
    email: `john-${unique()}@example.com`,
    phone: '+919876543210',
    password: 'SecurePass123!',
    country: 'IN',
    ...fields,
  };
}

export async function createCustomer(
  app: FastifyInstance,
  partner: Credentials,
  fields: Record<string, unknown> = {},
): Promise<Credentials> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/v1/partner/accounts',
    headers: authHeaders(partner),
    payload: newAccountFields(fields),
  });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json();
  return { authId: body.auth_id, token: body.auth_token };
}

export async function transfer(
  app: FastifyInstance,
  partner: Credentials,
  customer: Credentials,
  amount: number | string,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/partner/accounts/${customer.authId}/transfer-balance`,
    headers: { ...authHeaders(partner), ...headers },
    payload: { amount, currency: 'INR' },
  });
}
