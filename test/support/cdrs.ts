/**
 * CDR test helpers: valid ingest rows built field by field, ingestion over HTTP, and money for a
 * customer's wallet. Every CDR test builds its own rows; nothing is shared between files.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { type Credentials, creditPartner, operatorHeaders } from './factories';

/** Tests pin time here: CDRs are validated against the clock (400 days back, 5 minutes ahead). */
export const CDR_TEST_NOW = new Date('2026-07-20T12:00:00Z');

export interface CallShape {
  account?: Credentials;
  uuid?: string;
  start?: string;
  /** Seconds of ringing before the answer (or the hangup, when unanswered). */
  ring?: number;
  /** Talk seconds; undefined or null means unanswered. */
  talk?: number | null;
  direction?: 'inbound' | 'outbound';
  cause?: string;
  from?: string;
  to?: string;
  [field: string]: unknown;
}

/** A valid CDR row: answered for `talk` seconds (default 30) unless talk is null. */
export function cdrRow(shape: CallShape = {}): Record<string, unknown> {
  const { account, uuid, start, ring = 5, talk = 30, direction = 'outbound', cause, from, to, ...rest } = shape;
  const startMs = Date.parse(start ?? '2026-07-15T10:00:00Z');
  const answered = talk !== null;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return {
    uuid: uuid ?? randomUUID(),
    account_id: account?.authId,
    call_direction: direction,
    caller_id_number: from ?? '+918041101234',
    destination_number: to ?? '+919845012345',
    start_time: iso(startMs),
    answer_time: answered ? iso(startMs + ring * 1000) : null,
    end_time: iso(startMs + (ring + (talk ?? 0)) * 1000),
    duration: ring + (talk ?? 0),
    billsec: talk ?? 0,
    ring_time: ring,
    hangup_cause: cause ?? (answered ? 'NORMAL_CLEARING' : 'NO_ANSWER'),
    hangup_disposition: answered ? 'recv_bye' : 'send_cancel',
    hangup_source: answered ? 'Call recipient' : 'Vobiz',
    codec: 'PCMA',
    mos: answered ? 4.3 : null,
    jitter: answered ? 2.5 : null,
    packet_loss: answered ? 0.1 : null,
    sip_call_id: `${randomUUID()}@sip.test`,
    region: 'in-mumbai',
    context: 'sip-trunking',
    ...rest,
  };
}

export async function ingest(
  app: FastifyInstance,
  rows: unknown[],
  headers: Record<string, string> = operatorHeaders,
) {
  return app.inject({ method: 'POST', url: '/api/v1/internal/cdrs', headers, payload: rows as object });
}

