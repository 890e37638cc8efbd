/**
 * Releasing numbers (vobiz-api.md 2.1): pending_release for 24 h with a cancel_url, cancel
 * within the cooldown, ?immediate=true, the completion job, and the Go-style 403 for a number
 * the account does not own. Assignment to trunks lives here too: a release unassigns.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../../src/domain/clock';
import { findLedgerViolations, isLedgerSound } from '../../../src/domain/ledger/invariants';
import { completeDueReleases } from '../../../src/domain/numbers/releases';
import { useTestApp } from '../../support/app';
import { authHeaders, type Credentials } from '../../support/factories';
import {
  accountUrl,
  createTrunk,
  fundedCustomer,
  numberPath,
  purchase,
  stockNumber,
  walletBalance,
} from '../../support/numbers';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const HOUR_MS = 3_600_000;
const clock = manualClock(new Date('2026-03-10T08:00:00.000Z'));
const t = useTestApp({ clock, publicBaseUrl: 'https://dialtone.example' });

async function ownedNumber(customer?: Credentials) {
  const { app } = t.current;
  const owner = customer ?? await fundedCustomer(app, '5000');
  const e164 = await stockNumber(app);
  const bought = await purchase(app, owner, e164);
  expect(bought.statusCode, bought.body).toBe(200);
  return { owner, e164 };
}

function release(customer: Credentials, e164: string, query = '') {
  return t.current.app.inject({
    method: 'DELETE', url: accountUrl(customer, `/numbers/${numberPath(e164)}${query}`),
    headers: authHeaders(customer),
  });
}

function cancel(customer: Credentials, e164: string) {
  return t.current.app.inject({
    method: 'POST', url: `/api/v1/account/${customer.authId}/numbers/${numberPath(e164)}/cancel-release`,
    headers: authHeaders(customer),
  });
}

async function numberOf(customer: Credentials, e164: string) {
  const response = await t.current.app.inject({
    url: accountUrl(customer, `/numbers?search=${numberPath(e164)}`), headers: authHeaders(customer),
  });
  return response.json().items[0] as Record<string, unknown> | undefined;
}

async function isInInventory(customer: Credentials, e164: string): Promise<boolean> {
  const response = await t.current.app.inject({
    url: accountUrl(customer, `/inventory/numbers?search=${numberPath(e164)}`), headers: authHeaders(customer),
  });
  return response.json().total === 1;
}

describe('DELETE /Account/{auth_id}/numbers/{e164}', () => {
  it('puts the number in pending_release for 24 h with a cancel_url', async () => {
    const { owner, e164 } = await ownedNumber();
    const response = await release(owner, e164);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      status: 'pending_release',
      message: 'Number scheduled for release',
      note: 'Cancel with cancel_url before cooldown_ends_at to keep the number',
      release_fee: 0,
      cooldown_ends_at: new Date(clock().getTime() + 24 * HOUR_MS).toISOString(),
      cancel_url: `https://dialtone.example/api/v1/account/${owner.authId}/numbers/${numberPath(e164)}/cancel-release`,
    });
    expect(await numberOf(owner, e164)).toMatchObject({ status: 'pending_release' });
    expect(await isInInventory(owner, e164)).toBe(false);
    const again = await release(owner, e164);
    expect(again.statusCode).toBe(409);
    expectDocumented(await openApiDocument(t.current.app), 'DELETE',
      '/api/v1/Account/{auth_id}/numbers/{e164}', response);
  });

  it('cancel-release within the cooldown makes the number active again, nothing refunded', async () => {
    const { owner, e164 } = await ownedNumber();
    const balance = await walletBalance(t.current.app, owner);
    expect((await release(owner, e164)).statusCode).toBe(200);
    clock.advance(23 * HOUR_MS);
    const response = await cancel(owner, e164);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      message: 'Release cancelled; the number is active again', status: 'active', currency: 'INR',
      refund_amount: 0, refund_status: 'success',
    });
    expect(await numberOf(owner, e164)).toMatchObject({ status: 'active', cooldown_ends_at: null });
    expect(await walletBalance(t.current.app, owner)).toBe(balance);
    expect((await cancel(owner, e164)).statusCode).toBe(409);
    // The job of a day later finds nothing to release.
    clock.advance(2 * HOUR_MS);
    await completeDueReleases(t.current.database.handle.db, clock());
    expect(await numberOf(owner, e164)).toMatchObject({ status: 'active' });
  });

  it('after the cooldown the job returns the number to inventory and cancel is too late', async () => {
    const { owner, e164 } = await ownedNumber();
    const trunk = await createTrunk(t.current.app, owner);
    await t.current.app.inject({
      method: 'POST', url: accountUrl(owner, `/numbers/${numberPath(e164)}/assign`),
      headers: authHeaders(owner), payload: { trunk_group_id: trunk.trunk_id },
    });
    expect((await release(owner, e164)).statusCode).toBe(200);
    clock.advance(24 * HOUR_MS);
    expect((await cancel(owner, e164)).statusCode).toBe(409);
    const { db } = t.current.database.handle;
    expect(await completeDueReleases(db, clock())).toBeGreaterThanOrEqual(1);
    expect(await completeDueReleases(db, clock())).toBe(0);
    expect(await numberOf(owner, e164)).toBeUndefined();
    expect(await isInInventory(owner, e164)).toBe(true);
    const row = await db.selectFrom('phone_numbers').selectAll().where('e164', '=', e164)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      account_id: null, trunk_id: null, status: 'active', next_billing_date: null,
      released_at: clock(),
    });
    expect((await cancel(owner, e164)).statusCode).toBe(404);
  });

  it('?immediate=true returns the number to inventory at once, also from pending_release', async () => {
    const { owner, e164 } = await ownedNumber();
    const response = await release(owner, e164, '?immediate=true');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      status: 'released', message: 'number returned to inventory', release_fee: 0,
      cooldown_ends_at: '', cancel_url: '',
    });
    expect(await isInInventory(owner, e164)).toBe(true);

    const second = await ownedNumber(owner);
    expect((await release(owner, second.e164)).statusCode).toBe(200);
    expect((await release(owner, second.e164, '?immediate=true')).statusCode).toBe(200);
    expect(await isInInventory(owner, second.e164)).toBe(true);
    // A released number can be bought again, by anyone.
    const buyer = await fundedCustomer(t.current.app, '1000');
    expect((await purchase(t.current.app, buyer, e164)).statusCode).toBe(200);
    expect(isLedgerSound(await findLedgerViolations(t.current.database.handle.db))).toBe(true);
  });

  it("another account's number is 403 with Vobiz's exact body; an unknown number is 404", async () => {
    const { e164 } = await ownedNumber();
    const stranger = await fundedCustomer(t.current.app, 0);
    const response = await release(stranger, e164);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'account does not own this number' });
    expectDocumented(await openApiDocument(t.current.app), 'DELETE',
      '/api/v1/Account/{auth_id}/numbers/{e164}', response);
    const inventoryNumber = await stockNumber(t.current.app);
    expect((await release(stranger, inventoryNumber)).statusCode).toBe(403);
    expect((await release(stranger, '+918047189999')).statusCode).toBe(404);
    expect((await cancel(stranger, e164)).statusCode).toBe(404);
  });

  it('accepts the number with a literal + or without it in the path', async () => {
    const { owner, e164 } = await ownedNumber();
    const literal = await t.current.app.inject({
      method: 'DELETE', url: accountUrl(owner, `/numbers/${e164}`), headers: authHeaders(owner),
    });
    expect(literal.statusCode, literal.body).toBe(200);
    const bare = await t.current.app.inject({
      method: 'POST', url: accountUrl(owner, `/numbers/${e164.slice(1)}/cancel-release`),
      headers: authHeaders(owner),
    });
    expect(bare.statusCode, bare.body).toBe(200);
  });
});

describe('POST/DELETE /Account/{auth_id}/numbers/{e164}/assign', () => {
  it('assigns to a trunk of the account, unassigns, and deleting the trunk unassigns', async () => {
    const { app } = t.current;
    const { owner, e164 } = await ownedNumber();
    const trunk = await createTrunk(app, owner);
    const assign = (trunkId: string) => app.inject({
      method: 'POST', url: accountUrl(owner, `/numbers/${numberPath(e164)}/assign`),
      headers: authHeaders(owner), payload: { trunk_group_id: trunkId },
    });
    const assigned = await assign(trunk.trunk_id);
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json()).toMatchObject({
      message: 'Number assigned to trunk', number: { e164, trunk_group_id: trunk.trunk_id },
    });
    const unassigned = await app.inject({
      method: 'DELETE', url: accountUrl(owner, `/numbers/${numberPath(e164)}/assign`), headers: authHeaders(owner),
    });
    expect(unassigned.json().number).not.toHaveProperty('trunk_group_id');

    expect((await assign(trunk.trunk_id)).statusCode).toBe(200);
    const deleted = await app.inject({
      method: 'DELETE', url: accountUrl(owner, `/trunks/${trunk.trunk_id}`), headers: authHeaders(owner),
    });
    expect(deleted.statusCode).toBe(204);
    expect(await numberOf(owner, e164)).toMatchObject({ status: 'active' });
    expect(await numberOf(owner, e164)).not.toHaveProperty('trunk_group_id');
    expect((await assign(trunk.trunk_id)).statusCode).toBe(404);
  });

  it("refuses another account's trunk or number (404) and a number pending release (409)", async () => {
    const { app } = t.current;
    const { owner, e164 } = await ownedNumber();
    const other = await ownedNumber();
    const othersTrunk = await createTrunk(app, other.owner);
    const ownTrunk = await createTrunk(app, owner);
    const assign = (customer: Credentials, number: string, trunkId: string) => app.inject({
      method: 'POST', url: accountUrl(customer, `/numbers/${numberPath(number)}/assign`),
      headers: authHeaders(customer), payload: { trunk_group_id: trunkId },
    });
    const foreignTrunk = await assign(owner, e164, othersTrunk.trunk_id);
    expect(foreignTrunk.statusCode).toBe(404);
    expect(foreignTrunk.json().message).toBe('Trunk not found');
    const foreignNumber = await assign(owner, other.e164, ownTrunk.trunk_id);
    expect(foreignNumber.statusCode).toBe(404);
    expect(foreignNumber.json().message).toBe('Number not found');
    expect((await release(owner, e164)).statusCode).toBe(200);
    expect((await assign(owner, e164, ownTrunk.trunk_id)).statusCode).toBe(409);
    const malformed = await app.inject({
      method: 'POST', url: accountUrl(owner, `/numbers/${numberPath(e164)}/assign`),
      headers: authHeaders(owner), payload: { trunk_group_id: 'not-a-uuid' },
    });
    expect(malformed.statusCode).toBe(422);
  });
});
