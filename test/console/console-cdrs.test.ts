/**
 * CDR pages in the console: the customer's own list, detail and CSV, and the partner's view of
 * one customer; another tenant's customer or call is the 404 page; a hostile caller name is
 * text in the page and stays inside a CSV attachment.
 */
import { describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock';
import { useTestApp } from '../support/app';
import { CDR_TEST_NOW, cdrRow, fundCustomer, ingestOk } from '../support/cdrs';
import { ConsoleClient } from '../support/console';
import { createCustomer, createPartner } from '../support/factories';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
const HOSTILE = '<script>alert(1)</script>';

async function customerWithCalls() {
  const partner = await createPartner(t.current.app);
  const customer = await createCustomer(t.current.app, partner);
  await fundCustomer(t.current.app, partner, customer, '100.00');
  const hostile = cdrRow({ account: customer, caller_id_name: HOSTILE });
  await ingestOk(t.current.app, [hostile, cdrRow({ account: customer, talk: null })]);
  return { partner, customer, uuid: hostile.uuid as string };
}

describe('console CDR pages', () => {
  it("shows the customer's calls, one call's details and a CSV of the same filters", async () => {
    const { customer, uuid } = await customerWithCalls();
    const client = new ConsoleClient(t.current.app);
    await client.loginOk('customer', customer.authId, customer.token);
    const list = await client.get('/console/account/cdrs?start_date=2026-07-01&end_date=2026-07-20');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('2 calls');
    expect(list.body).toContain('id="usage-chart"');
    const detail = await client.get(`/console/account/cdrs/${uuid}`);
    expect(detail.body).not.toContain(HOSTILE);
    expect(detail.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const csv = await client.get('/console/account/cdrs.csv?status=answered');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment;/);
    expect(csv.headers['x-content-type-options']).toBe('nosniff');
    expect(csv.body.trim().split('\n')).toHaveLength(2);
    const half = await client.get('/console/account/cdrs?start_date=2026-07-01');
    expect(half.statusCode).toBe(422);
  });

  it("lets a partner read its customer's calls, and no one else's", async () => {
    const { partner, customer, uuid } = await customerWithCalls();
    const client = new ConsoleClient(t.current.app);
    await client.loginOk('partner', partner.authId, partner.token);
    const list = await client.get(`/console/partner/customers/${customer.authId}/cdrs`);
    expect(list.statusCode).toBe(200);
    const detail = await client.get(`/console/partner/customers/${customer.authId}/cdrs/${uuid}`);
    expect(detail.statusCode, detail.body.slice(-600)).toBe(200);

    const stranger = await createPartner(t.current.app);
    const other = new ConsoleClient(t.current.app);
    await other.loginOk('partner', stranger.authId, stranger.token);
    for (const url of ['cdrs', 'cdrs.csv', `cdrs/${uuid}`]) {
      expect((await other.get(`/console/partner/customers/${customer.authId}/${url}`)).statusCode).toBe(404);
    }
    const otherCustomer = await createCustomer(t.current.app, stranger);
    const own = new ConsoleClient(t.current.app);
    await own.loginOk('customer', otherCustomer.authId, otherCustomer.token);
    expect((await own.get(`/console/account/cdrs/${uuid}`)).statusCode).toBe(404);
  });
});
