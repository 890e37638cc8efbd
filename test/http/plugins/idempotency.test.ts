/**
 * Idempotency keys: the claim shares the transaction of the work, replay bodies are sealed at
 * rest, answers that are not 5xx are replayed, and a key left without an answer is re-run.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import {
  authHeaders,
  createCustomer,
  createPartner,
  creditPartner,
  newAccountFields,
  transfer,
} from '../../support/factories';

const t = useTestApp();

async function storedKey(key: string) {
  return t.current.database.handle.db.selectFrom('idempotency_keys')
    .selectAll().where('key', '=', key).executeTakeFirst();
}

describe('Idempotency-Key', () => {
  it('keeps a new customer\'s auth_token sealed at rest and replays it to its creator', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    const request = {
      method: 'POST' as const,
      url: '/api/v1/partner/accounts',
      headers: { ...authHeaders(partner), 'idempotency-key': 'sealed-create-1' },
      payload: newAccountFields(),
    };
    const first = await app.inject(request);
    expect(first.statusCode, first.body).toBe(201);
    const token = first.json().auth_token as string;

    const stored = await storedKey('sealed-create-1');
    expect(stored?.response_body).toMatch(/^v1\./);
    expect(stored?.response_body).not.toContain(token);

    const replay = await app.inject(request);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.json().auth_token).toBe(token);
  });

  it('replays a refused transfer even after the balance would allow it', async () => {
    const { app } = t.current;
    const partner = await createPartner(app);
    const customer = await createCustomer(app, partner);
    const headers = { 'idempotency-key': 'too-much-1' };
    // The refusal is raised inside the SQL function, so the transaction has to be rewound.
    const refused = await transfer(app, partner, customer, 50, headers);
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().error).toBe('insufficient_balance');

    await creditPartner(app, partner, 100);
    const replay = await transfer(app, partner, customer, 50, headers);
    expect(replay.statusCode).toBe(400);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toBe(refused.body);
    const fresh = await transfer(app, partner, customer, 50, { 'idempotency-key': 'too-much-2' });
    expect(fresh.statusCode, fresh.body).toBe(200);
  });

  it('runs a key again when an older version left it without an answer', async () => {
    const { app, database } = t.current;
    const partner = await createPartner(app);
    await creditPartner(app, partner, 100);
    const customer = await createCustomer(app, partner);
    // What a crash between claim and answer used to leave behind (claimed outside the work).
    await database.handle.db.insertInto('idempotency_keys').values({
      principal_id: partner.authId, key: 'stuck-1', request_hash: 'whatever',
    }).execute();
    const stuckBefore = await storedKey('stuck-1');
    expect(stuckBefore?.response_status).toBeNull();

    const response = await transfer(app, partner, customer, 10, { 'idempotency-key': 'stuck-1' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['idempotent-replayed']).toBeUndefined();
    expect((await storedKey('stuck-1'))?.response_status).toBe(200);
  });

  it('leaves neither key nor effect behind when the database fails mid-request', async () => {
    const { app, database } = t.current;
    const partner = await createPartner(app);
    await creditPartner(app, partner, 100);
    const customer = await createCustomer(app, partner);
    // A trigger failing every ledger insert as a server shutting down would (57P01) stands in
    // for a database lost in the middle of the work.
    const db = database.handle.db;
    await sql`create function fail_for_test() returns trigger language plpgsql as $$
      begin raise exception 'injected fault' using errcode = 'admin_shutdown'; end $$`.execute(db);
    await sql`create trigger fail_for_test before insert on ledger_entries
      for each row execute function fail_for_test()`.execute(db);
    const headers = { 'idempotency-key': 'fault-1' };
    try {
      const failed = await transfer(app, partner, customer, 10, headers);
      expect(failed.statusCode).toBe(503);
      expect(failed.headers['retry-after']).toBe('5');
      expect(await storedKey('fault-1')).toBeUndefined();
    } finally {
      await sql`drop trigger fail_for_test on ledger_entries`.execute(db);
    }
    const retried = await transfer(app, partner, customer, 10, headers);
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json().customer_balance_after).toBe(10);
  });
});
