/**
 * Reads one untrusted CDR of an ingestion batch (the switch's report of a finished call) into a
 * checked row, or into the list of what is wrong with it, each problem naming its field. Pure and
 * hand-written rather than a JSON-schema validator: a batch keeps its good rows and reports its
 * bad ones by index, and this runs for every row of every batch.
 *
 * Contract (see CdrIngestRow in cdr-rows.ts for the shape the simulator produces):
 * - uuid (v1-v8 UUID) is the call's identity and the idempotency key of ingestion.
 * - account_id (MA_ auth id) or trunk_id (a trunk's UUID) names the customer; with both, the
 *   trunk must belong to that account (checked when the batch resolves them). sub_account_id
 *   (SA_ auth id, optional) attributes the call to a sub-account, whose parent pays; alone it
 *   names the customer too.
 * - start_time <= answer_time <= end_time, ISO 8601 with Z or an offset; answer_time null (or
 *   absent) means the call was never answered, and then billsec must be 0.
 * - 0 <= billsec <= duration <= BILLSEC_MAX, whole seconds.
 * - hangup_cause is any upper-case cause token: an unfamiliar one (FreeSWITCH has ~100) is kept
 *   with the code the switch sent, or 0 "Unknown", because dropping a real call loses revenue.
 * - Cost fields are ignored: calls are rated here, from the account's pricing tier.
 */
import {
  CDR_NUMBER_LENGTH_MAX,
  CDR_START_TIME_FUTURE_SECONDS_MAX,
  CDR_START_TIME_PAST_DAYS_MAX,
  CDR_TEXT_LENGTH_MAX,
} from '../../limits';
import { DAY_MS } from '../clock';
import type { CallDirection, CdrCallDetails, CdrContext } from './cdr-rows';
import { HANGUP_DISPOSITIONS, findHangupCause } from './hangup-causes';
import { BILLSEC_MAX } from './rating';

export interface IngestCdr extends CdrCallDetails {
  uuid: string;
  accountAuthId: string | null;
  trunkId: string | null;
  subAccountAuthId: string | null;
  call_direction: CallDirection;
  caller_id_name: string | null;
  caller_id_number: string;
  destination_number: string;
  context: CdrContext;
  region: string | null;
  origination_region: string | null;
  campaign_id: string | null;
  customer_endpoint: string | null;
  terminated_to: string | null;
  duration: number;
  billsec: number;
  ring_time: number;
  /** ISO 8601 UTC ("…Z"), as sent to PostgreSQL; its first 10 characters are the UTC day. */
  answer_time: string | null;
  start_time: string;
  end_time: string;
  progress_time: string | null;
  startMs: number;
  /** answer_time is set: what rating and the status filter go by. */
  answered: boolean;
}

export interface RowProblem {
  index: number;
  uuid: string | null;
  field: string;
  message: string;
}

/**
 * A row the transport delivers as JSON text (an NDJSON line), parsed only when it is read: its
 * object then dies young instead of living through the whole batch (less garbage collection);
 * a line that is not JSON is reported by its index like any other bad row.
 */
export class JsonLine {
  constructor(readonly text: string) {}
}

/** The start_time window a batch accepts, from the clock at ingestion. */
export interface IngestWindow {
  earliestMs: number;
  latestMs: number;
}

