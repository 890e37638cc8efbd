/**
 * Synthetic CDRs for demos, load tests and dashboards before a switch is connected. Seeded and
 * pure: the same options give the same calls (no Math.random, no clock, no crypto.randomUUID),
 * so a demo can be rebuilt and a test can pin exact rows.
 *
 * Shapes, chosen to look like an Indian SIP-trunking customer:
 * - 60 % outbound (from the customer's DIDs), 40 % inbound (to them); about 70 % answered.
 * - Talk time log-normal with a 90 s median (most calls are short, a few run long), capped 2 h.
 * - Unanswered causes: NO_ANSWER 40 %, USER_BUSY 20 %, ORIGINATOR_CANCEL 20 %, CALL_REJECTED 12 %,
 *   UNALLOCATED_NUMBER 8 %; each rings for a span that fits it (busy fast, no-answer ~30 s).
 * - Start times weighted to business hours in India (IST, UTC+5:30) and to weekdays, within
 *   `days` days before `now`; every call has ended by `now`.
 * - G.711 A-law mostly (India's PSTN), MOS 3.5-4.5 falling with jitter and packet loss.
 * `hangup_disposition` is seen from the callee's leg: we send BYE when the caller hangs up, we
 * receive it when the callee does, we CANCEL a call nobody answers, and refusals are refusals.
 */
import assert from 'node:assert/strict';
import { DAY_MS } from '../clock';
import type { CdrCodec, CdrIngestRow } from './cdr-rows';
import {
  HANGUP_CAUSES, type HangupCause, type HangupDisposition, type HangupSource,
} from './hangup-causes';
import { type Random, createRandom } from './seeded-randoms';

/** One request makes at most this many calls: ~40 MB of rows, inserted in batches. */
export const SIMULATED_CALLS_MAX = 100_000;
/** Spread over at most a year: CDR partitions are monthly, and demos need months, not decades. */
export const SIMULATED_DAYS_MAX = 366;
/** Longest simulated talk time: 2 h, the longest call a trunk usually allows. */
export const SIMULATED_BILLSEC_MAX = 7_200;

const IST_OFFSET_MS = 19_800_000;
const ANSWER_RATE = 0.7;
const OUTBOUND_RATE = 0.6;
const BILLSEC_MEDIAN = 90;
/** Log-normal spread: about 1 call in 20 goes past 10 minutes. */
const BILLSEC_SIGMA = 1.1;
const SIP_CALL_ID_HOST = 'sip.dialtone.test';
/** Where our media servers would sit; every call is handled in one of them. */
const REGIONS = ['in-mumbai', 'in-chennai'] as const;

/** Relative call volume per IST hour, 00-23: quiet nights, a dip at lunch, busy 10-17. */
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 3, 5, 8, 10, 10, 10, 8, 9, 10, 10, 9, 8, 6, 4, 3, 2, 1, 1];
/** Relative volume per IST weekday, Sunday first. */
const WEEKDAY_WEIGHTS = [0.4, 1, 1, 1, 1, 1, 0.7];
const WEIGHT_MAX = 10;

const UNANSWERED_CAUSES: readonly [HangupCause, number][] = [
  ['NO_ANSWER', 40], ['USER_BUSY', 20], ['ORIGINATOR_CANCEL', 20], ['CALL_REJECTED', 12],
  ['UNALLOCATED_NUMBER', 8],
];
const CODECS: readonly [CdrCodec, number][] = [['PCMA', 60], ['opus', 25], ['PCMU', 15]];

interface CauseShape {
  ringSeconds: [number, number];
  disposition: HangupDisposition;
  source: HangupSource;
}

const UNANSWERED_SHAPES: Partial<Record<HangupCause, CauseShape>> = {
  NO_ANSWER: { ringSeconds: [25, 30], disposition: 'send_cancel', source: 'Vobiz' },
  ORIGINATOR_CANCEL: { ringSeconds: [2, 25], disposition: 'send_cancel', source: 'Caller' },
  USER_BUSY: { ringSeconds: [2, 5], disposition: 'send_refuse', source: 'Call recipient' },
  CALL_REJECTED: { ringSeconds: [2, 12], disposition: 'send_refuse', source: 'Call recipient' },
  UNALLOCATED_NUMBER: { ringSeconds: [2, 3], disposition: 'send_refuse', source: 'Carrier' },
};

/** Indian mobile series (first 5 digits) and landline exchanges (city code + exchange). */
const MOBILE_PREFIXES = ['98450', '99000', '97400', '90080', '88800', '70220', '63600', '81230'];
const LANDLINE_PREFIXES = ['804110', '802558', '226650', '224098', '114360', '444215', '402335',
  '334455', '206605'];
const CALLER_NAMES = ['Rahul Sharma', 'Priya Nair', 'Anil Kumar', 'Sneha Patel', 'Kavya Reddy',
  'Mohammed Irfan', 'Acme Logistics', 'Sai Traders'];

export interface SimulationOptions {
  /** The customer's auth id (MA_…), written to account_id. */
  accountAuthId: string;
  /** Trunks the calls use, picked at random; none leaves trunk_id out. */
  trunkIds: readonly string[];
  /** The customer's DIDs (E.164); none makes up landline numbers for its side of the call. */
  numbers: readonly string[];
  calls: number;
  days: number;
  now: Date;
  /** Any 32-bit integer. */
  seed: number;
}

/** Generates `calls` CDRs sorted by start_time. Options out of range are a bug (asserted). */
export function generateCdrs(options: SimulationOptions): CdrIngestRow[] {
  assertOptions(options);
  const random = createRandom(options.seed);
  const rows = Array.from({ length: options.calls }, () => generateCall(random, options));
  return rows.sort((a, b) =>
    compareText(a.start_time, b.start_time) || compareText(a.uuid, b.uuid));
}

