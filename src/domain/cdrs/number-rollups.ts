/**
 * What a batch adds to number_hourly_rollups: its stored calls on one of their account's own
 * DIDs (RatedCall.did), summed per DID and UTC hour. Pure. A DID has one owner at ingestion, so
 * the DID alone keys a batch's sums; calls on other numbers (a landline caller ID, a number the
 * account does not own) are left out: health is asked only about the account's numbers.
 */
import type { RatedCall } from './ingest-rating';

const HOUR_MS = 3_600_000;

export interface NumberRollup {
  accountId: string;
  e164: string;
  /** The UTC hour's start, ISO 8601. */
  hour: string;
  calls: number;
  answered: number;
  durationSeconds: number;
  billsec: number;
}

interface Sums extends NumberRollup {
  accountNumber: number;
  hourIndex: number;
}

/**
 * One roll-up per (DID, hour) of `calls`, in the table's key order (account id, e164 byte-wise,
 * hour), so two batches upsert in one order and never wait on each other in a cycle.
 */
export function sumNumberRollups(calls: readonly RatedCall[]): NumberRollup[] {
  const byNumber = new Map<string, Map<number, Sums>>();
  for (const call of calls) {
    if (call.did === null) continue;
    let sums = byNumber.get(call.did);
    if (sums === undefined) {
      sums = new Map();
      byNumber.set(call.did, sums);
    }
    const hourIndex = Math.floor(call.cdr.startMs / HOUR_MS);
    let entry = sums.get(hourIndex);
    if (entry === undefined) {
      entry = newSums(call, call.did, hourIndex);
      sums.set(hourIndex, entry);
    }
    entry.calls += 1;
    entry.durationSeconds += call.cdr.duration;
    entry.billsec += call.cdr.billsec;
    if (call.cdr.answered) entry.answered += 1;
  }
  return [...byNumber.values()].flatMap((sums) => [...sums.values()])
    .sort(byKey)
    .map((sums) => ({
      accountId: sums.accountId, e164: sums.e164, hour: sums.hour, calls: sums.calls,
      answered: sums.answered, durationSeconds: sums.durationSeconds, billsec: sums.billsec,
    }));
}

function newSums(call: RatedCall, e164: string, hourIndex: number): Sums {
  return {
    accountId: call.account.id, accountNumber: Number(call.account.id), e164, hourIndex,
    hour: new Date(hourIndex * HOUR_MS).toISOString(),
    calls: 0, answered: 0, durationSeconds: 0, billsec: 0,
  };
}

function byKey(a: Sums, b: Sums): number {
  if (a.accountNumber !== b.accountNumber) return a.accountNumber - b.accountNumber;
  // E.164 is ASCII: UTF-16 order is the byte order of the column's "C" collation.
  if (a.e164 !== b.e164) return a.e164 < b.e164 ? -1 : 1;
  return a.hourIndex - b.hourIndex;
}
