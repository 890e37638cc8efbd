/**
 * `dialtone simulate` against a real listening server: calls go through ingestion in requests of
 * at most 10,000, a seed makes a run repeatable, bad arguments fail before any request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock';
import { useTestApp } from '../support/app';
import { pointCliAt, runCliInProcess } from '../support/cli';
import { CDR_TEST_NOW } from '../support/cdrs';
import { authHeaders, createCustomer, createPartner, type Credentials } from '../support/factories';

const t = useTestApp({ clock: manualClock(CDR_TEST_NOW) });
let restoreEnv: () => void;
let partner: Credentials;

beforeAll(async () => {
  restoreEnv = await pointCliAt(t.current.app);
  partner = await createPartner(t.current.app);
});

afterAll(() => {
  restoreEnv();
});

async function run(argv: string[]): Promise<string> {
  const result = await runCliInProcess(['simulate', ...argv]);
  if (result.code !== 0) throw new Error(`exit ${result.code}: ${result.stderr}`);
  return result.stdout;
}

describe('dialtone simulate', () => {
  it('sends large runs in requests of 10,000 and prints what was stored', async () => {
    const customer = await createCustomer(t.current.app, partner);
    const output = await run(['--account', customer.authId, '--calls', '12000', '--days', '3', '--seed', '5']);
    expect(output).toMatch(new RegExp(`^${customer.authId}: 12000 calls stored, 0 already there\\n`));
    expect(output).toMatch(/seed 5: charged 0\.00000 INR, unpaid [0-9.]+ INR\n {2}seed 6: /);
    const list = await t.current.app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}/cdrs?per_page=1`, headers: authHeaders(partner),
    });
    expect(list.json().pagination.total).toBe(12_000);
  });

  it('--json prints the API answer; the same seed again stores nothing new', async () => {
    const customer = await createCustomer(t.current.app, partner);
    const first = JSON.parse(await run(['--account', customer.authId, '--calls', '40', '--seed', '9', '--json']));
    expect(first).toMatchObject({ account_id: customer.authId, seed: 9, accepted: 40, duplicates: 0 });
    const again = JSON.parse(await run(['--account', customer.authId, '--calls', '40', '--seed', '9', '--json']));
    expect(again).toMatchObject({ accepted: 0, duplicates: 40 });
  });

  it('refuses missing or out-of-range arguments before calling the server', async () => {
    await expect(run(['--calls', '10'])).rejects.toThrow(/exit 2: .*required option '--account/);
    await expect(run(['--account', 'MA_ABCDEFGH'])).rejects.toThrow(/exit 2: .*'--calls <n>' not/);
    await expect(run(['--account', 'MA_ABCDEFGH', '--calls', '0']))
      .rejects.toThrow(/exit 2: .*--calls <n>' argument '0' is invalid. must be a whole number/);
    await expect(run(['--account', 'MA_ABCDEFGH', '--calls', '5', '--days', '400']))
      .rejects.toThrow(/exit 2: .*--days <n>' argument '400' is invalid/);
    await expect(run(['--account', 'MA_ZZZZZZZZ', '--calls', '5'])).rejects.toThrow(/exit 1: .*404/);
  });
});
