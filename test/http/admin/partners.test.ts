import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createPartner, operatorHeaders } from '../../support/factories';

const t = useTestApp();

describe('operator partner API', () => {
  it('creates a partner with PA_ credentials shown once, and lists it without the token', async () => {
    const { app } = t.current;
    const response = await app.inject({
      method: 'POST', url: '/api/v1/admin/partners', headers: operatorHeaders,
      payload: { name: 'Acme Telecom', email: 'ops@acme.test', company: 'Acme', max_accounts: 5, can_view_cdrs: false },
    });
    expect(response.statusCode).toBe(201);
    const created = response.json();
    expect(created.auth_id).toMatch(/^PA_[A-Z0-9]{8}$/);
    expect(created).toMatchObject({ currency: 'INR', max_accounts: 5, can_view_cdrs: false, balance: '0.00000', account_count: 0 });

    const read = await app.inject({ url: `/api/v1/admin/partners/${created.auth_id}`, headers: operatorHeaders });
    expect(read.json().auth_token).toBeUndefined();
    const me = await app.inject({ url: '/api/v1/partner/me', headers: authHeaders({ authId: created.auth_id, token: created.auth_token }) });
    expect(me.json()).toMatchObject({ auth_id: created.auth_id, can_view_cdrs: false, billing_model: 'direct', currency: 'INR' });
  });

  it('credits exactly, records a recharge, and replays the same Idempotency-Key', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    const credit = () => app.inject({
      method: 'POST', url: `/api/v1/admin/partners/${partner.authId}/credit`,
      headers: { ...operatorHeaders, 'idempotency-key': 'wire-2026-11-25', 'content-type': 'application/json' },
      payload: '{"amount": 12345678.91, "description": "Wire", "reference": "UTR123"}',
    });
    const first = await credit();
    const again = await credit();
    expect(first.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(again.headers['idempotent-replayed']).toBe('true');
    const me = await app.inject({ url: '/api/v1/partner/me', headers: authHeaders(partner) });
    expect(me.json().balance).toBe('12345678.91000');
    const ledger = await app.inject({ url: '/api/v1/partner/transactions?transaction_type=recharge', headers: authHeaders(partner) });
    expect(ledger.json().transactions).toHaveLength(1);
    expect(ledger.json().transactions[0]).toMatchObject({ type: 'credit', reference: 'UTR123', amount: 12345678.91 });
  });

  it.each([
    ['an unknown partner', 'PA_ZZZZZZZZ', { amount: 1 }, 404],
    ['a malformed id', 'nope', { amount: 1 }, 422],
    ['a zero amount', undefined, { amount: 0 }, 400],
  ])('credit to %s is %i', async (_name, authId, payload, status) => {
    const { app } = t.current;
    const partner = await createPartner(app);
    const response = await app.inject({
      method: 'POST', url: `/api/v1/admin/partners/${authId ?? partner.authId}/credit`, headers: operatorHeaders, payload,
    });
    expect(response.statusCode).toBe(status);
  });

  it('patches flags and limits, and rejects an empty or ill-typed patch', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    const patched = await app.inject({
      method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`, headers: operatorHeaders,
      payload: { can_create_accounts: false, max_accounts: 0 },
    });
    expect(patched.json()).toMatchObject({ can_create_accounts: false, max_accounts: 0 });
    for (const payload of [{}, { max_accounts: -1 }, { is_active: 'yes' }]) {
      const bad = await app.inject({ method: 'PATCH', url: `/api/v1/admin/partners/${partner.authId}`, headers: operatorHeaders, payload });
      expect(bad.statusCode).toBe(422);
    }
  });

  it('rejects an Idempotency-Key reused with another body, and one longer than 255', async () => {
    const { app } = t.current;
    const create = (name: string, key: string) => app.inject({
      method: 'POST', url: '/api/v1/admin/partners', headers: { ...operatorHeaders, 'idempotency-key': key },
      payload: { name, email: 'x@y.test' },
    });
    expect((await create('One', 'k1')).statusCode).toBe(201);
    expect((await create('Two', 'k1')).statusCode).toBe(422);
    expect((await create('One', 'k'.repeat(256))).statusCode).toBe(400);
  });
});
