/**
 * Key rotation: values sealed under the old key are re-sealed under the new one while both
 * unseal; afterwards the new key alone reads every token and webhook secret, and the API keeps
 * answering with the same tokens.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { resealSecrets } from '../../src/domain/secret-rotation';
import { createSealer } from '../../src/domain/secrets';
import { testDeps, useTestApp } from '../support/app';
import { authHeaders, createCustomer, createPartner } from '../support/factories';

const oldKey = randomBytes(32);
const newKey = randomBytes(32);
const t = useTestApp({ sealer: createSealer(oldKey) });

async function sealedValues(): Promise<string[]> {
  const db = t.current.database.handle.db;
  const partners = await db.selectFrom('partners').select('auth_token_sealed').execute();
  const accounts = await db.selectFrom('accounts').select('auth_token_sealed').execute();
  const secrets = await db.selectFrom('webhook_secrets')
    .select(['secret_sealed', 'previous_secret_sealed']).execute();
  return [
    ...partners.map((row) => row.auth_token_sealed),
    ...accounts.map((row) => row.auth_token_sealed),
    ...secrets.flatMap((row) => [row.secret_sealed, row.previous_secret_sealed])
      .filter((value): value is string => value !== null),
  ];
}

describe('dialtone secrets rotate', () => {
  it('re-seals every token and webhook secret under the new key', async () => {
    const partner = await createPartner(t.current.app);
    const customer = await createCustomer(t.current.app, partner);
    for (const method of ['GET', 'POST'] as const) {
      const response = await t.current.app.inject({
        method, url: '/api/v1/partner/webhook-secret', headers: authHeaders(partner),
      });
      expect(response.statusCode, response.body).toBe(200);
    }
    const secretBefore = (await t.current.app.inject({
      url: '/api/v1/partner/webhook-secret', headers: authHeaders(partner),
    })).json();
    const newOnly = createSealer(newKey);
    const before = await sealedValues();
    expect(before.length).toBeGreaterThanOrEqual(4);
    expect(() => newOnly.unseal(before[0]!)).toThrow();

    const rotating = createSealer(newKey, [oldKey]);
    const counts = await resealSecrets(t.current.database.handle.db, rotating);
    expect(counts.partners).toBeGreaterThanOrEqual(1);
    expect(counts.accounts).toBeGreaterThanOrEqual(1);
    expect(counts.webhook_secrets).toBeGreaterThanOrEqual(1);

    const after = await sealedValues();
    expect(after.map((value) => newOnly.unseal(value)))
      .toEqual(before.map((value) => createSealer(oldKey).unseal(value)));

    // A server holding only the new key answers as before.
    const app = await buildApp(testDeps(t.current.database, { sealer: newOnly }), {
      logLevel: 'silent',
    });
    try {
      const account = await app.inject({
        url: `/api/v1/partner/accounts/${customer.authId}`, headers: authHeaders(partner),
      });
      expect(account.statusCode, account.body).toBe(200);
      expect(account.json().auth_token).toBe(customer.token);
      const secret = await app.inject({
        url: '/api/v1/partner/webhook-secret', headers: authHeaders(partner),
      });
      expect(secret.json()).toEqual(secretBefore);
    } finally {
      await app.close();
    }
  });

  it('unseals with a previous key, never seals with it', () => {
    const rotating = createSealer(newKey, [oldKey]);
    const sealedOld = createSealer(oldKey).seal('tok');
    expect(rotating.unseal(sealedOld)).toBe('tok');
    expect(createSealer(newKey).unseal(rotating.seal('tok'))).toBe('tok');
    expect(() => createSealer(oldKey).unseal(rotating.seal('tok'))).toThrow();
  });
});