/** Code-unit order: ISO times and hex ids sort right, and it is far cheaper than localeCompare. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function assertOptions(options: SimulationOptions): void {
  assert.ok(options.accountAuthId.length > 0, 'accountAuthId is set');
  assert.ok(Number.isSafeInteger(options.calls), 'calls is whole');
  assert.ok(options.calls >= 0 && options.calls <= SIMULATED_CALLS_MAX, 'calls is in range');
  assert.ok(Number.isSafeInteger(options.days), 'days is whole');
  assert.ok(options.days >= 1 && options.days <= SIMULATED_DAYS_MAX, 'days is in range');
  assert.ok(Number.isFinite(options.now.getTime()), 'now is a valid date');
  assert.ok(Number.isSafeInteger(options.seed), 'seed is an integer');
}

function generateCall(random: Random, options: SimulationOptions): CdrIngestRow {
  const outbound = random.chance(OUTBOUND_RATE);
  const ours = options.numbers.length > 0 ? random.pick(options.numbers) : landline(random);
  const theirs = random.chance(0.7) ? mobile(random) : landline(random);
  const answered = random.chance(ANSWER_RATE);
  const hangupCause = answered ? 'NORMAL_CLEARING' : random.weighted(UNANSWERED_CAUSES);
  const ending = answered ? answeredEnding(random) : UNANSWERED_SHAPES[hangupCause]!;
  const ringTime = random.integer(...ending.ringSeconds);
  const billsec = answered ? talkSeconds(random) : 0;
  const duration = ringTime + billsec;
  // Calls still running at `now` would not have a CDR yet: end them by then.
  const latestStartMs = options.now.getTime() - duration * 1000;
  const startMs = wholeSecondMs(Math.min(startTimeMs(random, options), latestStartMs));
  const callerName = !outbound && random.chance(0.25) ? random.pick(CALLER_NAMES) : undefined;
  const trunkId = options.trunkIds.length > 0 ? random.pick(options.trunkIds) : undefined;
  return {
    uuid: random.uuid(),
    account_id: options.accountAuthId,
    ...(trunkId === undefined ? {} : { trunk_id: trunkId }),
    call_direction: outbound ? 'outbound' : 'inbound',
    ...(callerName === undefined ? {} : { caller_id_name: callerName }),
    caller_id_number: outbound ? ours : theirs,
    destination_number: outbound ? theirs : ours,
    start_time: isoSeconds(startMs),
    answer_time: answered ? isoSeconds(startMs + ringTime * 1000) : null,
    end_time: isoSeconds(startMs + duration * 1000),
    duration,
    billsec,
    ring_time: ringTime,
    hangup_cause: hangupCause,
    hangup_cause_code: HANGUP_CAUSES[hangupCause].code,
    hangup_disposition: ending.disposition,
    hangup_source: ending.source,
    codec: random.weighted(CODECS),
    ...mediaQuality(random, answered),
    sip_call_id: `${random.hex(32)}@${SIP_CALL_ID_HOST}`,
    region: random.pick(REGIONS),
    context: 'sip-trunking',
  };
}

function answeredEnding(random: Random): CauseShape {
  // Short rings are likelier than long ones: r * r leans towards 0.
  const ring = 2 + Math.floor(18 * random.next() * random.next());
  return random.chance(0.5)
    ? { ringSeconds: [ring, ring], disposition: 'send_bye', source: 'Caller' }
    : { ringSeconds: [ring, ring], disposition: 'recv_bye', source: 'Call recipient' };
}

function talkSeconds(random: Random): number {
  const seconds = Math.round(BILLSEC_MEDIAN * Math.exp(BILLSEC_SIGMA * random.normal()));
  return Math.min(Math.max(seconds, 1), SIMULATED_BILLSEC_MAX);
}

/**
 * A start time in the last `days` days, accepted with probability weight / WEIGHT_MAX (rejection
 * sampling); after 32 rejections the last draw stands, which keeps the loop bounded.
 */
function startTimeMs(random: Random, options: SimulationOptions): number {
  const nowMs = options.now.getTime();
  let candidate = nowMs;
  for (let attempt = 0; attempt < 32; attempt += 1) {
    candidate = nowMs - Math.floor(random.next() * options.days * DAY_MS);
    const ist = new Date(candidate + IST_OFFSET_MS);
    const weight = HOUR_WEIGHTS[ist.getUTCHours()]! * WEEKDAY_WEIGHTS[ist.getUTCDay()]!;
    if (random.next() * WEIGHT_MAX < weight) break;
  }
  return candidate;
}

function wholeSecondMs(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

type MediaQuality = Pick<CdrIngestRow, 'mos' | 'jitter' | 'packet_loss'>;

function mediaQuality(random: Random, answered: boolean): MediaQuality {
  if (!answered) return { mos: null, jitter: null, packet_loss: null };
  const jitter = round2(0.5 + 25 * random.next() ** 3);
  const packetLoss = round2(2 * random.next() ** 4);
  const mos = 4.45 - 0.25 * packetLoss - 0.015 * jitter - 0.1 * random.next();
  return { mos: round2(Math.min(Math.max(mos, 3.5), 4.5)), jitter, packet_loss: packetLoss };
}

function mobile(random: Random): string {
  return `+91${random.pick(MOBILE_PREFIXES)}${random.digits(5)}`;
}

function landline(random: Random): string {
  return `+91${random.pick(LANDLINE_PREFIXES)}${random.digits(4)}`;
}

/** "2026-07-20T10:00:00Z": Vobiz prints CDR times without milliseconds. */
function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
