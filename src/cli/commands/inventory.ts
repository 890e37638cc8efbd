/**
 * `dialtone inventory import FILE | --demo`: loads numbers into the purchasable inventory through
 * the operator API (POST /api/v1/admin/inventory/numbers). FILE is CSV (header e164,country,
 * region,voice,sms,mms,fax,setup_fee,monthly_fee,currency[,provider]) or a JSON array; --demo
 * loads the 200 built-in Indian demo numbers. Numbers already known are skipped, so running it
 * twice is harmless.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildDemoInventory } from '../../domain/numbers/demo-inventory';
import { parseInventoryCsv } from '../../domain/numbers/inventory-imports';
import { operatorClient } from '../api-client';
import { printResult, type Command } from '../output';

const USAGE = 'usage: dialtone inventory import FILE.csv|FILE.json | --demo [--json]';

interface ImportResult {
  imported: number;
  skipped: number;
  total: number;
}

/**
 * The request body for FILE. JSON is sent as the file's own text, so fees written as decimals
 * are never rounded through a double. CSV is checked here with the server's own parser (errors
 * name their lines) and sent as JSON rows, because the API client speaks JSON.
 */
function readUpload(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  if (path.extname(file).toLowerCase() === '.json') return text;
  const parsed = parseInventoryCsv(text);
  if (parsed.errors.length > 0) {
    const lines = parsed.errors.map((error) => `  line ${error.line}: ${error.message}`);
    throw new Error(`${file} has errors; nothing was imported:\n${lines.join('\n')}`);
  }
  return JSON.stringify(parsed.rows);
}

async function importNumbers(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const file = positionals[0];
  if (values.demo === (file !== undefined)) throw new Error(USAGE);
  const body = file === undefined ? JSON.stringify(buildDemoInventory()) : readUpload(file);
  const result = await operatorClient()
    .request('POST', '/api/v1/admin/inventory/numbers', body) as ImportResult;
  const source = file ?? 'the demo inventory';
  const skipped = result.skipped > 0
    ? ` (${result.skipped} already in inventory or owned, left unchanged)`
    : '';
  printResult(values.json, result, [
    `imported ${result.imported} of ${result.total} numbers from ${source}${skipped}`,
  ]);
}

export const inventoryCommand: Command = {
  name: 'inventory',
  summary: 'inventory import FILE|--demo: load numbers customers can buy (needs a running server)',
  async run(argv) {
    const [action, ...rest] = argv;
    if (action !== 'import') throw new Error(USAGE);
    await importNumbers(rest);
  },
};
