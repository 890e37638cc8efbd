/**
 * The customer's numbers page over inject: its own numbers a page at a time (beside the
 * inventory's own pages, each list keeping the other's place), never more than one page of rows;
 * the inventory takes the API's filters, `exclude` included, with its message at the field.
 */
import { describe, expect, it } from 'vitest';
import { CONSOLE_PAGE_SIZE } from '../../src/limits';
import { useTestApp } from '../support/app';
import { ConsoleClient } from '../support/console';
import { customerWithNumbers, fundedCustomer, stockNumber } from '../support/numbers';

const t = useTestApp();

describe("the customer's numbers page", () => {
  it('pages through its own numbers and keeps the inventory page', async () => {
    const { customer, numbers } = await customerWithNumbers(t.current.app, CONSOLE_PAGE_SIZE + 1);
    const client = new ConsoleClient(t.current.app);
    await client.loginOk('customer', customer.authId, customer.token);
    const owned = (body: string) => {
      const section = /<h2>Your numbers<\/h2>([\s\S]*?)<\/section>/.exec(body)![1]!;
      return numbers.filter((e164) => section.includes(`<td>${e164}</td>`)).length;
    };
    const first = await client.get('/console/account/numbers?page=2');
    expect(first.statusCode).toBe(200);
    expect(owned(first.body)).toBe(CONSOLE_PAGE_SIZE);
    expect(first.body).toContain(`Page 1 of 2 (${CONSOLE_PAGE_SIZE + 1} in all)`);
    expect(first.body).toContain('href="/console/account/numbers?page=2&amp;owned_page=2"');
    const second = await client.get('/console/account/numbers?page=2&owned_page=2');
    expect(owned(second.body)).toBe(1);
    expect(second.body).toContain('aria-label="Pages of your numbers"');
    // The inventory's pager keeps the owned list's page.
    expect(second.body).toMatch(/href="\/console\/account\/numbers\?owned_page=2&amp;page=\d+"/);
    expect((await client.get('/console/account/numbers?owned_page=0')).statusCode).toBe(400);
  });

  it("leaves out the inventory's excluded prefixes, and says at the field when one is not digits",
    async () => {
      const customer = await fundedCustomer(t.current.app, '0');
      const [kept, left] = [await stockNumber(t.current.app), await stockNumber(t.current.app)];
      let common = 0;
      while (kept[common] === left[common]) common += 1;
      const client = new ConsoleClient(t.current.app);
      await client.loginOk('customer', customer.authId, customer.token);
      const digits = encodeURIComponent(kept.slice(1, common));
      const both = await client.get(`/console/account/numbers?search=${digits}`);
      expect(both.body).toContain(`Buy ${kept}`);
      expect(both.body).toContain(`Buy ${left}`);
      const filtered = await client.get(
        `/console/account/numbers?search=${digits}&exclude=${encodeURIComponent(`1,${left}`)}`);
      expect(filtered.statusCode).toBe(200);
      expect(filtered.body).toContain(`Buy ${kept}`);
      expect(filtered.body).not.toContain(`Buy ${left}`);
      const refused = await client.get('/console/account/numbers?exclude=91x');
      expect(refused.statusCode).toBe(422);
      expect(refused.body).toContain('each prefix must be digits, e.g. 9180');
      expect(refused.body).toMatch(/id="exclude"[^>]*aria-invalid="true"/);
    });
});