export function ingestWindow(now: Date): IngestWindow {
  return {
    earliestMs: now.getTime() - CDR_START_TIME_PAST_DAYS_MAX * DAY_MS,
    latestMs: now.getTime() + CDR_START_TIME_FUTURE_SECONDS_MAX * 1000,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ACCOUNT_AUTH_ID = /^MA_[A-Z0-9]{8}$/;
const SUB_ACCOUNT_AUTH_ID = /^SA_[A-Z0-9]{8}$/;
const CAUSE = /^[A-Z][A-Z0-9_]{0,63}$/;
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;
const CONTROL = /[\u0000-\u001f\u007f]/;
const DIRECTIONS: readonly string[] = ['inbound', 'outbound'];
const CONTEXTS: readonly string[] = ['voice-api', 'sip-trunking'];
const DISPOSITIONS: readonly string[] = HANGUP_DISPOSITIONS;

/** One row's reader: `problem` collects, the typed readers return a value or null. */
class RowReader {
  readonly problems: RowProblem[] = [];

  constructor(
    readonly source: Record<string, unknown>,
    private readonly index: number,
    private readonly uuid: string | null,
  ) {}

  problem(field: string, message: string): null {
    this.problems.push({ index: this.index, uuid: this.uuid, field, message });
    return null;
  }

  text(field: string, value: unknown, required: boolean, maxLength = CDR_TEXT_LENGTH_MAX) {
    if (value === undefined || value === null || value === '') {
      return required ? this.problem(field, 'is required') : null;
    }
    if (typeof value !== 'string') return this.problem(field, 'must be a string');
    if (value.length > maxLength) {
      return this.problem(field, `must be at most ${maxLength} characters`);
    }
    if (CONTROL.test(value)) return this.problem(field, 'must not contain control characters');
    return value;
  }

  oneOf(field: string, value: unknown, allowed: readonly string[], fallback: string | null) {
    if (value === undefined || value === null) {
      return fallback ?? this.problem(field, `is required (${allowed.join(', ')})`);
    }
    if (typeof value !== 'string' || !allowed.includes(value)) {
      return this.problem(field, `must be one of ${allowed.join(', ')}`);
    }
    return value;
  }

  integer(field: string, value: unknown, min: number, max: number, required: boolean) {
    if (value === undefined || value === null) {
      return required ? this.problem(field, 'is required') : null;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      return this.problem(field, `must be a whole number from ${min} to ${max}`);
    }
    return value;
  }

  /** Quality figures arrive as JSON numbers (the body is parsed with plain JSON.parse). */
  decimal(field: string, value: unknown, min: number, max: number): number | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      return this.problem(field, `must be a number from ${min} to ${max}`);
    }
    return value;
  }

  /** A timestamp as epoch milliseconds, null when absent and optional. */
  time(field: string, value: unknown, required: boolean): number | null {
    if (value === undefined || value === null) {
      return required ? this.problem(field, 'is required') : null;
    }
    const ms = typeof value === 'string' ? utcSecondsMs(value) ?? anyIsoMs(value) : null;
    if (ms === null) {
      return this.problem(field, 'must be an ISO 8601 time such as 2026-07-20T10:00:00Z');
    }
    return ms;
  }
}

/** Any ISO 8601 time TIMESTAMP accepts (fractions, offsets, a space for the T), or null. */
function anyIsoMs(text: string): number | null {
  const match = TIMESTAMP.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.parse(text);
  return Number.isNaN(ms) || !isRealDay(year, month, day) ? null : ms;
}

/**
 * "2026-07-20T10:00:00Z", the form switches (and Vobiz) print, read digit by digit: four times a
 * row, so no regex match or Date.parse for them. Null for anything else, which anyIsoMs reads.
 */
