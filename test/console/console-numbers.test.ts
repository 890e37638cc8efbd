/**
 * The customer's numbers page over inject: its own numbers a page at a time (beside the
 * inventory's own pages, each list keeping the other's place), never more than one page of rows.
 */
import { describe, expect, it } from 'vitest';
import { CONSOLE_PAGE_SIZE } from '../../src/limits';
import { useTestApp } from '../support/app';
import { ConsoleClient } from '../support/console';
import { customerWithNumbers } from '../support/numbers';

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
});
