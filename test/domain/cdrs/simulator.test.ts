import { isValidPhoneNumber } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import type { CdrIngestRow } from '../../../src/domain/cdrs/cdr-rows';
import {
  HANGUP_CAUSES,
  HANGUP_DISPOSITIONS,
  HANGUP_SOURCES,
} from '../../../src/domain/cdrs/hangup-causes';
import {
  SIMULATED_BILLSEC_MAX,
  SIMULATED_CALLS_MAX,
  SIMULATED_DAYS_MAX,
  type SimulationOptions,
  generateCdrs,
} from '../../../src/domain/cdrs/simulator';

const NOW = new Date('2026-07-20T12:34:56.789Z');
const OPTIONS: SimulationOptions = {
  accountAuthId: 'MA_E31MAU98',
  trunkIds: ['9c1f1a52-5d1e-4a43-9b0e-0d6f8a7f4e11', '2f0b3c44-7a3e-4c1d-8e55-6b1f2a9c0d22'],
  numbers: ['+918047182000', '+912261201234'],
  calls: 5_000,
  days: 30,
  now: NOW,
  seed: 20260720,
};
const ISO_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const rows = generateCdrs(OPTIONS);
const share = (predicate: (row: CdrIngestRow) => boolean) =>
  rows.filter(predicate).length / rows.length;
const seconds = (iso: string) => Date.parse(iso) / 1000;

describe('generateCdrs is deterministic', () => {
  it('gives the same rows for the same options and different rows for another seed', () => {
    expect(generateCdrs(OPTIONS)).toEqual(rows);
    const other = generateCdrs({ ...OPTIONS, seed: OPTIONS.seed + 1 });
    expect(other.map((row) => row.uuid)).not.toEqual(rows.map((row) => row.uuid));
  });

  it('makes exactly `calls` rows with distinct uuids and SIP call ids', () => {
    expect(rows).toHaveLength(OPTIONS.calls);
    expect(new Set(rows.map((row) => row.uuid)).size).toBe(rows.length);
    expect(new Set(rows.map((row) => row.sip_call_id)).size).toBe(rows.length);
    expect(generateCdrs({ ...OPTIONS, calls: 0 })).toEqual([]);
  });

  it('sorts by start_time', () => {
    const starts = rows.map((row) => row.start_time);
    expect(starts).toEqual([...starts].sort());
  });
});

/** Rows failing a rule, reduced to their uuid and the offending fields for a readable diff. */
function violations(rule: (row: CdrIngestRow) => boolean, sample = rows): CdrIngestRow[] {
  return sample.filter((row) => !rule(row));
}

describe('every row is internally consistent', () => {
  it('carries the ingest fields in their formats', () => {
    expect(violations((row) =>
      UUID_V4.test(row.uuid) &&
      row.account_id === OPTIONS.accountAuthId &&
      OPTIONS.trunkIds.includes(row.trunk_id!) &&
      row.context === 'sip-trunking' &&
      ['PCMU', 'PCMA', 'opus'].includes(row.codec) &&
      /^[0-9a-f]{32}@/.test(row.sip_call_id) &&
      /^in-/.test(row.region) &&
      HANGUP_SOURCES.includes(row.hangup_source) &&
      HANGUP_DISPOSITIONS.includes(row.hangup_disposition) &&
      row.hangup_cause_code === HANGUP_CAUSES[row.hangup_cause].code &&
      ISO_SECONDS.test(row.start_time) &&
      ISO_SECONDS.test(row.end_time))).toEqual([]);
  });

  it('keeps times and durations in step', () => {
    expect(violations((row) =>
      row.duration === seconds(row.end_time) - seconds(row.start_time) &&
      row.duration === row.ring_time + row.billsec &&
      row.ring_time >= 2 && row.ring_time <= 30)).toEqual([]);
    expect(violations((row) => row.answer_time !== null || row.billsec === 0)).toEqual([]);
    expect(violations((row) => row.answer_time === null || (
      ISO_SECONDS.test(row.answer_time) &&
      seconds(row.answer_time) - seconds(row.start_time) === row.ring_time &&
      row.billsec >= 1 && row.billsec <= SIMULATED_BILLSEC_MAX))).toEqual([]);
  });

  it('stays inside the window: started after now - days, ended by now', () => {
    const windowStart = Math.floor(NOW.getTime() / 1000 - OPTIONS.days * 86_400);
    expect(violations((row) =>
      seconds(row.start_time) >= windowStart &&
      seconds(row.end_time) <= NOW.getTime() / 1000)).toEqual([]);
  });

  it('answers with NORMAL_CLEARING and good media', () => {
    const answered = rows.filter((row) => row.answer_time !== null);
    expect(violations((row) =>
      row.hangup_cause === 'NORMAL_CLEARING' &&
      ['send_bye', 'recv_bye'].includes(row.hangup_disposition) &&
      row.mos! >= 3.5 && row.mos! <= 4.5 &&
      row.jitter! > 0 && row.jitter! < 30 &&
      row.packet_loss! >= 0 && row.packet_loss! <= 2, answered)).toEqual([]);
  });

  it('fails with the unanswered mix and no media', () => {
    const unanswered = rows.filter((row) => row.answer_time === null);
    const causes = ['NO_ANSWER', 'USER_BUSY', 'CALL_REJECTED', 'UNALLOCATED_NUMBER',
      'ORIGINATOR_CANCEL'];
    expect(violations((row) =>
      causes.includes(row.hangup_cause) &&
      ['send_cancel', 'send_refuse'].includes(row.hangup_disposition) &&
      row.mos === null && row.jitter === null && row.packet_loss === null,
    unanswered)).toEqual([]);
  });

  it('puts the customer DIDs on the customer side and valid Indian numbers on the other', () => {
    const sides = (row: CdrIngestRow) => row.call_direction === 'outbound'
      ? [row.caller_id_number, row.destination_number]
      : [row.destination_number, row.caller_id_number];
    expect(violations((row) => {
      const [ours, theirs] = sides(row) as [string, string];
      return OPTIONS.numbers.includes(ours) && theirs.startsWith('+91');
    })).toEqual([]);
    const theirs = new Set(rows.map((row) => sides(row)[1]!));
    expect([...theirs].filter((number) => !isValidPhoneNumber(number))).toEqual([]);
  });
});

