/**
 * The operator's console: creating a partner (its token shown once), a credit that runs once per
 * form, deactivation signing the partner's console out, the inventory import's per-row report,
 * and system health; and that no one else reaches these pages.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useTestApp } from '../support/app';
import { ConsoleClient } from '../support/console';
import { authHeaders, createPartner } from '../support/factories';
import { inventoryCsv, takeInventoryRows } from '../support/numbers';
import { CONSOLE_INVENTORY_FILE_BYTES_MAX } from '../../src/limits';

const t = useTestApp();

async function operator() {
  const client = new ConsoleClient(t.current.app);
  await client.loginOk('operator', '', ADMIN_TOKEN);
  return client;
}

async function inventoryCount(e164s: string[]): Promise<number> {
  const rows = await t.current.database.handle.db.selectFrom('phone_numbers').select('e164')
    .where('e164', 'in', e164s).execute();
  return rows.length;
}

describe('operator console', () => {
  it('creates a partner and credits it once however often the form is sent', async () => {
    const client = await operator();
    await client.get('/console/operator');
    const made = await client.post('/console/operator/partners', { name: 'Acme Voice', email: 'ops@acme.test' });
    expect(made.statusCode).toBe(201);
    const authId = /(PA_[A-Z0-9]{8})/.exec(made.body)![1]!;
    const token = /id="partner-token">([^<]+)</.exec(made.body)![1]!;
    const key = /name="idempotency_key" value="([^"]+)"/.exec(made.body)![1]!;
    const credit = () => client.post(`/console/operator/partners/${authId}/credit`, {
      idempotency_key: key.replace(/PA_[A-Z0-9]{8}$/, authId), amount: '250.25',
    });
    const answers = await Promise.all([credit(), credit()]);
    expect(answers.map((answer) => answer.statusCode)).toEqual([303, 303]);
    const me = await t.current.app.inject({ url: '/api/v1/partner/me', headers: authHeaders({ authId, token }) });
    expect(me.json().balance).toBe('250.25000');

    const partner = new ConsoleClient(t.current.app);
    await partner.loginOk('partner', authId, token);
    await client.get('/console/operator');
    expect((await client.post(`/console/operator/partners/${authId}/deactivate`)).statusCode).toBe(303);
    expect((await partner.get('/console/partner')).headers.location).toBe('/console/login');
  });

  it('imports an uploaded CSV file, and reports each bad row without importing any', async () => {
    const client = await operator();
    const page = await client.get('/console/operator/inventory');
    expect(page.body).toContain('enctype="multipart/form-data"');
    const rows = takeInventoryRows(2);
    const upload = (content: string) => client.postFile('/console/operator/inventory',
      { field: 'file', name: 'numbers.csv', content });
    const bad = `${inventoryCsv(rows)}\n+91123,IN,KA,true,true,false,false,1.00,abc,INR`;
    const refused = await upload(bad);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/<li>line 4: [^<]+<\/li>/);
    expect(await inventoryCount(rows.map((row) => row.e164))).toBe(0);
    const imported = await upload(inventoryCsv(rows));
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toContain('2 numbers\nimported');
    expect(await inventoryCount(rows.map((row) => row.e164))).toBe(2);
    const empty = await upload('');
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toMatch(/<li>line 1: the first line must be a header[^<]*<\/li>/);
    const health = await client.get('/console/operator/health');
    expect(health.body).toMatch(/id="database-size">\d+\.\d</);
  });

  it('refuses a file past the size limit, an upload without the CSRF token, and form bodies',
    async () => {
      const client = await operator();
      await client.get('/console/operator/inventory');
      const rows = takeInventoryRows(1);
      const oversized = `${inventoryCsv(rows)}\n`.padEnd(CONSOLE_INVENTORY_FILE_BYTES_MAX + 1, ' ');
      const tooLarge = await client.postFile('/console/operator/inventory',
        { field: 'file', name: 'big.csv', content: oversized });
      expect(tooLarge.statusCode).toBe(413);
      expect(tooLarge.body).toContain('The file is larger than 2 MiB.');
      const forged = await client.postFile('/console/operator/inventory',
        { field: 'file', name: 'numbers.csv', content: inventoryCsv(rows) }, 'forged');
      expect(forged.statusCode).toBe(403);
      const typed = await client.post('/console/operator/inventory', { file: inventoryCsv(rows) });
      expect(typed.statusCode).toBe(415);
      expect(await inventoryCount(rows.map((row) => row.e164))).toBe(0);
    });

  it('keeps partners out of the operator area', async () => {
    const partner = await createPartner(t.current.app);
    const client = new ConsoleClient(t.current.app);
    await client.loginOk('partner', partner.authId, partner.token);
    expect((await client.get('/console/operator')).statusCode).toBe(404);
    expect((await client.post('/console/operator/partners', { name: 'x', email: 'x@x.test' })).statusCode).toBe(404);
  });
});
