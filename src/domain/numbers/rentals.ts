/**
 * Monthly rental of owned numbers. A number's period is a calendar month from its purchase; the
 * first is paid at purchase, each later one on its next_billing_date, by the rental job.
 *
 * Exactly once per period, even when the job runs twice, concurrently or after a crash: a
 * number is charged in its own transaction that locks its row (SKIP LOCKED), re-checks that
 * the period is still due, debits the wallet and advances next_billing_date with a conditional
 * UPDATE (`where next_billing_date = <the period charged>`). A crash before the commit leaves
 * nothing; after it, the period is no longer due. The ledger reference `number_rental:<id>:<period
 * start>` is unique for rentals (migration 0020), the same rule held a second time.
 *
 * A wallet that cannot pay suspends the number (status suspended, suspension_reason set for the
 * customer and its partner to see); it is not released. Every run retries suspended numbers, so
 * the number comes back by itself once the wallet is topped up, with the missed periods charged.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { Database, DatabaseTransaction } from '../../db/database';
import { NUMBER_JOB_BATCHES_PER_RUN_MAX, NUMBER_JOB_BATCH_SIZE } from '../../limits';
import { postAccountCharge } from '../ledger/postings';
import { DomainError } from '../errors';
import { parseMoney, roundMoneyText } from '../money';
import { monthsAfter } from './numbers.queries';

export interface RentalRun {
  /** Periods charged (a number behind by two periods counts twice). */
  charged: number;
  /** Numbers whose wallet could not pay a period. */
  suspended: number;
}

/**
 * Job: charges every period due by `now`. Walks the due numbers in (next_billing_date, id)
 * order with a cursor, so a number that stays due (suspended) is tried once per run, while one
 * charged and still behind is met again further on and charged its next period.
 */
export async function chargeDueRentals(db: Database, now: Date): Promise<RentalRun> {
  const run: RentalRun = { charged: 0, suspended: 0 };
  let cursor: { due: Date; id: string } | undefined;
  for (let batch = 0; batch < NUMBER_JOB_BATCHES_PER_RUN_MAX; batch += 1) {
    let query = db.selectFrom('phone_numbers').select(['id', 'next_billing_date'])
      .where('status', 'in', ['active', 'suspended'])
      .where('next_billing_date', '<=', now);
    if (cursor) {
      query = query.where(sql<boolean>`(next_billing_date, id) > (${cursor.due}, ${cursor.id})`);
    }
    const due = await query.orderBy('next_billing_date').orderBy('id')
      .limit(NUMBER_JOB_BATCH_SIZE).execute();
    for (const number of due) {
      const outcome = await chargeOnePeriod(db, number.id, now);
      if (outcome === 'charged') run.charged += 1;
      if (outcome === 'suspended') run.suspended += 1;
    }
    // Not "fewer than a batch, so done": a number charged here may still be behind, due again
    // past the cursor. Every pass moves the cursor forward, so the walk ends.
    const last = due[due.length - 1];
    if (!last) break;
    cursor = { due: last.next_billing_date!, id: last.id };
  }
  return run;
}

type Outcome = 'charged' | 'suspended' | 'skipped';

/** One period of one number, in its own transaction (one poor wallet never blocks the rest). */
async function chargeOnePeriod(db: Database, numberId: string, now: Date): Promise<Outcome> {
  return db.transaction().execute(async (trx) => {
    const number = await trx
      .selectFrom('phone_numbers as n')
      .innerJoin('accounts as a', 'a.id', 'n.account_id')
      .select([
        'n.id', 'n.e164', 'n.monthly_fee', 'n.currency', 'n.next_billing_date', 'n.account_id',
        'a.partner_id',
      ])
      .where('n.id', '=', numberId)
      .where('n.status', 'in', ['active', 'suspended'])
      .where('n.next_billing_date', '<=', now)
      .forUpdate('n').skipLocked()
      .executeTakeFirst();
    // Locked by another run, released or already charged meanwhile: nothing due here.
    if (!number) return 'skipped';
    const periodStart = number.next_billing_date!;
    if (parseMoney(number.monthly_fee)! > 0n) {
      const paid = await tryCharge(trx, { ...number, accountId: number.account_id!, periodStart });
      if (!paid) {
        await suspend(trx, number.id, now, suspensionReason(number, periodStart));
        return 'suspended';
      }
    }
    const advanced = await trx.updateTable('phone_numbers')
      .set({
        billing_periods_paid: sql<number>`billing_periods_paid + 1`,
        last_billing_date: sql<Date>`next_billing_date`,
        next_billing_date:
          monthsAfter(sql<Date>`purchased_at`, sql<number>`billing_periods_paid + 1`),
        status: 'active',
        suspended_at: null,
        suspension_reason: null,
        updated_at: now,
      })
      .where('id', '=', number.id).where('next_billing_date', '=', periodStart)
      .returning('id').executeTakeFirst();
    assert.ok(advanced, 'the locked, due number advances to its next period');
    return 'charged';
  });
}

interface DueNumber {
  id: string;
  e164: string;
  monthly_fee: string;
  currency: string;
  partner_id: string;
  accountId: string;
  periodStart: Date;
}

/** Debits one month; false (and nothing written) when the wallet cannot pay it. */
async function tryCharge(trx: DatabaseTransaction, number: DueNumber): Promise<boolean> {
  const day = number.periodStart.toISOString().slice(0, 10);
  try {
    await postAccountCharge(trx, {
      accountId: number.accountId,
      partnerId: number.partner_id,
      amount: number.monthly_fee,
      type: 'debit',
      referenceType: 'number_rental',
      reference: `number_rental:${number.id}:${number.periodStart.toISOString()}`,
      description: `Monthly rental ${number.e164} from ${day}`,
      allowShortfall: false,
    });
    return true;
  } catch (error) {
    // The charge checks the balance before it writes anything, so the transaction is clean.
    if (error instanceof DomainError && error.code === 'insufficient_balance') return false;
    throw error;
  }
}

function suspensionReason(
  number: { e164: string; monthly_fee: string; currency: string },
  periodStart: Date,
): string {
  const fee = `${roundMoneyText(number.monthly_fee, 2)} ${number.currency}`;
  return `Monthly rental of ${fee} due ${periodStart.toISOString().slice(0, 10)} could not be ` +
    'charged: insufficient wallet balance. The number is kept and retried; add funds to resume.';
}

async function suspend(trx: DatabaseTransaction, id: string, now: Date, reason: string) {
  await trx.updateTable('phone_numbers')
    .set({
      status: 'suspended',
      suspended_at: sql<Date>`coalesce(suspended_at, ${now}::timestamptz)`,
      suspension_reason: reason,
      updated_at: now,
    })
    .where('id', '=', id).execute();
}
