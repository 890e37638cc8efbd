/**
 * The ingestion contract as OpenAPI shows it. The row schema documents the fields; it does not
 * validate them: domain/cdrs/ingest-rows.ts does, row by row, so one bad row is reported by its
 * index instead of refusing the batch.
 */
import { Type } from 'typebox';
import { CDR_INGEST_ROWS_MAX, CDR_NUMBER_LENGTH_MAX, CDR_TEXT_LENGTH_MAX } from '../../limits';
import { Nullable } from '../schemas/common';

const Text = (description: string, maxLength = CDR_TEXT_LENGTH_MAX) =>
  Type.Optional(Nullable(Type.String({ maxLength, description })));
const Time = (description: string) =>
  Type.String({ format: 'date-time', description, examples: ['2026-07-20T10:00:00Z'] });

export const IngestRow = Type.Object({
  uuid: Type.String({ format: 'uuid', description: 'The call; the idempotency key of ingestion' }),
  account_id: Type.Optional(Type.String({
    description: 'Customer auth id (MA_…); or trunk_id', examples: ['MA_E31MAU98'],
  })),
  trunk_id: Type.Optional(Type.String({
    format: 'uuid', description: "The customer's trunk; or account_id",
  })),
  sub_account_id: Type.Optional(Type.String({
    description: 'The sub-account (SA_…) the call is attributed to; its parent pays',
    examples: ['SA_67401KW8'],
  })),
  call_direction: Type.Union([Type.Literal('inbound'), Type.Literal('outbound')]),
  caller_id_name: Text('Caller name, if presented'),
  caller_id_number: Type.String({ maxLength: CDR_NUMBER_LENGTH_MAX, examples: ['+919845012345'] }),
  destination_number: Type.String({
    maxLength: CDR_NUMBER_LENGTH_MAX, examples: ['+918041101234'],
  }),
  context: Type.Optional(Type.Union(
    [Type.Literal('sip-trunking'), Type.Literal('voice-api')], { default: 'sip-trunking' })),
  start_time: Time('Call start (ringing included)'),
  answer_time: Type.Optional(Nullable(Time('Answer; null or absent when never answered'))),
  end_time: Time('Hangup'),
  progress_time: Type.Optional(Nullable(Time('Early media or ringing began'))),
  duration: Type.Integer({ minimum: 0, maximum: 86_400, description: 'start to end, seconds' }),
  billsec: Type.Integer({
    minimum: 0, maximum: 86_400, description: 'answer to end, seconds; 0 when unanswered',
  }),
  ring_time: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400 })),
  hangup_cause: Type.String({
    maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$', examples: ['NORMAL_CLEARING'],
  }),
  hangup_cause_code: Type.Optional(Type.Integer({
    description: 'Used only for causes dialtone does not know',
  })),
  hangup_disposition: Type.Optional(Nullable(Type.String({
    enum: ['send_bye', 'recv_bye', 'send_cancel', 'send_refuse'],
  }))),
  hangup_source: Text('Caller, Call recipient, Vobiz, Carrier, …', 32),
  failure_code: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 999_999 }))),
  failure_reason: Text('Why the call failed'),
  codec: Text('PCMU, PCMA, opus', 32),
  mos: Type.Optional(Nullable(Type.Number({ minimum: 1, maximum: 5 }))),
  jitter: Type.Optional(Nullable(Type.Number({ minimum: 0, description: 'milliseconds' }))),
  packet_loss: Type.Optional(Nullable(Type.Number({
    minimum: 0, maximum: 100, description: 'percent',
  }))),
  sip_call_id: Text('SIP Call-ID'),
  region: Text('Media region'),
  origination_region: Text(''),
  campaign_id: Text(''),
  customer_endpoint: Text(''),
  terminated_to: Text(''),
  bridge_uuid: Text(''),
  sip_user_agent: Text(''),
  network_addr: Text(''),
  carrier_ip: Text(''),
}, {
  description: 'One finished call. Cost fields are ignored: calls are rated from the pricing tier.',
});

export const IngestBody = Type.Array(IngestRow, {
  maxItems: CDR_INGEST_ROWS_MAX,
  description: 'A JSON array, or application/x-ndjson with one CDR per line; '
    + `at most ${CDR_INGEST_ROWS_MAX} rows`,
});

export const IngestResultBody = Type.Object({
  received: Type.Integer({ description: 'Rows in the request' }),
  accepted: Type.Integer({ description: 'New CDRs stored and charged' }),
  duplicates: Type.Integer({ description: 'Rows whose uuid was already stored: nothing changed' }),
  rejected: Type.Integer({ description: 'Rows refused; see errors' }),
  errors: Type.Array(Type.Object({
    index: Type.Integer({ description: 'Zero-based row (NDJSON: non-blank line) of the request' }),
    uuid: Nullable(Type.String()),
    field: Type.String(),
    message: Type.String(),
  })),
  charges: Type.Array(Type.Object({
    account_id: Type.String(),
    transaction_id: Nullable(Type.String({ description: 'The `call` debit of this batch' })),
    amount: Type.String({ description: 'Debited from the wallet (exact decimal)' }),
    shortfall: Type.String({ description: 'What the wallet could not pay' }),
    currency: Type.String(),
    calls: Type.Integer(),
  })),
});
