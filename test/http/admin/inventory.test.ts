/**
 * Operator inventory upload (POST /api/v1/admin/inventory/numbers): JSON arrays and text/csv,
 * all-or-nothing on bad rows, repeatable (known numbers are skipped, never overwritten).
 */
import { describe, expect, it } from 'vitest';
import { buildDemoInventory, DEMO_INVENTORY_SIZE } from '../../../src/domain/numbers/demo-inventory';
import { useTestApp } from '../../support/app';
import { authHeaders, createPartner, operatorHeaders } from '../../support/factories';
import { accountUrl, fundedCustomer, importRows, purchase, takeInventoryRows } from '../../support/numbers';
import { expectDocumented, openApiDocument } from '../../support/openapi';

const t = useTestApp();
const URL = '/api/v1/admin/inventory/numbers';

function upload(payload: string | object, contentType = 'application/json') {
  return t.current.app.inject({
    method: 'POST', url: URL, headers: { ...operatorHeaders, 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

async function stored(e164: string) {
  return t.current.database.handle.db.selectFrom('phone_numbers').selectAll()
    .where('e164', '=', e164).executeTakeFirst();
}

describe('POST /api/v1/admin/inventory/numbers', () => {
  it('imports a JSON array, and a repeat skips the known numbers', async () => {
    const rows = takeInventoryRows(3);
    const first = await upload(rows);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ imported: 3, skipped: 0, total: 3 });
    expect(await upload(rows).then((response) => response.json())).toEqual({ imported: 0, skipped: 3, total: 3 });
    expect(await stored(rows[0]!.e164)).toMatchObject({
      country: 'IN', region: rows[0]!.region, setup_fee: '499.00000', account_id: null, status: 'active',
    });
    expectDocumented(await openApiDocument(t.current.app), 'POST', URL, first);
  });

  it('takes fees as decimal text or JSON numbers, exactly', async () => {
    const [row] = takeInventoryRows(1);
    const { e164, country, region, capabilities, currency } = row!;
    const response = await upload(
      `[{"e164":"${e164}","country":"${country}","region":"${region}",` +
      `"capabilities":${JSON.stringify(capabilities)},"setup_fee":499,"monthly_fee":299.12345,` +
      `"currency":"${currency}"}]`,
    );
    expect(response.statusCode, response.body).toBe(200);
    expect(await stored(e164)).toMatchObject({ setup_fee: '499.00000', monthly_fee: '299.12345' });
  });

  it('defaults omitted capabilities to false, in JSON and in CSV', async () => {
    const [a, b, c] = takeInventoryRows(3);
    const { capabilities: _all, ...bare } = a!;
    const json = await upload([bare, { ...b!, capabilities: { voice: true } }]);
    expect(json.statusCode, json.body).toBe(200);
    expect(await stored(a!.e164)).toMatchObject({ can_voice: false, can_sms: false, can_mms: false, can_fax: false });
    expect(await stored(b!.e164)).toMatchObject({ can_voice: true, can_sms: false, can_fax: false });
    const csv = `e164,country,region,voice,setup_fee,monthly_fee,currency\n${c!.e164},IN,Pune,true,1,1,INR`;
    const fromCsv = await upload(csv, 'text/csv');
    expect(fromCsv.statusCode, fromCsv.body).toBe(200);
    expect(await stored(c!.e164)).toMatchObject({ can_voice: true, can_sms: false, can_mms: false });
  });

  it('imports text/csv with an optional provider column', async () => {
    const [a, b] = takeInventoryRows(2);
    const csv = [
      'e164,country,region,voice,sms,mms,fax,setup_fee,monthly_fee,currency,provider',
      `${a!.e164},IN,Mumbai,true,yes,0,false,599.00,349.00,INR,Airtel`,
      '',
      `${b!.e164},IN,"Pune, MH",1,0,0,1,399,199.5,INR,`,
    ].join('\r\n');
    const response = await upload(csv, 'text/csv');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ imported: 2, skipped: 0, total: 2 });
    expect(await stored(a!.e164)).toMatchObject({
      region: 'Mumbai', can_sms: true, can_fax: false, provider: 'Airtel', monthly_fee: '349.00000',
    });
    expect(await stored(b!.e164)).toMatchObject({ region: 'Pune, MH', can_fax: true, provider: null });
    const customer = await fundedCustomer(t.current.app, 0);
    const browse = await t.current.app.inject({
      url: accountUrl(customer, `/inventory/numbers?search=${encodeURIComponent(a!.e164)}`),
      headers: authHeaders(customer),
    });
    expect(browse.json().items[0]).toMatchObject({
      capabilities: { voice: true, sms: true, mms: false, fax: false }, provider: 'Airtel', region: 'Mumbai',
    });
  });

  it('refuses a CSV with bad rows entirely, naming each line', async () => {
    const [good, other] = takeInventoryRows(2);
    const csv = [
      'e164,country,region,voice,sms,mms,fax,setup_fee,monthly_fee,currency',
      `${good!.e164},IN,Delhi,true,false,false,false,599.00,349.00,INR`,
      '+1555,IN,Delhi,true,false,false,false,599.00,349.00,INR',
      `${other!.e164},IN,Delhi,maybe,false,false,false,-1,349.00,inr`,
      `${good!.e164},IN,Delhi,true,false,false,false,599.00,349.00,INR`,
    ].join('\n');
    const response = await upload(csv, 'text/csv');
    expect(response.statusCode).toBe(422);
    const details = response.json().details as { loc: string[]; msg: string }[];
    expect(details.map((detail) => detail.loc)).toEqual([
      ['body', 'line 3'], ['body', 'line 4'], ['body', 'line 5'],
    ]);
    expect(details[1]!.msg).toContain('voice must be true or false');
    expect(details[2]!.msg).toBe('duplicate of line 2');
    expect(await stored(good!.e164)).toBeUndefined();
  });

  it.each([
    ['an empty array', '[]', 'application/json'],
    ['an item without fees', '[{"e164":"+918047180001","country":"IN","capabilities":{"voice":true,"sms":false,"mms":false,"fax":false},"currency":"INR"}]', 'application/json'],
    ['a number of another country', '[{"e164":"+14155550100","country":"IN","capabilities":{"voice":true,"sms":false,"mms":false,"fax":false},"setup_fee":"1","monthly_fee":"1","currency":"INR"}]', 'application/json'],
    ['a CSV without a header', '+918047180001,IN,Delhi,true,false,false,false,1,1,INR', 'text/csv'],
    ['an empty CSV', 'e164,country,region,voice,sms,mms,fax,setup_fee,monthly_fee,currency\n', 'text/csv'],
    ['malformed JSON', '[{"e164":', 'application/json'],
  ])('refuses %s with 422', async (_name, body, contentType) => {
    const response = await upload(body, contentType);
    expect(response.statusCode, response.body).toBe(422);
    expect(response.json()).toMatchObject({ error: 'ValidationError', status_code: 422 });
  });

  it('never overwrites an owned number, and loads the demo inventory', async () => {
    const [row] = takeInventoryRows(1);
    await importRows(t.current.app, [row!]);
    const customer = await fundedCustomer(t.current.app, '1000');
    expect((await purchase(t.current.app, customer, row!.e164)).statusCode).toBe(200);
    const again = await upload([{ ...row!, setup_fee: '1.00' }]);
    expect(again.json()).toEqual({ imported: 0, skipped: 1, total: 1 });
    expect(await stored(row!.e164)).toMatchObject({ setup_fee: '499.00000' });
    const demo = await upload(buildDemoInventory());
    expect(demo.statusCode).toBe(200);
    expect(demo.json().total).toBe(DEMO_INVENTORY_SIZE);
    expect(demo.json().imported + demo.json().skipped).toBe(DEMO_INVENTORY_SIZE);
  });

  it('needs the operator token; text/csv is refused on every other route', async () => {
    const partner = await createPartner(t.current.app);
    const asPartner = await t.current.app.inject({
      method: 'POST', url: URL, headers: authHeaders(partner), payload: takeInventoryRows(1),
    });
    expect(asPartner.statusCode).toBe(401);
    expect((await t.current.app.inject({ method: 'POST', url: URL, payload: [] })).statusCode).toBe(401);
    const elsewhere = await t.current.app.inject({
      method: 'POST', url: '/api/v1/admin/partners',
      headers: { ...operatorHeaders, 'content-type': 'text/csv' }, payload: 'name,email\nx,y',
    });
    expect(elsewhere.statusCode).toBe(415);
  });
});