/** Ingests and expects a 200; returns the body. */
export async function ingestOk(app: FastifyInstance, rows: unknown[]) {
  const response = await ingest(app, rows);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/** Puts `amount` in the customer's wallet through the partner (operator credit, then transfer). */
export async function fundCustomer(
  app: FastifyInstance,
  partner: Credentials,
  customer: Credentials,
  amount: string,
  currency = 'INR',
) {
  await creditPartner(app, partner, amount);
  const response = await app.inject({
    method: 'POST', url: `/api/v1/partner/accounts/${customer.authId}/transfer-balance`,
    headers: { 'x-auth-id': partner.authId, 'x-auth-token': partner.token },
    payload: { amount, currency },
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** The numbers of the scenario: A and B are the customer's DIDs, X, Y, Z the other parties. */
export const N = {
  A: '+918041101234', B: '+918041105678', X: '+919845011111', Y: '+919845022222', Z: '+919999999999',
} as const;

/**
 * Twelve calls of one customer, labelled 1-12, whose expected filter results are written by hand
 * in the tests. Newest first they are 10, 8, 7, 6, 5, 4, 3, 2, 1, 9, 11, 12.
 * Durations (ring + talk): 1:35 2:25 3:123 4:4 5:10 6:3 7:608 8:7 9:50 10:30 11:62 12:2.
 */
export function scenarioCalls(account: Credentials, trunks: { t1: string; t2: string }) {
  const call = (label: number, shape: CallShape) =>
    [label, cdrRow({ account, sip_call_id: `call-${label}@sip.test`, ...shape })] as const;
  return new Map<number, Record<string, unknown>>([
    call(1, { start: '2026-07-01T09:00:00Z', talk: 30, ring: 5, from: N.A, to: N.X, trunk_id: trunks.t1 }),
    call(2, { start: '2026-07-01T10:00:00Z', talk: null, ring: 25, from: N.A, to: N.Y, trunk_id: trunks.t1 }),
    call(3, { start: '2026-07-02T11:00:00Z', talk: 120, ring: 3, direction: 'inbound', from: N.X, to: N.A,
      trunk_id: trunks.t2, caller_id_name: 'Priya "PN" Nair, Sales' }),
    call(4, { start: '2026-07-02T12:00:00Z', talk: null, ring: 4, direction: 'inbound', from: N.Y, to: N.A,
      trunk_id: trunks.t2, cause: 'USER_BUSY' }),
    call(5, { start: '2026-07-03T08:00:00Z', talk: null, ring: 10, from: N.B, to: N.X, cause: 'ORIGINATOR_CANCEL' }),
    call(6, { start: '2026-07-03T09:00:00Z', talk: null, ring: 3, from: N.B, to: N.Y, cause: 'CALL_REJECTED' }),
    call(7, { start: '2026-07-10T10:00:00Z', talk: 600, ring: 8, from: N.A, to: N.X, trunk_id: trunks.t1,
      campaign_id: 'c-1', context: 'voice-api' }),
    call(8, { start: '2026-07-10T11:00:00Z', talk: 5, ring: 2, direction: 'inbound', from: N.Y, to: N.B,
      context: 'voice-api', bridge_uuid: 'br-1' }),
    call(9, { start: '2026-06-30T23:59:59Z', talk: 45, ring: 5, from: N.A, to: N.Y, cause: 'MEDIA_TIMEOUT' }),
    call(10, { start: '2026-07-15T10:00:00Z', talk: null, ring: 30, direction: 'inbound', from: N.X, to: N.A,
      trunk_id: trunks.t2 }),
    call(11, { start: '2026-06-15T10:00:00Z', talk: 61, ring: 1, from: N.A, to: N.X }),
    call(12, { start: '2026-05-20T10:00:00Z', talk: null, ring: 2, from: N.A, to: N.Z, cause: 'UNALLOCATED_NUMBER' }),
  ]);
}

export async function createTrunk(app: FastifyInstance, customer: Credentials, name: string): Promise<string> {
  const response = await app.inject({
    method: 'POST', url: `/api/v1/Account/${customer.authId}/trunks`,
    headers: { 'x-auth-id': customer.authId, 'x-auth-token': customer.token }, payload: { name },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().trunk_id;
}

export interface WireCdr {
  uuid: string;
  start_time: string;
  answer_time: string | null;
  duration: number;
  billsec: number;
  billable_seconds: number;
  cost: number;
  shortfall: number;
  [field: string]: unknown;
}

/** The summary block recomputed from the rows themselves (money in 10^-5 units, exactly). */
export function recomputeSummary(rows: WireCdr[]) {
  const units = (value: number) => Math.round(value * 100_000);
  const answered = rows.filter((row) => row.answer_time !== null);
  const billsec = answered.reduce((sum, row) => sum + row.billsec, 0);
  return {
    totalCalls: rows.length,
    answeredCalls: answered.length,
    answerRate: rows.length === 0 ? 0 : Math.round((answered.length / rows.length) * 10_000) / 100,
    avgCallDuration: `${answered.length === 0 ? 0 : Math.round(billsec / answered.length)}s`,
    total_duration_seconds: rows.reduce((sum, row) => sum + row.duration, 0),
    total_billable_seconds: rows.reduce((sum, row) => sum + row.billable_seconds, 0),
    total_cost: rows.reduce((sum, row) => sum + units(row.cost), 0) / 100_000,
    total_shortfall: rows.reduce((sum, row) => sum + units(row.shortfall), 0) / 100_000,
    last_call_at: rows.length === 0 ? '' : rows.map((row) => row.start_time).sort().at(-1)!,
  };
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') { row.push(field); field = ''; } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field); rows.push(row); row = []; field = ''; i += 1;
    } else field += char;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}
