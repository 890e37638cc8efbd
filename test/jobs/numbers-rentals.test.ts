/**
 * Monthly number rental as a durable job: charged once per period through the ledger, even when
 * the job runs twice, concurrently, or in a restarted worker; missed periods are caught up;
 * a wallet that cannot pay suspends the number (visible to the partner) instead of releasing it.
 * Time is a manual clock shared by the app and the job.
 */
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../src/domain/clock';
import { findLedgerViolations, isLedgerSound } from '../../src/domain/ledger/invariants';
import { chargeDueRentals } from '../../src/domain/numbers/rentals';
import { numbersRentalsCharge } from '../../src/jobs/tasks/numbers-rentals-charge';
import { useTestApp } from '../support/app';
import { runCronTaskOnce } from '../support/jobs';
import { authHeaders, transfer, type Credentials } from '../support/factories';
import { fundedCustomer, purchase, stockNumber, walletBalance } from '../support/numbers';

const clock = manualClock(new Date('2026-01-31T10:00:00.000Z'));
const t = useTestApp({ clock });

afterEach(async () => {
  expect(isLedgerSound(await findLedgerViolations(t.current.database.handle.db))).toBe(true);
});

/** One worker lifetime: enqueue the job as cron would, run until the queue is empty, stop. */
async function runWorkerOnce(): Promise<void> {
  const { handle } = t.current.database;
  await runCronTaskOnce(handle, 'numbers_rentals_charge', { numbers_rentals_charge: numbersRentalsCharge(handle.db, clock) });
}

async function buyNumber(balance: string, monthlyFee = '299.00') {
  const { app } = t.current;
  const customer = await fundedCustomer(app, balance);
  const e164 = await stockNumber(app, { setup_fee: '499.00', monthly_fee: monthlyFee });
  const bought = await purchase(app, customer, e164);
  expect(bought.statusCode, bought.body).toBe(200);
  return { customer, e164 };
}

async function numberRow(e164: string) {
  return t.current.database.handle.db.selectFrom('phone_numbers').selectAll()
    .where('e164', '=', e164).executeTakeFirstOrThrow();
}

async function rentalCharges(customer: Credentials) {
  const response = await t.current.app.inject({
    url: `/api/v1/Account/${customer.authId}/transactions?per_page=200`, headers: authHeaders(customer),
  });
  return response.json().transactions
    .filter((row: { reference: string }) => row.reference?.startsWith('number_rental:'));
}

