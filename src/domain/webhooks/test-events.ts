/**
 * Test events (`dialtone webhooks trigger`): the operator sends a partner's receiver a sample
 * event, shaped like the real one but naming no session, through the normal outbox: signed
 * with the partner's secret, retried on failure, in the partner's delivery log marked
 * `test: true` (and `"test": true` in the payload, so a receiver can ignore it).
 */
import type { Database } from '../../db/database';
import type { KycSessionStatus, KycWebhookEventType } from '../../db/schema';
import { invalidField } from '../errors';
import { assertSafeOutboundUrl, UnsafeUrlError } from '../net/url-guard';
import { getPartnerProfileByAuthId } from '../partners/partners';
import { recordWebhookEvent } from './webhook-events';

const SESSION_STATUS_OF_EVENT: Record<KycWebhookEventType, KycSessionStatus> = {
  'kyc.completed': 'kyc_completed',
  'kyc.failed': 'kyc_failed',
  'kyc.session_revoked': 'revoked',
  'kyc.session_expired': 'expired',
  // Sent only for sub-accounts' hosted KYC sessions.
  'kyc.initiated': 'link_ready',
  'kyc.submitted': 'in_progress',
};

export const WEBHOOK_EVENT_TYPES = Object.keys(SESSION_STATUS_OF_EVENT) as KycWebhookEventType[];

export interface TestEventInput {
  partnerAuthId: string;
  type: KycWebhookEventType;
  url: string;
  now: Date;
  allowPrivateUrls: boolean;
}

export async function sendTestWebhookEvent(
  db: Database,
  input: TestEventInput,
): Promise<{ eventId: string; deliveryId: string }> {
  try {
    await assertSafeOutboundUrl(input.url, { allowPrivate: input.allowPrivateUrls, field: 'url' });
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw invalidField(['body', 'url'], error.message, input.url);
    throw error;
  }
  const partner = await getPartnerProfileByAuthId(db, input.partnerAuthId);
  const sent = await db.transaction().execute((trx) => recordWebhookEvent(trx, {
    partnerId: partner.id,
    type: input.type,
    kycSessionId: null,
    payload: samplePayload(input.type, input.now),
    url: input.url,
    now: input.now,
    test: true,
  }));
  // With a URL a delivery is always recorded (as `gone` when the endpoint answered 410 before).
  return { eventId: sent.eventId, deliveryId: sent.deliveryId! };
}

function samplePayload(event: KycWebhookEventType, now: Date): Record<string, unknown> {
  const status = SESSION_STATUS_OF_EVENT[event];
  const at = now.toISOString();
  return {
    event, timestamp: at, test: true, session_id: null, account_auth_id: null,
    customer_email: null, kyc_type: null, status, session_status: status,
    reason: event === 'kyc.completed' ? null : 'test event', metadata: {}, verified_data: null,
    created_at: at, updated_at: at,
  };
}
