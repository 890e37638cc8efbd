/**
 * The shapes a CDR takes: the ingest row (what the switch, or the simulator, hands us when a call
 * ends) and the 43 output fields of Vobiz's CDR object (vobiz-api.md 2.4), in its order, which
 * is also the column order of the CSV export.
 */
import assert from 'node:assert/strict';
import type { HangupCause, HangupDisposition, HangupSource } from './hangup-causes';

export type CallDirection = 'inbound' | 'outbound';
export type CdrContext = 'voice-api' | 'sip-trunking';
export type CdrCodec = 'PCMU' | 'PCMA' | 'opus';

/**
 * One finished call as ingested. Times are ISO 8601 UTC with whole seconds ("…T10:00:00Z", as
 * Vobiz prints them); durations are whole seconds. Cost is not here: it is rated on ingest from
 * the account's pricing tier, so a switch cannot set its own price.
 */
/** Quality, hangup and network fields: the same in an ingested call and a stored CDR. */
export interface CdrCallDetails {
  mos: number | null;
  jitter: number | null;
  packet_loss: number | null;
  codec: string | null;
  hangup_cause: string;
  hangup_cause_code: number;
  hangup_cause_name: string;
  hangup_disposition: string | null;
  hangup_source: string | null;
  failure_code: number | null;
  failure_reason: string | null;
  bridge_uuid: string | null;
  sip_call_id: string | null;
  sip_user_agent: string | null;
  network_addr: string | null;
  carrier_ip: string | null;
}

export interface CdrIngestRow {
  /** v4 UUID, unique per call: the idempotency key of ingest. */
  uuid: string;
  /** The customer's auth id (MA_…). */
  account_id: string;
  trunk_id?: string;
  call_direction: CallDirection;
  caller_id_name?: string;
  caller_id_number: string;
  destination_number: string;
  start_time: string;
  /** Null when the call was never answered; this, not billsec, decides "answered". */
  answer_time: string | null;
  end_time: string;
  /** start to end, ringing included. */
  duration: number;
  /** answer to end; 0 when unanswered. */
  billsec: number;
  ring_time: number;
  hangup_cause: HangupCause;
  hangup_cause_code: number;
  hangup_disposition: HangupDisposition;
  hangup_source: HangupSource;
  codec: CdrCodec;
  /** Mean opinion score 1.0-5.0; null without media (unanswered). */
  mos: number | null;
  /** Milliseconds; null without media. */
  jitter: number | null;
  /** Percent of packets lost, 0-100; null without media. */
  packet_loss: number | null;
  sip_call_id: string;
  region: string;
  context: CdrContext;
}

/** Vobiz's CDR object, field by field, in its documented order. */
export const CDR_FIELDS = [
  // Identity
  'id', 'uuid', 'account_id',
  // Routing
  'call_direction', 'caller_id_name', 'caller_id_number', 'destination_number', 'context',
  'region', 'origination_region', 'campaign_id', 'customer_endpoint', 'trunk_id', 'terminated_to',
  // Timing
  'duration', 'billsec', 'ring_time', 'answer_time', 'start_time', 'end_time', 'progress_time',
  'created_at', 'updated_at',
  // Cost
  'cost', 'streaming_cost', 'total_cost', 'currency',
  // Quality
  'mos', 'jitter', 'packet_loss', 'codec',
  // Hangup
  'hangup_cause', 'hangup_cause_code', 'hangup_cause_name', 'hangup_disposition', 'hangup_source',
  'failure_code', 'failure_reason',
  // Network
  'bridge_uuid', 'sip_call_id', 'sip_user_agent', 'network_addr', 'carrier_ip',
] as const;

export type CdrField = (typeof CDR_FIELDS)[number];

assert.equal(CDR_FIELDS.length, 43, 'Vobiz documents 43 CDR fields');
assert.equal(new Set(CDR_FIELDS).size, CDR_FIELDS.length, 'CDR fields are distinct');

/** RFC 4180 ends each line with CRLF; toCsvLine leaves it to the caller. */
export const CSV_LINE_END = '\r\n';

export type CsvValue = string | number | boolean | null;

/**
 * One CSV line (without its line end): null is an empty field; a field holding a comma, quote,
 * CR or LF is quoted with inner quotes doubled.
 *
 * Text that a spreadsheet would run as a formula (leading =, @, tab, CR, + or -) gets a leading
 * apostrophe (OWASP "CSV injection"): caller_id_name is chosen by whoever calls in, and exports
 * are opened in Excel. A signed plain number (an E.164 "+918047182000", an amount "-1.5") is left
 * intact: it is data, and Excel reads it as a number, not a formula ("-2+3+cmd|…" is quoted).
 */
export function toCsvLine(values: readonly CsvValue[]): string {
  return values.map(toCsvField).join(',');
}

const FORMULA_START = /^[=@\t\r+-]/;
const SIGNED_NUMBER = /^[+-][0-9]+(?:\.[0-9]+)?$/;

function toCsvField(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') {
    assert.ok(Number.isFinite(value), 'CSV numbers are finite');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) && !SIGNED_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const CDR_CSV_HEADER = toCsvLine(CDR_FIELDS);