describe('numbers_rentals_charge', () => {
  it('charges monthly_fee once per period, across repeated runs and a worker restart', async () => {
    clock.set(new Date('2026-01-31T10:00:00.000Z'));
    const { customer, e164 } = await buyNumber('2000');
    expect(await walletBalance(t.current.app, customer)).toBe('1202.00000');

    clock.set(new Date('2026-02-28T09:59:59.999Z'));
    await runWorkerOnce();
    expect(await walletBalance(t.current.app, customer)).toBe('1202.00000');

    clock.set(new Date('2026-02-28T10:00:00.000Z'));
    await runWorkerOnce();
    expect(await walletBalance(t.current.app, customer)).toBe('903.00000');
    await runWorkerOnce();
    await runWorkerOnce();
    expect(await walletBalance(t.current.app, customer)).toBe('903.00000');
    expect(await rentalCharges(customer)).toHaveLength(1);
    expect(await numberRow(e164)).toMatchObject({
      status: 'active',
      billing_periods_paid: 2,
      last_billing_date: new Date('2026-02-28T10:00:00.000Z'),
      // Anchored on the purchase day: back to the 31st after February.
      next_billing_date: new Date('2026-03-31T10:00:00.000Z'),
    });
  });

  it('concurrent runs charge a due period exactly once', async () => {
    clock.set(new Date('2026-04-01T00:00:00.000Z'));
    const { customer } = await buyNumber('1000', '100.00');
    clock.set(new Date('2026-05-01T00:00:00.000Z'));
    const { db } = t.current.database.handle;
    await Promise.all(Array.from({ length: 4 }, () => chargeDueRentals(db, clock())));
    await Promise.all([runWorkerOnce(), chargeDueRentals(db, clock())]);
    expect(await walletBalance(t.current.app, customer)).toBe('301.00000');
    expect(await rentalCharges(customer)).toHaveLength(1);
  });

  it('catches up every missed period in one run', async () => {
    clock.set(new Date('2026-01-15T12:00:00.000Z'));
    const { customer, e164 } = await buyNumber('2000', '100.00');
    clock.set(new Date('2026-04-20T00:00:00.000Z'));
    await runWorkerOnce();
    expect(await walletBalance(t.current.app, customer)).toBe('1101.00000');
    expect(await rentalCharges(customer)).toHaveLength(3);
    expect(await numberRow(e164)).toMatchObject({
      billing_periods_paid: 4,
      last_billing_date: new Date('2026-04-15T12:00:00.000Z'),
      next_billing_date: new Date('2026-05-15T12:00:00.000Z'),
    });
  });

  it('suspends a number its wallet cannot pay, shows why to the partner, and resumes once funded', async () => {
    const { app } = t.current;
    clock.set(new Date('2026-06-01T09:00:00.000Z'));
    const { customer, e164 } = await buyNumber('798.00');
    expect(await walletBalance(app, customer)).toBe('0.00000');
    clock.set(new Date('2026-07-01T09:00:00.000Z'));
    await runWorkerOnce();
    await runWorkerOnce();
    const suspended = await numberRow(e164);
    expect(suspended).toMatchObject({
      status: 'suspended', account_id: expect.any(String), billing_periods_paid: 1,
      suspended_at: new Date('2026-07-01T09:00:00.000Z'),
      next_billing_date: new Date('2026-07-01T09:00:00.000Z'),
    });
    expect(suspended.suspension_reason).toBe('Monthly rental of 299.00 INR due 2026-07-01 could not '
      + 'be charged: insufficient wallet balance. The number is kept and retried; add funds to resume.');
    const partnerView = await app.inject({
      url: `/api/v1/partner/accounts/${customer.authId}/numbers`, headers: authHeaders(customer.partner),
    });
    expect(partnerView.json().items).toEqual([expect.objectContaining({
      e164, status: 'suspended', suspension_reason: suspended.suspension_reason,
    })]);
    expect(await rentalCharges(customer)).toHaveLength(0);

    await app.inject({ method: 'POST', url: `/api/v1/admin/partners/${customer.partner.authId}/credit`,
      headers: { authorization: 'Bearer test-operator-token' }, payload: { amount: 299 } });
    expect((await transfer(app, customer.partner, customer, 299)).statusCode).toBe(200);
    clock.advance(60_000);
    await runWorkerOnce();
    expect(await numberRow(e164)).toMatchObject({
      status: 'active', suspension_reason: null, suspended_at: null, billing_periods_paid: 2,
      next_billing_date: new Date('2026-08-01T09:00:00.000Z'),
    });
    expect(await walletBalance(app, customer)).toBe('0.00000');
  });

  it('the database refuses a second rental charge with the same period reference', async () => {
    const { db } = t.current.database.handle;
    const partner = await db.selectFrom('partners').select('id').executeTakeFirstOrThrow();
    const rental = (transactionId: string) => ({
      transaction_id: transactionId, type: 'debit' as const, reference_type: 'number_rental',
      reference: 'number_rental:x:2026-01-01T00:00:00.000Z', partner_id: partner.id,
    });
    // Both rows in one transaction that rolls back, so the ledger is left as it was.
    const twice = db.transaction().execute(async (trx) => {
      await trx.insertInto('ledger_transactions').values(rental('txn_dup000000001')).execute();
      await trx.insertInto('ledger_transactions').values(rental('txn_dup000000002')).execute();
    });
    await expect(twice).rejects.toMatchObject({ constraint: 'ledger_transactions_number_rental_once' });
  });
});
