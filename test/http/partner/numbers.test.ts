/** The partner's read-only number views (vobiz-api.md 1.7). */
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../support/app';
import { authHeaders, createPartner } from '../../support/factories';
import { fundedCustomer, purchase, stockNumber } from '../../support/numbers';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const t = useTestApp();

async function setUp() {
  const { app } = t.current;
  const partner = await createPartner(app);
  const alice = await fundedCustomer(app, '3000', partner);
  const bob = await fundedCustomer(app, '3000', partner);
  const numbers: string[] = [];
  for (const buyer of [alice, alice, bob]) {
    const e164 = await stockNumber(app);
    expect((await purchase(app, buyer, e164)).statusCode).toBe(200);
    numbers.push(e164);
  }
  const outsider = await fundedCustomer(app, '3000');
  const outsiders = await stockNumber(app);
  expect((await purchase(app, outsider, outsiders)).statusCode).toBe(200);
  return { partner, alice, bob, outsider, numbers, outsiders };
}

describe('GET /api/v1/partner/accounts/{cid}/numbers and /numbers', () => {
  it("lists one customer's numbers and all customers' numbers, never another partner's", async () => {
    const { app } = t.current;
    const { partner, alice, bob, outsider, numbers, outsiders } = await setUp();
    const ofAlice = await app.inject({
      url: `/api/v1/partner/accounts/${alice.authId}/numbers`, headers: authHeaders(partner),
    });
    expect(ofAlice.statusCode, ofAlice.body).toBe(200);
    expect(ofAlice.json()).toMatchObject({ page: 1, per_page: 20, total: 2, account_auth_id: alice.authId });
    expect(ofAlice.json().items.map((item: { e164: string }) => item.e164).sort())
      .toEqual(numbers.slice(0, 2).sort());
    expect(ofAlice.json().items[0]).toMatchObject({
      account_id: alice.authId, status: 'active', source: 'inventory', suspension_reason: null,
    });
    const all = await app.inject({ url: '/api/v1/partner/numbers?per_page=100', headers: authHeaders(partner) });
    expect(all.json().total).toBe(3);
    const owners = all.json().items.map((item: { account_id: string }) => item.account_id);
    expect(new Set(owners)).toEqual(new Set([alice.authId, bob.authId]));
    expect(all.json().items.map((item: { e164: string }) => item.e164)).not.toContain(outsiders);

    const search = await app.inject({
      url: `/api/v1/partner/numbers?search=${encodeURIComponent(numbers[2]!)}`, headers: authHeaders(partner),
    });
    expect(search.json()).toMatchObject({ total: 1, items: [{ e164: numbers[2], account_id: bob.authId }] });
    const paged = await app.inject({ url: '/api/v1/partner/numbers?per_page=1&page=3', headers: authHeaders(partner) });
    expect(paged.json()).toMatchObject({ page: 3, per_page: 1, total: 3 });
    expect(paged.json().items).toHaveLength(1);

    const foreign = await app.inject({
      url: `/api/v1/partner/accounts/${outsider.authId}/numbers`, headers: authHeaders(partner),
    });
    expect(foreign.statusCode).toBe(404);
    const document = await openApiDocument(app);
    expectDocumented(document, 'GET', '/api/v1/partner/accounts/{cid}/numbers', ofAlice);
    expectDocumented(document, 'GET', '/api/v1/partner/numbers', all);
    expectDocumented(document, 'GET', '/api/v1/partner/accounts/{cid}/numbers', foreign);
  });

  it.each([
    ['per_page 101', '?per_page=101'],
    ['page 0', '?page=0'],
    ['a search with letters', '?search=abc'],
  ])('refuses %s with 422', async (_name, query) => {
    const partner = await createPartner(t.current.app);
    const response = await t.current.app.inject({
      url: `/api/v1/partner/numbers${query}`, headers: authHeaders(partner),
    });
    expect(response.statusCode).toBe(422);
  });
});
