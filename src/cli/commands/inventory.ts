/**
 * `dialtone inventory import FILE | --demo`: loads numbers into the purchasable inventory through
 * the operator API (POST /api/v1/admin/inventory/numbers). FILE is CSV (header e164,country,
 * region,voice,sms,mms,fax,setup_fee,monthly_fee,currency[,provider]) or a JSON array; --demo
 * loads the 200 built-in Indian demo numbers. Numbers already known are skipped, so running it
 * twice is harmless.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { buildDemoInventory } from '../../domain/numbers/demo-inventory';
import { parseInventoryCsv } from '../../domain/numbers/inventory-imports';
import { operatorClient } from '../api-client';
import { jsonOption, printResult, urlOption } from '../output';

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

interface ImportOptions { demo?: boolean; url?: string; json?: boolean }

async function importNumbers(file: string | undefined, options: ImportOptions): Promise<void> {
  const body = file === undefined ? JSON.stringify(buildDemoInventory()) : readUpload(file);
  const result = await operatorClient(options.url)
    .request('POST', '/api/v1/admin/inventory/numbers', body) as ImportResult;
  const source = file ?? 'the demo inventory';
  const skipped = result.skipped > 0
    ? ` (${result.skipped} already in inventory or owned, left unchanged)`
    : '';
  printResult(options.json, result, [
    `imported ${result.imported} of ${result.total} numbers from ${source}${skipped}`,
  ]);
}

export function inventoryCommand(): Command {
  const inventory = new Command('inventory')
    .description('the numbers customers can buy (needs a running server)');
  inventory.command('import')
    .description('load numbers into the inventory; numbers already known are skipped')
    .argument('[file]', 'CSV (header e164,country,region,voice,sms,mms,fax,setup_fee,'
      + 'monthly_fee,currency[,provider]) or a JSON array')
    .option('--demo', 'load the 200 built-in Indian demo numbers instead of FILE')
    .addOption(urlOption()).addOption(jsonOption())
    .action(async (file: string | undefined, options: ImportOptions, command: Command) => {
      if (Boolean(options.demo) === (file !== undefined)) command.error('error: give FILE or --demo');
      await importNumbers(file, options);
    });
  return inventory;
}