function utcSecondsMs(text: string): number | null {
  if (text.length !== 20 || text.charCodeAt(19) !== Z || text.charCodeAt(10) !== T) return null;
  for (const [at, separator] of UTC_SECONDS_SEPARATORS) {
    if (text.charCodeAt(at) !== separator) return null;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  // Date.UTC reads years 0-99 as 1900-1999: those go the general way (Date.parse reads them).
  if (year < 1000 || !isRealDay(year, month, day) || Math.min(hour, minute, second) < 0
    || hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

const Z = 90;
const T = 84;
const UTC_SECONDS_SEPARATORS = [[4, 45], [7, 45], [13, 58], [16, 58]] as const;

/** The decimal number in text[at, at + length), or -1 when one of those is not a digit. */
function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Date.parse rolls 2026-02-30 over into March; a CDR with such a date is refused instead. */
function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1]! + (leap ? 1 : 0);
}

/**
 * UTC text PostgreSQL reads and whose first 10 characters are the UTC day: the switch's own
 * text when it is already "…T10:00:00Z" (the usual case: no work), else re-formatted.
 */
function utcText(source: unknown, ms: number): string {
  const text = source as string;
  const isUtcSeconds = text.length === 20 && text[10] === 'T' && text[19] === 'Z';
  return isUtcSeconds ? text : new Date(ms).toISOString();
}

/**
 * Reads row `index` of a batch. Returns the row, or the problems (at least one) with it.
 */
export function parseIngestRow(
  value: unknown,
  index: number,
  window: IngestWindow,
): { cdr: IngestCdr } | { problems: RowProblem[] } {
  if (value instanceof JsonLine) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.text);
    } catch (error) {
      const message = `is not valid JSON: ${(error as Error).message}`;
      return { problems: [{ index, uuid: null, field: 'row', message }] };
    }
    return parseIngestRow(parsed, index, window);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [{ index, uuid: null, field: 'row', message: 'must be a JSON object' }] };
  }
  // Named property loads (s.field), not source[field]: rows parsed from one switch share a shape,
  // so each load stays monomorphic. This runs for every row of every batch.
  const s = value as Record<string, unknown>;
  const rawUuid = typeof s.uuid === 'string' ? s.uuid.toLowerCase() : null;
  const uuid = rawUuid !== null && UUID.test(rawUuid) ? rawUuid : null;
  const reader = new RowReader(s, index, uuid);
  if (uuid === null) reader.problem('uuid', 'must be a UUID');
  const party = readParty(reader);
  const times = readTimes(reader, window);
  const durations = readDurations(reader, times?.answered ?? true);
  const hangup = readHangup(reader);
  const call = {
    call_direction:
      reader.oneOf('call_direction', s.call_direction, DIRECTIONS, null) as CallDirection | null,
    caller_id_name: reader.text('caller_id_name', s.caller_id_name, false),
    caller_id_number:
      reader.text('caller_id_number', s.caller_id_number, true, CDR_NUMBER_LENGTH_MAX),
    destination_number:
      reader.text('destination_number', s.destination_number, true, CDR_NUMBER_LENGTH_MAX),
    context: reader.oneOf('context', s.context, CONTEXTS, 'sip-trunking') as CdrContext,
    region: reader.text('region', s.region, false),
    origination_region: reader.text('origination_region', s.origination_region, false),
    campaign_id: reader.text('campaign_id', s.campaign_id, false),
    customer_endpoint: reader.text('customer_endpoint', s.customer_endpoint, false),
    terminated_to: reader.text('terminated_to', s.terminated_to, false),
    mos: reader.decimal('mos', s.mos, 1, 5),
    jitter: reader.decimal('jitter', s.jitter, 0, 60_000),
    packet_loss: reader.decimal('packet_loss', s.packet_loss, 0, 100),
    codec: reader.text('codec', s.codec, false, 32),
    bridge_uuid: reader.text('bridge_uuid', s.bridge_uuid, false),
    sip_call_id: reader.text('sip_call_id', s.sip_call_id, false),
    sip_user_agent: reader.text('sip_user_agent', s.sip_user_agent, false),
    network_addr: reader.text('network_addr', s.network_addr, false),
    carrier_ip: reader.text('carrier_ip', s.carrier_ip, false),
  };
  if (reader.problems.length > 0) return { problems: reader.problems };
  // Field by field rather than spreads: this runs for every row of every batch.
  const cdr: IngestCdr = {
    uuid: uuid!,
    accountAuthId: party!.accountAuthId,
    trunkId: party!.trunkId,
    subAccountAuthId: party!.subAccountAuthId,
    call_direction: call.call_direction!,
    caller_id_name: call.caller_id_name,
    caller_id_number: call.caller_id_number!,
    destination_number: call.destination_number!,
    context: call.context,
    region: call.region,
    origination_region: call.origination_region,
    campaign_id: call.campaign_id,
    customer_endpoint: call.customer_endpoint,
    terminated_to: call.terminated_to,
    duration: durations!.duration,
    billsec: durations!.billsec,
    ring_time: durations!.ring_time,
    answer_time: times!.answer_time,
    start_time: times!.start_time,
    end_time: times!.end_time,
    progress_time: times!.progress_time,
    startMs: times!.startMs,
    answered: times!.answered,
    mos: call.mos,
    jitter: call.jitter,
    packet_loss: call.packet_loss,
    codec: call.codec,
    hangup_cause: hangup!.hangup_cause,
    hangup_cause_code: hangup!.hangup_cause_code,
    hangup_cause_name: hangup!.hangup_cause_name,
    hangup_disposition: hangup!.hangup_disposition,
    hangup_source: hangup!.hangup_source,
    failure_code: hangup!.failure_code,
    failure_reason: hangup!.failure_reason,
    bridge_uuid: call.bridge_uuid,
    sip_call_id: call.sip_call_id,
    sip_user_agent: call.sip_user_agent,
    network_addr: call.network_addr,
    carrier_ip: call.carrier_ip,
  };
  return { cdr };
}

