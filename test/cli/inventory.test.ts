/**
 * `dialtone inventory import` against a real listening server: the demo inventory, CSV and
 * JSON files, and a CSV with errors that imports nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INVENTORY_SIZE } from '../../src/domain/numbers/demo-inventory';
import { useTestApp } from '../support/app';
import { pointCliAt, runCliInProcess } from '../support/cli';

const t = useTestApp();
let restoreEnv: () => void;
let directory: string;

beforeAll(async () => {
  restoreEnv = await pointCliAt(t.current.app);
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-inventory-'));
});

afterAll(() => {
  restoreEnv();
  fs.rmSync(directory, { recursive: true, force: true });
});

async function run(argv: string[]): Promise<string> {
  const result = await runCliInProcess(['inventory', ...argv]);
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

async function count(): Promise<number> {
  const row = await t.current.database.handle.db.selectFrom('phone_numbers')
    .select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

describe('dialtone inventory import', () => {
  it('--demo loads the demo inventory once; running it again skips every number', async () => {
    const first = JSON.parse(await run(['import', '--demo', '--json']));
    expect(first).toEqual({ imported: DEMO_INVENTORY_SIZE, skipped: 0, total: DEMO_INVENTORY_SIZE });
    const again = await run(['import', '--demo']);
    expect(again).toBe(`imported 0 of ${DEMO_INVENTORY_SIZE} numbers from the demo inventory ` +
      `(${DEMO_INVENTORY_SIZE} already in inventory or owned, left unchanged)\n`);
    expect(await count()).toBe(DEMO_INVENTORY_SIZE);
  });

  it('imports a CSV file and a JSON file', async () => {
    const csv = path.join(directory, 'numbers.csv');
    fs.writeFileSync(csv, 'e164,country,region,voice,sms,mms,fax,setup_fee,monthly_fee,currency\n'
      + '+919845012345,IN,Bengaluru,true,true,false,false,999.00,499.00,INR\n');
    expect(await run(['import', csv])).toBe(`imported 1 of 1 numbers from ${csv}\n`);
    const json = path.join(directory, 'numbers.json');
    fs.writeFileSync(json, JSON.stringify([{
      e164: '+919845012346', country: 'IN', region: 'Bengaluru',
      capabilities: { voice: true, sms: true, mms: false, fax: false },
      setup_fee: '999.00', monthly_fee: '499.00', currency: 'INR',
    }]));
    expect(await run(['import', json])).toBe(`imported 1 of 1 numbers from ${json}\n`);
  });

  it('a CSV with errors names the lines and imports nothing', async () => {
    const before = await count();
    const csv = path.join(directory, 'broken.csv');
    fs.writeFileSync(csv, 'e164,country,region,voice,sms,mms,fax,setup_fee,monthly_fee,currency\n'
      + '+919845012399,IN,Bengaluru,true,false,false,false,1.00,1.00,INR\n'
      + 'not-a-number,IN,Bengaluru,true,false,false,false,1.00,1.00,INR\n');
    await expect(run(['import', csv])).rejects.toThrow(/line 3: e164 must be an E\.164 number/);
    expect(await count()).toBe(before);
  });

  it('needs exactly one of FILE and --demo: usage, exit 2', async () => {
    for (const argv of [['import'], ['import', 'x.csv', '--demo'], ['list']]) {
      const result = await runCliInProcess(['inventory', ...argv]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/Usage: dialtone inventory/);
    }
  });
});
