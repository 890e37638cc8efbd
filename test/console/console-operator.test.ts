/**
 * The operator's console: creating a partner (its token shown once), a credit that runs once per
 * form, deactivation signing the partner's console out, the inventory import's per-row report,
 * and system health; and that no one else reaches these pages.
 */
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, useTestApp } from '../support/app';
import { ConsoleClient } from '../support/console';
import { authHeaders, createPartner } from '../support/factories';
import { takeInventoryRows } from '../support/numbers';
import { INVENTORY_CSV_COLUMNS } from '../../src/domain/numbers/inventory-imports';

const t = useTestApp();

async function operator() {
  const client = new ConsoleClient(t.current.app);
  await client.loginOk('operator', '', ADMIN_TOKEN);
  return client;
}

const csvOf = (rows: ReturnType<typeof takeInventoryRows>) => [
  `${INVENTORY_CSV_COLUMNS.join(',')}`,
  ...rows.map((row) => [row.e164, row.country, row.region, 'true', 'true', 'false', 'false', row.setup_fee,
    row.monthly_fee, row.currency].join(',')),
].join('\n');

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

  it('imports numbers from CSV, and reports each bad row without importing any', async () => {
    const client = await operator();
    await client.get('/console/operator/inventory');
    const rows = takeInventoryRows(2);
    const bad = `${csvOf(rows)}\n+91123,IN,KA,true,true,false,false,1.00,abc,INR`;
    const refused = await client.post('/console/operator/inventory', { csv: bad });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toMatch(/<li>line 4: [^<]+<\/li>/);
    const imported = await client.post('/console/operator/inventory', { csv: csvOf(rows) });
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toContain('2 numbers imported');
    const health = await client.get('/console/operator/health');
    expect(health.body).toMatch(/id="database-size">\d+\.\d</);
  });

  it('keeps partners out of the operator area', async () => {
    const partner = await createPartner(t.current.app);
    const client = new ConsoleClient(t.current.app);
    await client.loginOk('partner', partner.authId, partner.token);
    expect((await client.get('/console/operator')).statusCode).toBe(404);
    expect((await client.post('/console/operator/partners', { name: 'x', email: 'x@x.test' })).statusCode).toBe(404);
  });
});
