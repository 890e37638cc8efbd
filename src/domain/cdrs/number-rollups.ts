/**
 * What a batch adds to number_hourly_rollups: its stored calls on one of their account's own
 * DIDs (RatedCall.did), summed per DID and UTC hour. Pure. A DID has one owner at ingestion, so
 * the DID alone keys a batch's sums; calls on other numbers (a landline caller ID, a number the
 * account does not own) are left out: health is asked only about the account's numbers.
 */
import { HOUR_MS } from '../clock';
import type { RatedCall } from './ingest-rating';

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

interface Hour {
  iso: string;
  byNumber: Map<string, NumberRollup>;
}

/**
 * One roll-up per (DID, hour) of `calls`, in the order first seen. Rows are appended, never
 * upserted, so no key order is needed; this runs on the server's one thread for every call
 * (bench:cdrs), so calls in start order, as ingestion passes them, cost one map look-up each.
 */
export function sumNumberRollups(calls: readonly RatedCall[]): NumberRollup[] {
  const hours = new Map<number, Hour>();
  const rollups: NumberRollup[] = [];
  let hourIndex = Number.NaN;
  let hour: Hour | undefined;
  for (const call of calls) {
    if (call.did === null) continue;
    const index = Math.floor(call.cdr.startMs / HOUR_MS);
    if (index !== hourIndex || hour === undefined) {
      hourIndex = index;
      hour = hours.get(index) ?? newHour(hours, index);
    }
    let rollup = hour.byNumber.get(call.did);
    if (rollup === undefined) {
      rollup = {
        accountId: call.account.id, e164: call.did, hour: hour.iso,
        calls: 0, answered: 0, durationSeconds: 0, billsec: 0,
      };
      hour.byNumber.set(call.did, rollup);
      rollups.push(rollup);
    }
    rollup.calls += 1;
    rollup.durationSeconds += call.cdr.duration;
    rollup.billsec += call.cdr.billsec;
    if (call.cdr.answered) rollup.answered += 1;
  }
  return rollups;
}

function newHour(hours: Map<number, Hour>, index: number): Hour {
  const hour = { iso: new Date(index * HOUR_MS).toISOString(), byNumber: new Map() };
  hours.set(index, hour);
  return hour;
}