function readParty(reader: RowReader) {
  const s = reader.source;
  const accountAuthId = reader.text('account_id', s.account_id, false, 11);
  const trunkId = reader.text('trunk_id', s.trunk_id, false, 36)?.toLowerCase() ?? null;
  if (accountAuthId !== null && !ACCOUNT_AUTH_ID.test(accountAuthId)) {
    return reader.problem('account_id', 'must be a customer auth id such as MA_E31MAU98');
  }
  if (trunkId !== null && !UUID.test(trunkId)) {
    return reader.problem('trunk_id', 'must be a trunk id (UUID)');
  }
  const subAccountAuthId = reader.text('sub_account_id', s.sub_account_id, false, 11);
  if (subAccountAuthId !== null && !SUB_ACCOUNT_AUTH_ID.test(subAccountAuthId)) {
    return reader.problem('sub_account_id', 'must be a sub-account auth id such as SA_67401KW8');
  }
  if (accountAuthId === null && trunkId === null && subAccountAuthId === null) {
    return reader.problem('account_id', 'account_id or trunk_id is required');
  }
  return { accountAuthId, trunkId, subAccountAuthId };
}

function readTimes(reader: RowReader, window: IngestWindow) {
  const s = reader.source;
  const start = reader.time('start_time', s.start_time, true);
  const answer = reader.time('answer_time', s.answer_time, false);
  const end = reader.time('end_time', s.end_time, true);
  const progress = reader.time('progress_time', s.progress_time, false);
  if (start === null || end === null) return null;
  if (start < window.earliestMs || start > window.latestMs) {
    return reader.problem('start_time', 'is too far in the past or in the future');
  }
  if (end < start) return reader.problem('end_time', 'must not be before start_time');
  if (answer !== null && (answer < start || answer > end)) {
    return reader.problem('answer_time', 'must be between start_time and end_time');
  }
  return {
    answered: answer !== null,
    startMs: start,
    start_time: utcText(s.start_time, start),
    answer_time: answer === null ? null : utcText(s.answer_time, answer),
    end_time: utcText(s.end_time, end),
    progress_time: progress === null ? null : utcText(s.progress_time, progress),
  };
}

function readDurations(reader: RowReader, answered: boolean) {
  const s = reader.source;
  const duration = reader.integer('duration', s.duration, 0, BILLSEC_MAX, true);
  const billsec = reader.integer('billsec', s.billsec, 0, BILLSEC_MAX, true);
  const ringTime = reader.integer('ring_time', s.ring_time, 0, BILLSEC_MAX, false) ?? 0;
  if (duration === null || billsec === null) return null;
  if (billsec > duration) return reader.problem('billsec', 'must not exceed duration');
  if (!answered && billsec > 0) {
    return reader.problem('billsec', 'must be 0 when the call was not answered (answer_time null)');
  }
  return { duration, billsec, ring_time: ringTime };
}

function readHangup(reader: RowReader) {
  const s = reader.source;
  const cause = reader.text('hangup_cause', s.hangup_cause, true, 64);
  const code = reader.integer('hangup_cause_code', s.hangup_cause_code, 0, 99_999, false);
  const disposition = reader.oneOf('hangup_disposition', s.hangup_disposition, DISPOSITIONS, '');
  const source = reader.text('hangup_source', s.hangup_source, false, 32);
  const failureCode = reader.integer('failure_code', s.failure_code, 0, 999_999, false);
  const failureReason = reader.text('failure_reason', s.failure_reason, false);
  if (cause === null) return null;
  if (!CAUSE.test(cause)) {
    return reader.problem('hangup_cause', 'must be an upper-case cause such as NORMAL_CLEARING');
  }
  const known = findHangupCause(cause);
  return {
    hangup_cause: cause,
    // The table's code wins for a cause we know: one vocabulary, whatever the switch believes.
    hangup_cause_code: known?.code ?? code ?? 0,
    hangup_cause_name: known?.name ?? 'Unknown',
    hangup_disposition: disposition === '' ? null : disposition,
    hangup_source: source,
    failure_code: failureCode,
    failure_reason: failureReason,
  };
}
