/**
 * A stored CDR as the API shows it: Vobiz's 43 fields (cdr-rows.ts CDR_FIELDS) plus
 * billable_seconds and shortfall (beyond Vobiz). Formatting happens in SQL (times as
 * "…T10:00:00Z", money as exact decimal text), so a page or an export batch goes to the wire
 * without a Date or a float made per field.
 */
import { sql } from 'kysely';
import type { CdrCallDetails } from './cdr-rows';

export interface CdrWireRow extends CdrCallDetails {
  id: string;
  uuid: string;
  account_id: string;
  call_direction: string;
  caller_id_name: string | null;
  caller_id_number: string;
  destination_number: string;
  context: string;
  region: string | null;
  origination_region: string | null;
  campaign_id: string | null;
  customer_endpoint: string | null;
  trunk_id: string | null;
  terminated_to: string | null;
  duration: number;
  billsec: number;
  ring_time: number;
  answer_time: string | null;
  start_time: string;
  end_time: string;
  progress_time: string | null;
  created_at: string;
  updated_at: string;
  cost: string;
  streaming_cost: string;
  total_cost: string;
  currency: string;
  billable_seconds: number;
  shortfall: string;
  /** The keyset position of this row ("…T10:00:00.000000Z"), not a wire field. */
  cursor_time: string;
}

const time = (column: string) =>
  `to_char(c.${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as ${column}`;

/** The select list over `cdrs c` joined to `accounts a` (for the MA_ auth id). */
export const CDR_WIRE_COLUMNS = sql.raw([
  'c.id::text as id', 'c.uuid::text as uuid', 'a.auth_id as account_id', 'c.call_direction',
  'c.caller_id_name', 'c.caller_id_number', 'c.destination_number', 'c.context', 'c.region',
  'c.origination_region', 'c.campaign_id', 'c.customer_endpoint', 'c.trunk_id::text as trunk_id',
  'c.terminated_to', 'c.duration', 'c.billsec', 'c.ring_time', time('answer_time'),
  time('start_time'), time('end_time'), time('progress_time'), time('created_at'),
  time('updated_at'), 'c.cost::text as cost', 'c.streaming_cost::text as streaming_cost',
  '(c.cost + c.streaming_cost)::text as total_cost', 'c.currency', 'c.mos', 'c.jitter',
  'c.packet_loss', 'c.codec', 'c.hangup_cause', 'c.hangup_cause_code', 'c.hangup_cause_name',
  'c.hangup_disposition', 'c.hangup_source', 'c.failure_code', 'c.failure_reason',
  'c.bridge_uuid', 'c.sip_call_id', 'c.sip_user_agent', 'c.network_addr', 'c.carrier_ip',
  'c.billable_seconds', 'c.shortfall::text as shortfall',
  `to_char(c.start_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_time`,
].join(', '));
