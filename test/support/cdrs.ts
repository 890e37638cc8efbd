/**
 * CDR test helpers: valid ingest rows built field by field, ingestion over HTTP, and money for a
 * customer's wallet. Every CDR test builds its own rows; nothing is shared between files.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { type Credentials, creditPartner, operatorHeaders, transfer } from './factories';

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
) {
  await creditPartner(app, partner, amount);
  const response = await transfer(app, partner, customer, amount);
  expect(response.statusCode, response.body).toBe(200);
}