describe('the traffic looks realistic', () => {
  it('answers 65-75 % of calls, 60/40 outbound/inbound', () => {
    const answerRate = share((row) => row.answer_time !== null);
    expect(answerRate).toBeGreaterThan(0.65);
    expect(answerRate).toBeLessThan(0.75);
    const outboundRate = share((row) => row.call_direction === 'outbound');
    expect(outboundRate).toBeGreaterThan(0.57);
    expect(outboundRate).toBeLessThan(0.63);
  });

  it('has a talk-time median near 90 s with a long tail', () => {
    const talk = rows.filter((row) => row.billsec > 0).map((row) => row.billsec)
      .sort((a, b) => a - b);
    const median = talk[Math.floor(talk.length / 2)]!;
    expect(median).toBeGreaterThan(75);
    expect(median).toBeLessThan(105);
    expect(talk.at(-1)!).toBeGreaterThan(600);
  });

  it('mixes all five unanswered causes, NO_ANSWER most', () => {
    const counts = new Map<string, number>();
    for (const row of rows.filter((r) => r.answer_time === null)) {
      counts.set(row.hangup_cause, (counts.get(row.hangup_cause) ?? 0) + 1);
    }
    expect(counts.size).toBe(5);
    const most = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    expect(most).toBe('NO_ANSWER');
  });

  it('calls mostly in Indian business hours and on weekdays', () => {
    const istHour = (row: CdrIngestRow) => new Date(Date.parse(row.start_time) + 19_800_000);
    const business = share((row) => {
      const hour = istHour(row).getUTCHours();
      return hour >= 9 && hour < 18;
    });
    expect(business).toBeGreaterThan(0.55);
    const sundays = share((row) => istHour(row).getUTCDay() === 0);
    expect(sundays).toBeLessThan(0.1);
  });

  it('spreads calls over the whole window', () => {
    const days = new Set(rows.map((row) => row.start_time.slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(OPTIONS.days);
  });

  it('uses several codecs, mostly PCMA', () => {
    expect(share((row) => row.codec === 'PCMA')).toBeGreaterThan(0.5);
    expect(new Set(rows.map((row) => row.codec)).size).toBe(3);
  });
});

describe('options', () => {
  it('works without trunks or numbers', () => {
    const bare = generateCdrs({ ...OPTIONS, trunkIds: [], numbers: [], calls: 300 });
    expect(violations((row) => !('trunk_id' in row) &&
      isValidPhoneNumber(row.caller_id_number) &&
      isValidPhoneNumber(row.destination_number), bare)).toEqual([]);
  });

  it('sets caller_id_name only on some inbound calls', () => {
    const named = rows.filter((row) => row.caller_id_name !== undefined);
    expect(named.length).toBeGreaterThan(0);
    for (const row of named) expect(row.call_direction).toBe('inbound');
  });

  it('keeps a one-day window ending at now', () => {
    const today = generateCdrs({ ...OPTIONS, days: 1, calls: 500 });
    const nowSeconds = NOW.getTime() / 1000;
    expect(violations((row) =>
      seconds(row.start_time) >= Math.floor(nowSeconds - 86_400) &&
      seconds(row.end_time) <= nowSeconds, today)).toEqual([]);
  });

  it.each([
    [{ calls: -1 }, /calls/],
    [{ calls: 1.5 }, /calls/],
    [{ calls: SIMULATED_CALLS_MAX + 1 }, /calls/],
    [{ days: 0 }, /days/],
    [{ days: SIMULATED_DAYS_MAX + 1 }, /days/],
    [{ now: new Date('nope') }, /now/],
    [{ seed: 0.5 }, /seed/],
    [{ accountAuthId: '' }, /accountAuthId/],
  ])('asserts %j', (change, message) => {
    expect(() => generateCdrs({ ...OPTIONS, ...change })).toThrow(message);
  });
});
