/**
 * A sub-account's SA_ credentials on the Customer API: they work on its own path for the routes
 * that scope by sub-account, its purchases are assigned to it and paid from the parent's
 * wallet, the parent sees and filters them, and deleting the sub-account revokes at once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, type Credentials } from '../../support/factories';
import {
  accountUrl,
  fundedCustomer,
  numberPath,
  purchase,
  stockNumber,
  walletBalance,
  type FundedCustomer,
} from '../../support/numbers';
import { createSubAccount, subAccountsUrl } from '../../support/sub-accounts';

const t = useTestApp();
let parent: FundedCustomer;
let child: Credentials;
let sibling: Credentials;

beforeAll(async () => {
  parent = await fundedCustomer(t.current.app, '2000.00');
  child = await createSubAccount(t.current.app, parent);
  sibling = await createSubAccount(t.current.app, parent);
});

const get = (url: string, who: Credentials) =>
  t.current.app.inject({ method: 'GET', url, headers: authHeaders(who) });

describe('SA_ credentials on the Customer API', () => {
  it('read the parent\'s wallet (the one that pays) on the sub-account\'s own path', async () => {
    const response = await get(accountUrl(child, '/balance/INR'), child);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ account_id: child.authId });
    expect(Number(response.json().balance)).toBe(2000);
  });

  it('a purchase is assigned to the sub-account and debited from the parent\'s wallet', async () => {
    const e164 = await stockNumber(t.current.app, { setup_fee: '100.00', monthly_fee: '50.00' });
    const bought = await purchase(t.current.app, child, e164);
    expect(bought.statusCode, bought.body).toBe(200);
    expect(bought.json().number).toMatchObject({ e164, sub_account_id: child.authId });
    expect(Number(await walletBalance(t.current.app, parent))).toBe(1850);

    const own = await get(accountUrl(child, '/numbers'), child);
    expect(own.json().items.map((n: { e164: string }) => n.e164)).toEqual([e164]);
    const siblings = await get(accountUrl(sibling, '/numbers'), sibling);
    expect(siblings.json()).toMatchObject({ items: [], total: 0 });

    const parentAll = await get(accountUrl(parent, '/numbers'), parent);
    expect(parentAll.json().items).toEqual([expect.objectContaining({ e164, sub_account_id: child.authId })]);
    const filtered = await get(accountUrl(parent, `/numbers?sub_account_id=${sibling.authId}`), parent);
    expect(filtered.json().total).toBe(0);
    const ledger = await get(accountUrl(parent, '/transactions'), parent);
    expect(ledger.statusCode).toBe(200);
    expect(JSON.stringify(ledger.json())).toContain(e164);
  });

  it('release, keep and route their own numbers only', async () => {
    const cheap = { setup_fee: '1.00', monthly_fee: '1.00' };
    const own = await stockNumber(t.current.app, cheap);
    const siblings = await stockNumber(t.current.app, cheap);
    const parents = await stockNumber(t.current.app, cheap);
    expect((await purchase(t.current.app, child, own)).statusCode).toBe(200);
    expect((await purchase(t.current.app, sibling, siblings)).statusCode).toBe(200);
    expect((await purchase(t.current.app, parent, parents)).statusCode).toBe(200);
    const send = (method: 'POST' | 'DELETE', path: string, payload?: object) =>
      t.current.app.inject({
        method, url: accountUrl(child, path), headers: authHeaders(child),
        ...(payload ? { payload } : {}),
      });
    const trunk = await send('POST', '/trunks', { name: 'own' });
    const parentsTrunk = await t.current.app.inject({
      method: 'POST', url: accountUrl(parent, '/trunks'), headers: authHeaders(parent),
      payload: { name: 'parent' },
    });
    const ownPath = `/numbers/${numberPath(own)}`;
    const routed = await send('POST', `${ownPath}/assign`, { trunk_group_id: trunk.json().trunk_id });
    expect(routed.statusCode, routed.body).toBe(200);
    const foreignTrunk = await send('POST', `${ownPath}/assign`,
      { trunk_group_id: parentsTrunk.json().trunk_id });
    expect(foreignTrunk.statusCode).toBe(404);
    expect((await send('DELETE', `${ownPath}/assign`)).statusCode).toBe(200);

    const released = await send('DELETE', ownPath);
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json().cancel_url).toContain(`/account/${child.authId}/`);
    expect((await send('POST', `${ownPath}/cancel-release`)).statusCode).toBe(200);
    for (const e164 of [siblings, parents]) {
      const refused = await send('DELETE', `/numbers/${numberPath(e164)}`);
      expect(refused.statusCode, e164).toBe(403);
      expect(refused.json()).toEqual({ error: 'forbidden', message: 'account does not own this number' });
      expect((await send('POST', `/numbers/${numberPath(e164)}/assign`,
        { trunk_group_id: trunk.json().trunk_id })).statusCode).toBe(404);
    }
  });

  it('are 403 on routes that do not scope by sub-account (transactions)', async () => {
    for (const path of ['/transactions']) {
      const response = await get(accountUrl(child, path), child);
      expect(response.statusCode, path).toBe(403);
      expect(response.json()).toMatchObject({ error: 'HTTPError', status_code: 403 });
    }
  });

  it('are 404 on the parent\'s or a sibling\'s path, and cannot manage sub-accounts (403)', async () => {
    expect((await get(accountUrl(parent, '/balance/INR'), child)).statusCode).toBe(404);
    expect((await get(accountUrl(sibling, '/numbers'), child)).statusCode).toBe(404);
    expect((await get(subAccountsUrl(child), child)).statusCode).toBe(403);
  });

  it('a wrong token is 401; a disabled sub-account is 403 until enabled again', async () => {
    const wrong = await t.current.app.inject({
      url: accountUrl(child, '/numbers'), headers: { 'x-auth-id': child.authId, 'x-auth-token': 'nope' },
    });
    expect(wrong.statusCode).toBe(401);
    const paused = await createSubAccount(t.current.app, parent, { enabled: false });
    expect((await get(accountUrl(paused, '/numbers'), paused)).statusCode).toBe(403);
    const enable = await t.current.app.inject({
      method: 'PUT', url: subAccountsUrl(parent, `/${paused.authId}`), headers: authHeaders(parent),
      payload: { enabled: true },
    });
    expect(enable.statusCode).toBe(200);
    expect((await get(accountUrl(paused, '/numbers'), paused)).statusCode).toBe(200);
  });
});

describe('delete', () => {
  it('revokes the credentials at once and returns its numbers to the parent\'s pool', async () => {
    const doomed = await createSubAccount(t.current.app, parent);
    const e164 = await stockNumber(t.current.app, { setup_fee: '1.00', monthly_fee: '1.00' });
    expect((await purchase(t.current.app, doomed, e164)).statusCode).toBe(200);
    // Warm the credential cache: the revocation must not wait for its TTL.
    expect((await get(accountUrl(doomed, '/numbers'), doomed)).statusCode).toBe(200);
    const deleted = await t.current.app.inject({
      method: 'DELETE', url: subAccountsUrl(parent, `/${doomed.authId}`), headers: authHeaders(parent),
    });
    expect(deleted.statusCode).toBe(200);
    expect((await get(accountUrl(doomed, '/numbers'), doomed)).statusCode).toBe(401);
    expect((await get(accountUrl(doomed, '/balance/INR'), doomed)).statusCode).toBe(401);
    const mine = await get(accountUrl(parent, `/numbers?search=${numberPath(e164).slice(3)}`), parent);
    expect(mine.json().items).toEqual([expect.objectContaining({ e164, sub_account_id: null })]);
  });
});
