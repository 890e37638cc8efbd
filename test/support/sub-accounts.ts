/** Builders for sub-account tests, through the public API as an integration would call it. */
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { authHeaders, type Credentials } from './factories';

export function subAccountsUrl(parent: Credentials, path = '/'): string {
  return `/api/v1/accounts/${parent.authId}/sub-accounts${path}`;
}

export interface CreatedSubAccount extends Credentials {
  body: Record<string, any>;
}

export async function createSubAccount(
  app: FastifyInstance,
  parent: Credentials,
  fields: Record<string, unknown> = {},
): Promise<CreatedSubAccount> {
  const response = await app.inject({
    method: 'POST',
    url: subAccountsUrl(parent),
    headers: authHeaders(parent),
    payload: { name: 'Support team', ...fields },
  });
  expect(response.statusCode, response.body).toBe(201);
  const body = response.json();
  return { authId: body.auth_credentials.auth_id, token: body.auth_credentials.auth_token, body };
}
