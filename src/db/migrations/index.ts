/**
 * The ordered list of migrations. Static imports (rather than reading the folder) keep the
 * list explicit and work the same under tsx, bundlers and tests. Append; never edit or reorder.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001_create_partners_and_accounts';
import * as m0002 from './0002_create_ledger';
import * as m0003 from './0003_create_transfer_function';
import * as m0004 from './0004_create_idempotency_keys';
import * as m0010 from './0010_create_kyc_sessions';
import * as m0011 from './0011_create_webhooks';
import * as m0012 from './0012_create_outbound_emails';
import * as m0020 from './0020_create_phone_numbers';
import * as m0021 from './0021_create_sip_trunks';
import * as m0022 from './0022_create_capacity_pools';
import * as m0030 from './0030_create_pricing_tiers';
import * as m0031 from './0031_create_cdrs';
import * as m0032 from './0032_create_cdr_daily_rollups';
import * as m0033 from './0033_tune_cdr_daily_rollups';
import * as m0034 from './0034_add_answered_sums_to_cdr_daily_rollups';
import * as m0035 from './0035_tune_cdrs_for_ingestion';
import * as m0040 from './0040_create_sub_accounts';
import * as m0041 from './0041_create_kyc_verifications';
import * as m0042 from './0042_add_sub_account_to_cdrs';
import * as m0043 from './0043_add_sub_accounts_to_kyc_sessions';
import * as m0045 from './0045_create_channel_subscriptions';
import * as m0046 from './0046_create_did_assignment_audit';
import * as m0050 from './0050_create_edge_calls';
import * as m0060 from './0060_create_console_sessions';
import * as m0070 from './0070_redact_idempotency_replay_tokens';
import * as m0071 from './0071_create_job_worker_heartbeats';
import * as m0072 from './0072_add_circuit_breakers_to_webhook_endpoints';
import * as m0073 from './0073_notify_credential_changes';
import * as m0080 from './0080_redact_ended_kyc_links';
import * as m0081 from './0081_create_cdr_export_leases';
import * as m0090 from './0090_add_test_to_webhook_events';
import * as m0095 from './0095_add_branding_to_partners';
import * as m0100 from './0100_create_edge_cache_views';
import * as m0103 from './0103_create_edge_admit_call_function';
import * as m0106 from './0106_add_call_events_to_webhooks';
import * as m0110 from './0110_add_sub_accounts_to_trunk_resources';
import * as m0113 from './0113_create_number_hourly_rollups';
import * as m0114 from './0114_create_number_rollup_batches';
import * as m0119 from './0119_create_rate_limit_windows';
import * as m0120 from './0120_append_number_hourly_rollups';
import * as m0130 from './0130_replay_refusals_across_edge_restarts';
import * as m0140 from './0140_add_webhook_lease_holders';
import * as m0145 from './0145_refuse_sub_accounts_calls_at_the_edge';

export const migrations: Record<string, Migration> = {
  '0001_create_partners_and_accounts': m0001,
  '0002_create_ledger': m0002,
  '0003_create_transfer_function': m0003,
  '0004_create_idempotency_keys': m0004,
  '0010_create_kyc_sessions': m0010,
  '0011_create_webhooks': m0011,
  '0012_create_outbound_emails': m0012,
  '0020_create_phone_numbers': m0020,
  '0021_create_sip_trunks': m0021,
  '0022_create_capacity_pools': m0022,
  '0030_create_pricing_tiers': m0030,
  '0031_create_cdrs': m0031,
  '0032_create_cdr_daily_rollups': m0032,
  '0033_tune_cdr_daily_rollups': m0033,
  '0034_add_answered_sums_to_cdr_daily_rollups': m0034,
  '0035_tune_cdrs_for_ingestion': m0035,
  '0040_create_sub_accounts': m0040,
  '0041_create_kyc_verifications': m0041,
  '0042_add_sub_account_to_cdrs': m0042,
  '0043_add_sub_accounts_to_kyc_sessions': m0043,
  '0045_create_channel_subscriptions': m0045,
  '0046_create_did_assignment_audit': m0046,
  '0050_create_edge_calls': m0050,
  '0060_create_console_sessions': m0060,
  '0070_redact_idempotency_replay_tokens': m0070,
  '0071_create_job_worker_heartbeats': m0071,
  '0072_add_circuit_breakers_to_webhook_endpoints': m0072,
  '0073_notify_credential_changes': m0073,
  '0080_redact_ended_kyc_links': m0080,
  '0081_create_cdr_export_leases': m0081,
  '0090_add_test_to_webhook_events': m0090,
  '0095_add_branding_to_partners': m0095,
  '0100_create_edge_cache_views': m0100,
  '0103_create_edge_admit_call_function': m0103,
  '0106_add_call_events_to_webhooks': m0106,
  '0110_add_sub_accounts_to_trunk_resources': m0110,
  '0113_create_number_hourly_rollups': m0113,
  '0114_create_number_rollup_batches': m0114,
  '0119_create_rate_limit_windows': m0119,
  '0120_append_number_hourly_rollups': m0120,
  '0130_replay_refusals_across_edge_restarts': m0130,
  '0140_add_webhook_lease_holders': m0140,
  '0145_refuse_sub_accounts_calls_at_the_edge': m0145,
};
