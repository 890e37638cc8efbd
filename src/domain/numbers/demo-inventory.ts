/**
 * A demo inventory of 200 Indian numbers, so a fresh install has something to search and buy.
 * Deterministic (no randomness, no clock): the same numbers on every install and in every test,
 * and re-seeding is idempotent when the inserting query skips existing e164 values.
 *
 * Numbers are shaped like real allocations (city code + an exchange block + 4 digits) and valid
 * per libphonenumber-js, but the blocks are picked by us: they are demo data, never routed.
 * Fees follow the Indian market's shape: metro landlines cost more than tier-2 cities, virtual
 * mobile numbers more again (they carry SMS), toll-free the most.
 */
import assert from 'node:assert/strict';
import type { InventoryCapabilities, InventoryRow } from './inventory-imports';

interface DemoBlock {
  region: string;
  /** Everything after +91 but the last 4 digits: the city code and an exchange block. */
  prefix: string;
  count: number;
  setupFee: string;
  monthlyFee: string;
  kind: 'landline' | 'mobile' | 'toll_free';
}

function block(
  kind: DemoBlock['kind'],
  region: string,
  prefix: string,
  count: number,
  [setupFee, monthlyFee]: [string, string],
): DemoBlock {
  return { kind, region, prefix, count, setupFee, monthlyFee };
}

const DEMO_BLOCKS: readonly DemoBlock[] = [
  block('landline', 'Bengaluru', '804718', 30, ['499.00', '299.00']),
  block('landline', 'Mumbai', '226120', 30, ['599.00', '349.00']),
  block('landline', 'Delhi', '114155', 30, ['599.00', '349.00']),
  block('landline', 'Chennai', '444631', 20, ['449.00', '249.00']),
  block('landline', 'Hyderabad', '404520', 20, ['449.00', '249.00']),
  block('landline', 'Kolkata', '334060', 15, ['399.00', '249.00']),
  block('landline', 'Pune', '206730', 15, ['399.00', '199.00']),
  block('landline', 'Ahmedabad', '794890', 10, ['349.00', '199.00']),
  block('mobile', 'Pan India', '742801', 20, ['999.00', '499.00']),
  block('toll_free', 'Pan India', '1800419', 10, ['2999.00', '999.00']),
];

/** Carriers the demo numbers claim to come from; rotated so filters on provider have data. */
const DEMO_PROVIDERS = ['Tata Communications', 'Airtel', 'Vodafone Idea', 'Jio'] as const;

/**
 * Spreads the last 4 digits over 0000-9999 instead of counting 0000, 0001...: 7919 is prime and
 * coprime with 10 000, so i * 7919 mod 10 000 never repeats within a block.
 */
const SUFFIX_STRIDE = 7_919;
const SUFFIX_OFFSET = 1_234;
const SUFFIX_SPACE = 10_000;

export const DEMO_INVENTORY_SIZE = 200;

function capabilitiesOf(kind: DemoBlock['kind'], index: number): InventoryCapabilities {
  if (kind === 'mobile') return { voice: true, sms: true, mms: false, fax: false };
  if (kind === 'toll_free') return { voice: true, sms: false, mms: false, fax: false };
  // Some landlines keep a fax line: a few customers still need one, and the flag needs data.
  return { voice: true, sms: false, mms: false, fax: index % 5 === 0 };
}

/** The demo numbers, in block order; a fresh copy on each call, so callers may change it. */
export function buildDemoInventory(): InventoryRow[] {
  const rows: InventoryRow[] = [];
  for (const block of DEMO_BLOCKS) {
    for (let index = 0; index < block.count; index += 1) {
      const suffix = (index * SUFFIX_STRIDE + SUFFIX_OFFSET) % SUFFIX_SPACE;
      rows.push({
        e164: `+91${block.prefix}${String(suffix).padStart(4, '0')}`,
        country: 'IN',
        region: block.region,
        capabilities: capabilitiesOf(block.kind, index),
        setup_fee: block.setupFee,
        monthly_fee: block.monthlyFee,
        currency: 'INR',
        provider: DEMO_PROVIDERS[rows.length % DEMO_PROVIDERS.length]!,
      });
    }
  }
  assert.equal(rows.length, DEMO_INVENTORY_SIZE, 'the demo blocks add up to the demo size');
  return rows;
}
